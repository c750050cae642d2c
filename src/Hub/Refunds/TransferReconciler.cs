using Hub.Persistence;
using Hub.Reconciliation;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hub.Refunds;

/// <summary>
/// Refunds and payouts the provider has not settled (pending, processing) are asked about on a backing-off schedule,
/// as payments are by the <see cref="Reconciler"/>: a lost callback or an unknown outcome heals itself. Claims take a
/// lease with FOR UPDATE SKIP LOCKED, so several hub instances share the work without asking twice.
/// </summary>
internal sealed partial class TransferReconciler(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<ReconciliationOptions> options,
    ILogger<TransferReconciler> logger) : BackgroundService
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

    public async Task<int> RunOnceAsync(CancellationToken ct) =>
        await RunTableAsync("refunds", (sp, id, token) => Sync(sp.GetRequiredService<RefundService>().SyncAsync(id, token)),
            (db, id, next, token) => db.Refunds.Where(x => x.Id == id && x.NextReconcileAt != null)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.NextReconcileAt, next), token), ct)
        + await RunTableAsync("payouts", (sp, id, token) => Sync(sp.GetRequiredService<Payouts.PayoutService>().SyncAsync(id, token)),
            (db, id, next, token) => db.Payouts.Where(x => x.Id == id && x.NextReconcileAt != null)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.NextReconcileAt, next), token), ct);

    private static async Task<ITransferRow?> Sync<T>(Task<T?> sync) where T : class, ITransferRow => await sync;

    private async Task<int> RunTableAsync(string table, Func<IServiceProvider, Guid, CancellationToken, Task<ITransferRow?>> sync,
        Func<HubDbContext, Guid, DateTimeOffset, CancellationToken, Task<int>> reschedule, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lease = now + options.Value.LeaseDuration;
        List<Guid> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            // The table name is one of two constants above, never input.
#pragma warning disable EF1002
            claimed = await db.Database.SqlQueryRaw<Guid>($"""
                UPDATE {table} SET next_reconcile_at = @lease, reconcile_attempts = reconcile_attempts + 1
                WHERE id IN (
                    SELECT id FROM {table}
                    WHERE next_reconcile_at <= @now AND status IN ('pending', 'processing')
                    ORDER BY next_reconcile_at LIMIT @batch
                    FOR UPDATE SKIP LOCKED)
                RETURNING id AS "Value"
                """, new Npgsql.NpgsqlParameter("lease", lease), new Npgsql.NpgsqlParameter("now", now),
                new Npgsql.NpgsqlParameter("batch", options.Value.BatchSize)).ToListAsync(ct);
#pragma warning restore EF1002
        }

        foreach (var id in claimed)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<MerchantScope>().SetSystem();
            var db = scope.ServiceProvider.GetRequiredService<HubDbContext>();
            try
            {
                var row = await sync(scope.ServiceProvider, id, ct);
                if (row is { } r && !TransferStatusNames.IsFinal(r.Status))
                {
                    // Still unsettled: the next check backs off.
                    await reschedule(db, id, clock.GetUtcNow() + TransferStateMachine.ReconcileAfter(r.ReconcileAttempts), ct);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogTransferFailed(ex, table, id);
            }
        }

        return claimed.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Transfer reconciliation run failed; the next run tries again")]
    private partial void LogRunFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A transfer in {Table} ({TransferId}) could not be reconciled")]
    private partial void LogTransferFailed(Exception exception, string table, Guid transferId);
}
