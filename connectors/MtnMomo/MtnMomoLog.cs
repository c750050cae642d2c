using Microsoft.Extensions.Logging;

namespace Connectors.MtnMomo;

/// <summary>
/// What only MTN logs; requests, outcomes, tokens and rejected callbacks go through the kit's ConnectorLog. Never a
/// credential, a token or a body.
/// </summary>
internal static partial class MtnMomoLog
{
    [LoggerMessage(EventId = 7, Level = LogLevel.Information,
        Message = "MTN already has {Operation} {Reference} (409): reading its status")]
    public static partial void DuplicateReference(this ILogger logger, string operation, string reference);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information,
        Message = "MTN account holder {MaskedPhone} (account {AccountId}): {Outcome}, active {IsActive}")]
    public static partial void AccountHolder(this ILogger logger, string maskedPhone, string accountId, string outcome,
        bool isActive);
}
