using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Idempotency;

/// <summary>
/// Forgets idempotency keys past their retention (48 h by default; API.md promises at least 24 h), in batches, from
/// any instance. A forgotten key is released on its payment too, so it may name a new payment afterwards instead of
/// silently returning an old one.
/// </summary>
internal sealed partial class IdempotencyJanitor(
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    IOptions<HubOptions> options,
    ILogger<IdempotencyJanitor> logger) : Common.PeriodicCleanup(clock, options.Value.IdempotencyCleanupInterval)
{
    private const int BatchSize = 1000;

    // One statement: the records go and their payments let go of the key together.
    private const string ForgetSql = """
        WITH gone AS (
            DELETE FROM idempotency_records
            WHERE (merchant_id, livemode, key) IN (
                SELECT merchant_id, livemode, key FROM idempotency_records WHERE expires_at <= @now
                ORDER BY expires_at LIMIT @batch FOR UPDATE SKIP LOCKED)
            RETURNING merchant_id, livemode, key)
        UPDATE payments p SET idempotency_key = NULL
        FROM gone WHERE p.merchant_id = gone.merchant_id AND p.livemode = gone.livemode AND p.idempotency_key = gone.key
        """;

    private const string CountSql = "SELECT count(*) FROM idempotency_records WHERE expires_at <= @now";

    /// <summary>Forgets every expired key; returns how many records remained expired before the run.</summary>
    public override async Task<long> RunOnceAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        long expired;
        await using (var count = dataSource.CreateCommand(CountSql))
        {
            count.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            expired = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        for (var left = expired; left > 0; left -= BatchSize)
        {
            await using var forget = dataSource.CreateCommand(ForgetSql);
            forget.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
            forget.Parameters.AddWithValue("batch", BatchSize);
            await forget.ExecuteNonQueryAsync(ct);
        }

        if (expired > 0)
        {
            LogForgot(expired);
        }

        return expired;
    }

    protected override void OnRunFailed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot {Count} expired idempotency keys")]
    private partial void LogForgot(long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forgetting expired idempotency keys failed; the next run tries again")]
    private partial void LogFailed(Exception exception);
}
