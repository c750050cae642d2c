using Microsoft.Extensions.Logging;

namespace Connectors.MtnMomo;

/// <summary>
/// What only MTN logs; requests, outcomes, tokens and rejected callbacks go through the kit's ConnectorLog. Never a
/// credential, a token or a body.
/// </summary>
internal static partial class MtnMomoLog
{
    [LoggerMessage(EventId = 7, Level = LogLevel.Information,
        Message = "MTN already has request to pay {Reference} (409): reading its status")]
    public static partial void DuplicateReference(this ILogger logger, string reference);
}
