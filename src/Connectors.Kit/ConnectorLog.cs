using Connectors.Abstractions;
using Microsoft.Extensions.Logging;

namespace Connectors.Kit;

/// <summary>
/// The one set of outcome log lines every connector writes: requesting, answered, not known, callback rejected, and the
/// token lines. Field by field: references, masked phones, statuses and codes; never a credential, a token, a body or
/// a full phone number (phones are masked here, so a connector cannot forget).
/// </summary>
public static partial class ConnectorLog
{
    /// <summary>"MTN request to pay {reference}: 5000 XAF from +237******567 (account ca_…)".</summary>
    public static void Requesting(this ILogger logger, string provider, string operation, string reference, Money amount,
        string? phone, string accountId) =>
        RequestingCore(logger, provider, operation, reference, amount.ToMajorString(), amount.Currency.Code,
            Masking.Phone(phone), accountId);

    /// <summary>Logs a payment result: answered when known, otherwise not known with its detail.</summary>
    public static void Outcome(this ILogger logger, string provider, string reference, PaymentResult result)
    {
        KitTelemetry.Answered(provider, reference, result.Outcome.ToString(), result.ProviderStatus);
        if (result.Outcome == OperationOutcome.Completed)
        {
            Answered(logger, provider, reference, result.Status?.ToApiString() ?? "", result.Failure?.ProviderCode);
        }
        else
        {
            NotKnown(logger, provider, reference, result.Outcome.ToString(), result.Detail ?? "");
        }
    }

    /// <summary>Logs a refund or payout result.</summary>
    public static void Outcome(this ILogger logger, string provider, string reference, TransferResult result)
    {
        KitTelemetry.Answered(provider, reference, result.Outcome.ToString(), result.ProviderStatus);
        if (result.Outcome == OperationOutcome.Completed)
        {
            Answered(logger, provider, reference, result.Status?.ToString() ?? "", result.Failure?.ProviderCode);
        }
        else
        {
            NotKnown(logger, provider, reference, result.Outcome.ToString(), result.Detail ?? "");
        }
    }

    /// <summary>Logs a rejected callback (the detail never carries a secret or a signature).</summary>
    public static void CallbackRejected(this ILogger logger, string provider, CallbackVerification.Rejected rejected) =>
        CallbackRejectedCore(logger, provider, rejected.Reason.ToString(), rejected.Detail);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "{Provider} {Operation} {Reference}: {Amount} {Currency} from {MaskedPhone} (account {AccountId})")]
    private static partial void RequestingCore(ILogger logger, string provider, string operation, string reference,
        string amount, string currency, string maskedPhone, string accountId);

    /// <summary>The provider answered; the status and the raw reason code.</summary>
    [LoggerMessage(EventId = 9002, Level = LogLevel.Information,
        Message = "{Provider} {Reference} is {Status} (reason {ProviderCode})")]
    public static partial void Answered(this ILogger logger, string provider, string reference, string status,
        string? providerCode);

    /// <summary>The call ended without a known outcome (unknown, not sent, not found).</summary>
    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning,
        Message = "{Provider} call for {Reference} ended without a known outcome ({Outcome}): {Detail}")]
    public static partial void NotKnown(this ILogger logger, string provider, string reference, string outcome, string detail);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "{Provider} callback rejected ({Reason}): {Detail}")]
    private static partial void CallbackRejectedCore(ILogger logger, string provider, string reason, string detail);

    /// <summary>The provider refused the access token (401): one fresh token, one resend.</summary>
    [LoggerMessage(EventId = 9005, Level = LogLevel.Information,
        Message = "{Provider} refused the access token for {Reference} (401): fetching a new one and sending once more")]
    public static partial void TokenRejected(this ILogger logger, string provider, string reference);

    /// <summary>A token was issued.</summary>
    [LoggerMessage(EventId = 9006, Level = LogLevel.Information,
        Message = "{Provider} issued a {Scope} token for account {AccountId}, valid {LifetimeSeconds} s")]
    public static partial void TokenIssued(this ILogger logger, string provider, string scope, string accountId, long lifetimeSeconds);

    /// <summary>No token was issued.</summary>
    [LoggerMessage(EventId = 9007, Level = LogLevel.Warning,
        Message = "{Provider} gave no {Scope} token for account {AccountId}: {Detail}")]
    public static partial void TokenFailed(this ILogger logger, string provider, string scope, string accountId, string detail);
}
