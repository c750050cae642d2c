using Microsoft.Extensions.Logging;

namespace Connectors.MtnMomo;

/// <summary>
/// Everything the connector logs, field by field: references, masked phones, statuses and HTTP codes. Never a
/// credential, a token or a body.
/// </summary>
internal static partial class MtnMomoLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "MTN request to pay {Reference}: {Amount} {Currency} from {MaskedPhone} (account {AccountId})")]
    public static partial void RequestingPayment(this ILogger logger, string reference, string amount, string currency,
        string maskedPhone, string accountId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "MTN request to pay {Reference} is {Status} (reason {ProviderCode})")]
    public static partial void PaymentAnswered(this ILogger logger, string reference, string status,
        string? providerCode);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "MTN call for {Reference} ended without a known outcome ({Outcome}): {Detail}")]
    public static partial void CallOutcomeNotKnown(this ILogger logger, string reference, string outcome, string detail);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information,
        Message = "MTN refused the access token for {Reference} (401): fetching a new one and sending once more")]
    public static partial void TokenRejected(this ILogger logger, string reference);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "MTN issued a {Product} token for account {AccountId}, valid {LifetimeSeconds} s")]
    public static partial void TokenIssued(this ILogger logger, string product, string accountId, long lifetimeSeconds);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "MTN gave no {Product} token for account {AccountId}: {Detail}")]
    public static partial void TokenFailed(this ILogger logger, string product, string accountId, string detail);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information,
        Message = "MTN already has request to pay {Reference} (409): reading its status")]
    public static partial void DuplicateReference(this ILogger logger, string reference);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning,
        Message = "MTN callback rejected: {Detail}")]
    public static partial void CallbackRejected(this ILogger logger, string detail);
}
