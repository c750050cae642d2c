using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Checkout;

/// <summary>
/// Settles the open checkout sessions nobody is looking at, so their events leave on time: past <c>expiresAt</c> with
/// no payment under way → <c>expired</c> (<c>checkout_session.expired</c>), with a paid payment → <c>complete</c>
/// (<c>checkout_session.completed</c>), exactly as a read of the session or its page settles it
/// (<see cref="CheckoutSessionService.SettleAsync"/>). Every <c>Hub:CheckoutSweepInterval</c> (30 s) on the hub's
/// clock, from any instance: two settling one session race on its row version and one event is written.
/// </summary>
internal sealed partial class CheckoutSweeper(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<HubOptions> options,
    ILogger<CheckoutSweeper> logger) : Common.PeriodicCleanup(clock, options.Value.CheckoutSweepInterval)
{
    private const int BatchSize = 200;

    private const string DueSql = $"""
        SELECT s.id FROM checkout_sessions s LEFT JOIN payments p ON p.id = s.payment_id
        WHERE s.status = '{CheckoutStatus.Open}'
          AND (s.expires_at <= @now OR p.status IN ('paid', 'refunded', 'chargedback'))
        ORDER BY s.expires_at
        LIMIT @batch
        """;

    /// <summary>One pass over at most 200 due sessions; returns how many were due.</summary>
    public override async Task<long> RunOnceAsync(CancellationToken ct)
    {
        var due = new List<Guid>();
        await using (var command = dataSource.CreateCommand(DueSql))
        {
            command.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, Clock.GetUtcNow());
            command.Parameters.AddWithValue("batch", BatchSize);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                due.Add(reader.GetGuid(0));
            }
        }

        foreach (var id in due)
        {
            // Its own scope each: the visitor puts the session's merchant in scope, as for the page.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CheckoutVisitor>()
                .OpenAsync(Common.PublicId.Format(Common.PublicId.CheckoutSession, id), ct);
        }

        if (due.Count > 0)
        {
            LogSwept(due.Count);
        }

        return due.Count;
    }

    protected override void OnRunFailed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Settled {Count} checkout sessions nobody was reading")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settling due checkout sessions failed; the next run tries again")]
    private partial void LogFailed(Exception exception);
}
