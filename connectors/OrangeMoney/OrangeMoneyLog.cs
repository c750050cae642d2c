using Microsoft.Extensions.Logging;

namespace Connectors.OrangeMoney;

/// <summary>
/// What only Orange logs; requests, outcomes, tokens and rejected callbacks go through the kit's ConnectorLog. Never a
/// credential, a token, a PIN, a payToken or a body.
/// </summary>
internal static partial class OrangeMoneyLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Orange Money {Reference} resumed: the saved payToken is {Status} at Orange, nothing pushed again")]
    public static partial void ResumedExisting(this ILogger logger, string reference, string status);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Orange Money {Reference} resumed: the saved payToken is still INITIATED, pushing it (same payToken)")]
    public static partial void ResumedPush(this ILogger logger, string reference);
}
