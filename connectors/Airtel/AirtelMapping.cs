using System.Globalization;
using System.Net;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Airtel;

/// <summary>Canonical ↔ Airtel conversions: phones, amounts, request bodies and replies.</summary>
internal static class AirtelMapping
{
    /// <summary>Rwanda's country code: the msisdn goes without it.</summary>
    private const string RwandaPrefix = "+250";

    /// <summary>"+250733123456" → "733123456"; null for a number that is not a Rwandan mobile (+2507XXXXXXXX).</summary>
    public static string? ToMsisdn(string? e164)
    {
        if (e164 is null || !e164.StartsWith(RwandaPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var local = e164[RwandaPrefix.Length..];
        return local.Length == 9 && local[0] == '7' && local.All(char.IsAsciiDigit) ? local : null;
    }

    /// <summary>The amount as Airtel takes it: a number in major units (5000 RWF is 5000).</summary>
    public static decimal ToAmount(Money amount) => decimal.Parse(amount.ToMajorString(), NumberStyles.AllowDecimalPoint,
        CultureInfo.InvariantCulture);

    /// <summary>The push's body; <c>reference</c> is the hub's free text (the payer sees it), else the payment id.</summary>
    public static AirtelCollectionRequest ToCollection(CreatePaymentRequest request, AirtelOptions options, string msisdn) => new(
        string.IsNullOrWhiteSpace(request.Description) ? request.PaymentId : request.Description,
        new AirtelSubscriber(options.Country, options.Currency, msisdn),
        new AirtelPaymentTransaction(ToAmount(request.Amount), options.Country, options.Currency, request.ProviderReference));

    /// <summary>"Approve the Airtel Money prompt on +250733123456", for a pending payment.</summary>
    public static NextAction ApproveOnPhone(string e164) => new()
    {
        Type = NextActionType.ApproveOnPhone,
        Message = $"Approve the Airtel Money prompt on {e164}",
    };

    /// <summary>
    /// A payment's status from a status reply or an accepted push (2xx): the transaction's TIP/TA/TS/TF when it has one,
    /// else the DP code (the push's DP00800001006). Throws <see cref="UnknownProviderStatusException"/> for neither.
    /// </summary>
    public static PaymentResult ToPaymentResult(AirtelCall call, string? phone)
    {
        if (call.IsNotFound)
        {
            return PaymentResult.NotFound($"Airtel has no such transaction ({call.Describe()})");
        }

        var transaction = call.Transaction;
        var code = call.ResponseCode ?? transaction?.Code;
        PaymentStatus status;
        string? providerStatus;
        if (!AirtelStatusMap.IsAcceptedWord(transaction?.Status))
        {
            // TIP, TA, TS, TF, or a word no map knows (which throws).
            providerStatus = transaction!.Status;
            status = AirtelStatusMap.ToPaymentStatus(providerStatus, code);
        }
        else
        {
            providerStatus = code;
            status = AirtelStatusMap.Collection(code) switch
            {
                { Kind: AirtelCodeKind.InProcess } => PaymentStatus.Pending,
                { Kind: AirtelCodeKind.Ambiguous } => PaymentStatus.Processing,
                { Kind: AirtelCodeKind.Success } => PaymentStatus.Paid,
                { Kind: AirtelCodeKind.Failure, Failure: FailureCode.Expired } => PaymentStatus.Expired,
                { Kind: AirtelCodeKind.Failure } => PaymentStatus.Failed,
                _ => throw new UnknownProviderStatusException(AirtelConnector.Id, transaction?.Status ?? code),
            };
        }

        var failure = status is PaymentStatus.Failed or PaymentStatus.Expired
            ? FailureMessages.Failure(AirtelStatusMap.FailureOf(code), code ?? providerStatus)
            : null;
        var nextAction = status == PaymentStatus.Pending && phone is not null ? ApproveOnPhone(phone) : null;
        return PaymentResult.Known(status, providerStatus, failure, nextAction, NullIfEmpty(transaction?.AirtelMoneyId)) with
        {
            ConnectorData = transaction?.AirtelMoneyId is { Length: > 0 } id ? new AirtelObjectData { AirtelMoneyId = id }.Serialize() : null,
        };
    }

    /// <summary>
    /// A refused money-moving call (4xx, or a 2xx with <c>"success":false</c>): the DP code's failure when it has one,
    /// else provider_error with the ESB code; null when the reply carries no code Airtel documents (unknown outcome).
    /// </summary>
    public static Failure? ToRefusal(AirtelCall call)
    {
        var code = call.ResponseCode;
        if ((AirtelStatusMap.Collection(code) ?? AirtelStatusMap.Disbursement(code)) is { Kind: AirtelCodeKind.Failure, Failure: { } failure })
        {
            return FailureMessages.Failure(failure, code);
        }

        if (AirtelStatusMap.Esb(call.ResultCode) is { } and not AirtelEsbResult.Success)
        {
            return FailureMessages.Failure(FailureCode.ProviderError, call.ResultCode);
        }

        return (int)call.Status is >= 400 and < 500 && call.Reply is null
            ? FailureMessages.Failure(FailureCode.ProviderError, $"HTTP_{(int)call.Status}")
            : null;
    }

    /// <summary>How a money-moving call that got Airtel's answer ended, before its transaction is read.</summary>
    public static CreateReply Classify(AirtelCall call)
    {
        var status = (int)call.Status;
        if (call.ResultCode == AirtelStatusMap.DuplicateCode)
        {
            return CreateReply.Duplicate;
        }

        if (status >= 500 || call.Status == HttpStatusCode.RequestTimeout)
        {
            return CreateReply.Unknown;
        }

        if (call.Status is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized)
        {
            // Throttled, or a token refused twice: the gateway did not pass the call on.
            return CreateReply.NotTaken;
        }

        if (call.Succeeded)
        {
            return CreateReply.Accepted;
        }

        return status is >= 200 and < 300 && call.Reply?.Status is null ? CreateReply.Unknown : CreateReply.Refused;
    }

    /// <summary>A refund's or payout's status from Airtel's reply: its transaction status, else the DP code.</summary>
    public static TransferResult ToTransferResult(AirtelCall call)
    {
        if (call.IsNotFound)
        {
            return TransferResult.NotFound($"Airtel has no such transaction ({call.Describe()})");
        }

        var transaction = call.Transaction;
        var code = call.ResponseCode;
        string? providerStatus = transaction?.Status;
        TransferStatus status;
        if (!AirtelStatusMap.IsAcceptedWord(providerStatus) || providerStatus == AirtelStatusMap.RefundSuccess)
        {
            status = AirtelStatusMap.ToTransferStatus(providerStatus);
        }
        else
        {
            providerStatus = code;
            status = (AirtelStatusMap.Disbursement(code) ?? AirtelStatusMap.Collection(code)) switch
            {
                // Accepted without a transaction status: the status query tells when the money moved.
                { Kind: AirtelCodeKind.Success or AirtelCodeKind.InProcess } => TransferStatus.Pending,
                { Kind: AirtelCodeKind.Ambiguous } => TransferStatus.Processing,
                { Kind: AirtelCodeKind.Failure } => TransferStatus.Failed,
                _ => throw new UnknownProviderStatusException(AirtelConnector.Id, transaction?.Status ?? code),
            };
        }

        var failure = status == TransferStatus.Failed ? FailureMessages.Failure(AirtelStatusMap.FailureOf(code), code ?? providerStatus) : null;
        return TransferResult.Known(status, providerStatus, failure, NullIfEmpty(transaction?.AirtelMoneyId));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}

/// <summary>How a money-moving call that Airtel answered ended.</summary>
internal enum CreateReply
{
    /// <summary>2xx, success: read the transaction.</summary>
    Accepted,

    /// <summary>ESB000041: the id exists; its status is the answer (GET), never a second charge.</summary>
    Duplicate,

    /// <summary>A business refusal (4xx or success false).</summary>
    Refused,

    /// <summary>Throttled or a twice-refused token: Airtel did not take it.</summary>
    NotTaken,

    /// <summary>A 5xx, a timeout status, an unreadable 2xx: reconcile.</summary>
    Unknown,
}
