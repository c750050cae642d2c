using WireMock.Logging;
using WireMock.Server;

namespace Hub.Tests;

/// <summary>
/// WireMock writes a request's log entry once its reply is done: a request a timeout fault holds appears only after
/// the client gave up and the hold ended, a moment after the hub already answered. Counting it right away races
/// with that; these wait (bounded) for the count to reach what the test expects, then return the real count.
/// </summary>
internal static class HeldRequests
{
    public static async Task<int> CountAsync(WireMockServer server, Func<ILogEntry, bool> match, int atLeast)
    {
        for (var i = 0; i < 200 && server.LogEntries.Count(match) < atLeast; i++)
        {
            await Task.Delay(25);
        }

        return server.LogEntries.Count(match);
    }
}
