using Hub.Persistence;
using Hub.Reconciliation;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hub.Refunds;

/// <summary>
/// Refunds the provider has not settled (pending, processing) are asked about on a backing-off schedule, as payments
/// are by the <see cref="Reconciler"/>: a lost callback or an unknown outcome heals itself. Claims take a lease with
/// FOR UPDATE SKIP LOCKED, so several hub instances share the work without asking twice.
/// </summary>
internal sealed partial class RefundReconciler(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<ReconciliationOptions> options,
    ILogger<RefundReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogRunFailed(ex);
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lease = now + options.Value.LeaseDuration;
        List<Guid> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            claimed = await db.Database.SqlQuery<Guid>($"""
                UPDATE refunds SET next_reconcile_at = {lease}, reconcile_attempts = reconcile_attempts + 1
                WHERE id IN (
                    SELECT id FROM refunds
                    WHERE next_reconcile_at <= {now} AND status IN ('pending', 'processing')
                    ORDER BY next_reconcile_at LIMIT {options.Value.BatchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING id AS "Value"
                """).ToListAsync(ct);
        }

        foreach (var id in claimed)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<MerchantScope>().SetSystem();
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            try
            {
                var refund = await scope.ServiceProvider.GetRequiredService<RefundService>().SyncAsync(id, ct);
                if (refund is { } r && !TransferStatusNames.IsFinal(r.Status))
                {
                    // Still unsettled: the next check backs off.
                    var next = clock.GetUtcNow() + TransferStateMachine.ReconcileAfter(r.ReconcileAttempts);
                    await db.Refunds.Where(x => x.Id == id && x.NextReconcileAt != null)
                        .ExecuteUpdateAsync(u => u.SetProperty(x => x.NextReconcileAt, next), ct);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogRefundFailed(ex, id);
            }
        }

        return claimed.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Refund reconciliation run failed; the next run tries again")]
    private partial void LogRunFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refund {RefundId} could not be reconciled")]
    private partial void LogRefundFailed(Exception exception, Guid refundId);
}
