using System.Security.Cryptography;
using System.Text;
using Connectors.Abstractions;

namespace Connectors.MtnMomo;

/// <summary>Canonical ↔ MTN wire conversions.</summary>
internal static class MtnMomoMapping
{
    /// <summary>MTN cuts payerMessage and payeeNote at 160 characters.</summary>
    public const int MaxMessageLength = 160;

    /// <summary>
    /// A UUID v4 derived from the hub's id: the first 16 bytes of SHA-256(id) with the version and RFC 4122 variant
    /// bits set. The same payment always gets the same X-Reference-Id, so a resend after a crash is a duplicate MTN
    /// recognises (409) rather than a second debit.
    /// </summary>
    public static string ProviderReference(string objectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(objectId), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    /// <summary>A canonical reference ("D", lower case) from text, or null when it is not a UUID.</summary>
    public static string? NormalizeReference(string? text) =>
        Guid.TryParse(text, out var guid) ? guid.ToString("D") : null;

    /// <summary>"+237671234567" → "237671234567"; null when it is not E.164.</summary>
    public static string? ToMsisdn(string? e164)
    {
        if (e164 is null || e164.Length < 2 || e164[0] != '+')
        {
            return null;
        }

        var digits = e164[1..];
        return digits.Length is >= 8 and <= 15 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>The body of a request to pay. The reference travels in X-Reference-Id, never in the body.</summary>
    public static MtnMomoRequestToPayRequest ToRequestToPay(CreatePaymentRequest request, string msisdn)
    {
        var message = ToMessage(request.Description) ?? request.PaymentId;
        return new MtnMomoRequestToPayRequest
        {
            Amount = request.Amount.ToMajorString(),
            Currency = request.Amount.Currency.Code,
            ExternalId = request.PaymentId,
            Payer = new MtnMomoParty { PartyIdType = "MSISDN", PartyId = msisdn },
            PayerMessage = message,
            PayeeNote = message,
        };
    }

    /// <summary>The body of a transfer (payout) to <paramref name="msisdn"/>.</summary>
    public static MtnMomoTransferRequest ToTransfer(PayoutRequest request, string msisdn)
    {
        var message = ToMessage(request.Description) ?? request.PayoutId;
        return new MtnMomoTransferRequest
        {
            Amount = request.Amount.ToMajorString(),
            Currency = request.Amount.Currency.Code,
            ExternalId = request.PayoutId,
            Payee = new MtnMomoParty { PartyIdType = "MSISDN", PartyId = msisdn },
            PayerMessage = message,
            PayeeNote = message,
        };
    }

    /// <summary>The body of a refund of the request to pay whose X-Reference-Id was the payment's provider reference.</summary>
    public static MtnMomoRefundRequest ToRefund(RefundRequest request)
    {
        var message = ToMessage(request.Reason) ?? request.RefundId;
        return new MtnMomoRefundRequest
        {
            Amount = request.Amount.ToMajorString(),
            Currency = request.Amount.Currency.Code,
            ExternalId = request.RefundId,
            PayerMessage = message,
            PayeeNote = message,
            ReferenceIdToRefund = request.PaymentProviderReference,
        };
    }

    /// <summary>
    /// Free text MTN accepts: an '&amp;' gets a 400, so it becomes "and"; control characters become spaces; at most
    /// 160 characters, never cutting a surrogate pair. Null when nothing is left.
    /// </summary>
    public static string? ToMessage(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            if (c == '&')
            {
                builder.Append("and");
            }
            else
            {
                builder.Append(char.IsControl(c) ? ' ' : c);
            }
        }

        var length = Math.Min(builder.Length, MaxMessageLength);
        if (length < builder.Length && char.IsHighSurrogate(builder[length - 1]))
        {
            length--;
        }

        return builder.ToString(0, length).TrimEnd();
    }

    /// <summary>
    /// {callbackUrl}?ref={reference}: MTN's callback body carries no reference, so the URL brings it back; a refund's
    /// or payout's adds &amp;subject=refund|payout (the body does not tell them apart from a payment either).
    /// </summary>
    public static string ToCallbackUrl(Uri callbackUrl, string reference, CallbackSubject subject = CallbackSubject.Payment)
    {
        var url = callbackUrl.ToString();
        var separator = string.IsNullOrEmpty(callbackUrl.Query) ? '?' : '&';
        var kind = subject switch
        {
            CallbackSubject.Refund => "&subject=refund",
            CallbackSubject.Payout => "&subject=payout",
            _ => "",
        };
        return $"{url}{separator}ref={Uri.EscapeDataString(reference)}{kind}";
    }

    /// <summary>"Approve the prompt on +237671234567", for a pending payment.</summary>
    public static NextAction ApproveOnPhone(string e164) => new()
    {
        Type = NextActionType.ApproveOnPhone,
        Message = $"Approve the prompt on {e164}",
    };

    /// <summary>
    /// A status reply in our words. An unknown status throws <see cref="UnknownProviderStatusException"/>.
    /// A pending reply carries the approve-on-phone step for the payer in it.
    /// </summary>
    public static PaymentResult ToPaymentResult(MtnMomoRequestToPayStatus reply)
    {
        var status = MtnMomoStatusMap.ToPaymentStatus(reply.Status, reply.Reason?.Code);
        var nextAction = status == PaymentStatus.Pending && reply.Payer?.PartyId is { Length: > 0 } partyId
            && reply.Payer.PartyIdType is null or "MSISDN"
            ? ApproveOnPhone("+" + partyId)
            : null;
        return PaymentResult.Known(status, reply.Status, MtnMomoStatusMap.ToFailure(reply.Status, reply.Reason),
            nextAction, string.IsNullOrEmpty(reply.FinancialTransactionId) ? null : reply.FinancialTransactionId);
    }

    /// <summary>A transfer's or refund's status reply in our words; an unknown status throws.</summary>
    public static TransferResult ToTransferResult(MtnMomoRequestToPayStatus reply) =>
        TransferResult.Known(MtnMomoStatusMap.ToTransferStatus(reply.Status), reply.Status,
            MtnMomoStatusMap.ToFailure(reply.Status, reply.Reason),
            string.IsNullOrEmpty(reply.FinancialTransactionId) ? null : reply.FinancialTransactionId);
}
