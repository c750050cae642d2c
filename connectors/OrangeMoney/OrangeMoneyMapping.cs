using System.Text;
using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.OrangeMoney;

/// <summary>Canonical ↔ Orange wire conversions.</summary>
internal static class OrangeMoneyMapping
{
    /// <summary>The notifUrl query parameter naming the hub's reference (Orange's notification body carries no orderId).</summary>
    public const string ReferenceParameter = "ref";

    /// <summary>The notifUrl query parameter naming what the notification is about: payment, refund or payout.</summary>
    public const string SubjectParameter = "for";

    /// <summary>[S] Orange publishes no limit for <c>description</c>; longer text is cut here.</summary>
    public const int MaxDescriptionLength = 255;

    private const string CameroonCode = "+237";

    /// <summary>"+237699123456" → "699123456" (Orange's 9-digit local form); null when it is not a Cameroon mobile.</summary>
    public static string? ToLocalMsisdn(string? e164) =>
        e164 is { Length: 13 } && e164.StartsWith(CameroonCode, StringComparison.Ordinal) && IsLocalMsisdn(e164[4..])
            ? e164[4..]
            : null;

    /// <summary>Nine digits starting with 6: "699123456".</summary>
    public static bool IsLocalMsisdn(string? msisdn) =>
        msisdn is { Length: 9 } && msisdn[0] == '6' && msisdn.All(char.IsAsciiDigit);

    /// <summary>
    /// {callbackUrl}?ref={reference}&amp;for={payment|refund|payout}: the hub finds the object by its own reference, and
    /// the body's payToken is then checked against the object's connector data.
    /// </summary>
    public static string ToNotifUrl(Uri callbackUrl, CallbackSubject subject, string reference)
    {
        var url = callbackUrl.ToString();
        var separator = string.IsNullOrEmpty(callbackUrl.Query) ? '?' : '&';
        return $"{url}{separator}{ReferenceParameter}={Uri.EscapeDataString(reference)}&{SubjectParameter}={SubjectName(subject)}";
    }

    public static string SubjectName(CallbackSubject subject) => subject switch
    {
        CallbackSubject.Payment => "payment",
        CallbackSubject.Refund => "refund",
        CallbackSubject.Payout => "payout",
    };

    public static CallbackSubject? ParseSubject(string? name) => name switch
    {
        null or "payment" => CallbackSubject.Payment,
        "refund" => CallbackSubject.Refund,
        "payout" => CallbackSubject.Payout,
        _ => null,
    };

    /// <summary>The body of mp/pay or cashin/pay; amounts are XAF, which has no decimals ("5000").</summary>
    public static OrangeMoneyPayRequest ToPayRequest(OrangeMoneyOptions options, string notifUrl, Money amount,
        string subscriberMsisdn, string orderId, string? description, string payToken) => new()
    {
        NotifUrl = notifUrl,
        ChannelUserMsisdn = options.ChannelUserMsisdn,
        Amount = amount.ToMajorString(),
        SubscriberMsisdn = subscriberMsisdn,
        Pin = options.Pin,
        OrderId = orderId,
        Description = ToDescription(description) ?? orderId,
        PayToken = payToken,
    };

    /// <summary>Control characters become spaces, at most <see cref="MaxDescriptionLength"/>; null when nothing is left.</summary>
    public static string? ToDescription(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        var length = Math.Min(builder.Length, MaxDescriptionLength);
        if (length < builder.Length && char.IsHighSurrogate(builder[length - 1]))
        {
            length--;
        }

        return builder.ToString(0, length).TrimEnd();
    }

    /// <summary>The connector data of an object: <c>{"payToken":"MP…"}</c>.</summary>
    public static string ToData(string payToken) =>
        JsonSerializer.Serialize(new OrangeMoneyData { PayToken = payToken }, OrangeMoneyJsonContext.Default.OrangeMoneyData);

