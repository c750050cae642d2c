using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Callbacks;

/// <summary>
/// Keeps the callback log for its retention (<c>Hub:CallbackRetention</c>, 90 days by default) and no longer: older rows
/// go in batches, from any instance, every <c>Hub:IdempotencyCleanupInterval</c>.
/// </summary>
internal sealed partial class CallbackJanitor(
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    IOptions<HubOptions> options,
    ILogger<CallbackJanitor> logger) : Common.PeriodicCleanup(clock, options.Value.IdempotencyCleanupInterval)
{
    private const int BatchSize = 1000;

    private const string ForgetSql = """
        DELETE FROM callbacks WHERE id IN (
            SELECT id FROM callbacks WHERE received_at < @before ORDER BY received_at LIMIT @batch FOR UPDATE SKIP LOCKED)
        """;

    /// <summary>Deletes every callback past the retention; returns how many.</summary>
    public override async Task<long> RunOnceAsync(CancellationToken ct)
    {
        var before = Clock.GetUtcNow() - options.Value.CallbackRetention;
        long total = 0;
        while (true)
        {
            await using var forget = dataSource.CreateCommand(ForgetSql);
            forget.Parameters.AddWithValue("before", NpgsqlDbType.TimestampTz, before);
            forget.Parameters.AddWithValue("batch", BatchSize);
            var deleted = await forget.ExecuteNonQueryAsync(ct);
            total += deleted;
            if (deleted < BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            LogForgot(total, options.Value.CallbackRetention.TotalDays);
        }

        return total;
    }

    protected override void OnRunFailed(Exception exception) => LogRunFailed(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot {Count} callbacks older than {Days} days")]
    private partial void LogForgot(long count, double days);

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback log cleanup failed; the next run tries again")]
    private partial void LogRunFailed(Exception exception);
}
