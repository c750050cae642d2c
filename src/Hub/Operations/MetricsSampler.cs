using Hub.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hub.Operations;

/// <summary>What the backlog gauges show: counted every <see cref="HubOptions.MetricsSampleInterval"/>, never per scrape.</summary>
internal sealed record BacklogSample(long OutboxDepth, double OldestPendingAgeSeconds, long ReconcileDue);

/// <summary>
/// Counts the queues an operator watches (webhook deliveries waiting, reconciliation due) on a timer, so a scrape
/// of /metrics never queries the database and a slow database never slows the scrape.
/// </summary>
internal sealed partial class MetricsSampler(
    IServiceScopeFactory scopes, HubMetrics metrics, Providers.ProviderHttp http, TimeProvider clock, IOptions<HubOptions> options,
    ILogger<MetricsSampler> logger) : BackgroundService
{
    private volatile BacklogSample _last = new(0, 0, 0);

    public BacklogSample Last => _last;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.ObserveState(() => _last, http.Circuits);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>One count, now.</summary>
    public async Task<BacklogSample> SampleAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Tenancy.MerchantScope>().SetSystem();
        var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
        var now = clock.GetUtcNow();
        // The outbox: events not yet fanned out to their endpoints, and deliveries not yet sent.
        var pending = db.WebhookDeliveries.Where(d => d.Status == Webhooks.WebhookDeliveryStatus.Pending);
        var unfanned = db.EventQueue;
        var depth = await unfanned.LongCountAsync(ct) + await pending.LongCountAsync(ct);
        var oldestDelivery = await pending.Where(d => d.NextAttemptAt <= now).MinAsync(d => (DateTimeOffset?)d.CreatedAt, ct);
        var oldestEvent = await unfanned.MinAsync(e => (DateTimeOffset?)e.CreatedAt, ct);
        var oldest = oldestDelivery is null ? oldestEvent : oldestEvent is null ? oldestDelivery : oldestEvent < oldestDelivery ? oldestEvent : oldestDelivery;
        var due = await db.Payments.LongCountAsync(p => p.NextReconcileAt <= now, ct)
            + await db.Refunds.LongCountAsync(r => r.NextReconcileAt <= now, ct)
            + await db.Payouts.LongCountAsync(p => p.NextReconcileAt <= now, ct);
        _last = new BacklogSample(depth, oldest is { } o ? (now - o).TotalSeconds : 0, due);
        return _last;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.MetricsSampleInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, TimeProvider.System);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                LogSampleFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting the backlogs for /metrics failed; the gauges keep their last values")]
    private partial void LogSampleFailed(Exception exception);
}