    /// <summary>The payToken in an object's connector data, or null when there is none (or it is not ours).</summary>
    public static string? PayTokenOf(string? data)
    {
        if (string.IsNullOrWhiteSpace(data))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(data, OrangeMoneyJsonContext.Default.OrangeMoneyData)?.PayToken is { Length: > 0 } token
                ? token
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>"Approve the prompt on +237699123456", for a pending payment.</summary>
    public static NextAction ApproveOnPhone(string e164) => new()
    {
        Type = NextActionType.ApproveOnPhone,
        Message = $"Approve the Orange Money prompt on {e164}",
    };

    /// <summary>An answer in our words for a payment; an undocumented status throws <see cref="UnknownProviderStatusException"/>.</summary>
    public static PaymentResult ToPaymentResult(OrangeMoneyAnswer answer, string? payerPhone)
    {
        var data = answer.PayToken is { } token ? ToData(token) : null;
        var result = answer switch
        {
            { Outcome: OperationOutcome.Completed, Transaction: { } t } => ToPaymentResult(t, answer.Message, payerPhone),
            { Outcome: OperationOutcome.Completed } => PaymentResult.Refused(answer.Refusal!, answer.ProviderStatus),
            { Outcome: OperationOutcome.NotSent } => PaymentResult.NotSent(answer.Detail!),
            { Outcome: OperationOutcome.NotFound } => PaymentResult.NotFound(answer.Detail!),
            _ => PaymentResult.Unknown(answer.Detail!),
        };
        return result with { ConnectorData = data };
    }

    /// <summary>An answer in our words for a refund or payout (a cashin).</summary>
    public static TransferResult ToTransferResult(OrangeMoneyAnswer answer)
    {
        var data = answer.PayToken is { } token ? ToData(token) : null;
        var result = answer switch
        {
            { Outcome: OperationOutcome.Completed, Transaction: { } t } => TransferResult.Known(
                OrangeMoneyStatusMap.ToTransferStatus(t.Status), t.Status, OrangeMoneyStatusMap.ToFailure(t, answer.Message),
                NullIfEmpty(t.TxnId)),
            { Outcome: OperationOutcome.Completed } => TransferResult.Known(TransferStatus.Failed, answer.ProviderStatus, answer.Refusal),
            { Outcome: OperationOutcome.NotSent } => TransferResult.NotSent(answer.Detail!),
            { Outcome: OperationOutcome.NotFound } => TransferResult.NotFound(answer.Detail!),
            _ => TransferResult.Unknown(answer.Detail!),
        };
        return result with { ConnectorData = data };
    }

    private static PaymentResult ToPaymentResult(OrangeMoneyTransaction transaction, string? message, string? payerPhone)
    {
        var status = OrangeMoneyStatusMap.ToPaymentStatus(transaction.Status);
        var phone = payerPhone ?? (IsLocalMsisdn(transaction.SubscriberMsisdn) ? CameroonCode + transaction.SubscriberMsisdn : null);
        var nextAction = status == PaymentStatus.Pending && phone is not null ? ApproveOnPhone(phone) : null;
        return PaymentResult.Known(status, transaction.Status, OrangeMoneyStatusMap.ToFailure(transaction, message), nextAction,
            NullIfEmpty(transaction.TxnId));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

/// <summary>
/// What Orange answered about one object, before it becomes a payment or a transfer result: a transaction, a
/// refusal without one, or no known outcome; with the payToken the object now has.
/// </summary>
internal sealed record OrangeMoneyAnswer
{
    public required OperationOutcome Outcome { get; init; }

    public OrangeMoneyTransaction? Transaction { get; init; }

    /// <summary>A refusal without a transaction (a 4xx, a WSO2 fault, refused credentials).</summary>
    public Failure? Refusal { get; init; }

    public string? ProviderStatus { get; init; }

    /// <summary>The reply's top-level message (where a 417 names its code).</summary>
    public string? Message { get; init; }

    public string? Detail { get; init; }

    public string? PayToken { get; init; }

    public static OrangeMoneyAnswer Of(OrangeMoneyTransaction transaction, string? message, string payToken) =>
        new() { Outcome = OperationOutcome.Completed, Transaction = transaction, Message = message, PayToken = payToken };

    public static OrangeMoneyAnswer Refused(Failure failure, string? payToken, string? providerStatus = null) =>
        new() { Outcome = OperationOutcome.Completed, Refusal = failure, PayToken = payToken, ProviderStatus = providerStatus };

    public static OrangeMoneyAnswer Unknown(string detail, string? payToken) =>
        new() { Outcome = OperationOutcome.Unknown, Detail = detail, PayToken = payToken };

    public static OrangeMoneyAnswer NotSent(string detail, string? payToken) =>
        new() { Outcome = OperationOutcome.NotSent, Detail = detail, PayToken = payToken };

    public static OrangeMoneyAnswer NotFound(string detail, string? payToken) =>
        new() { Outcome = OperationOutcome.NotFound, Detail = detail, PayToken = payToken };
}
