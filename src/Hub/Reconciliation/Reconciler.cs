using Connectors.Abstractions;
using Hub.Common;
using Hub.Payments;
using Hub.Persistence;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Reconciliation;

/// <summary>
/// Asks providers about payments still waiting (created, pending, processing) on <see cref="ReconciliationSchedule"/>,
/// so a lost callback heals itself. A payment past its expiresAt is expired only on the provider's word (see
/// <see cref="ExpireOrRescheduleAsync"/>); while the provider says pending it is asked on. Every hub
/// instance may run it: a run claims its due payments with FOR UPDATE SKIP LOCKED and pushes their next check out by
/// a lease, so two instances never ask about the same payment at once and a crashed instance's claims come back.
/// </summary>
internal sealed partial class Reconciler(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    IOptions<ReconciliationOptions> options,
    IOptions<HubOptions> hubOptions,
    ILogger<Reconciler> logger) : BackgroundService
{
    private const int MaxSaveAttempts = 3;

    private const string ClaimSql = """
        UPDATE payments SET next_reconcile_at = @lease
        WHERE id IN (
            SELECT id FROM payments
            WHERE next_reconcile_at <= @now AND status = ANY(@statuses)
              AND (status <> 'created' OR created_at <= @createdBefore)
            ORDER BY next_reconcile_at
            LIMIT @batch
            FOR UPDATE SKIP LOCKED)
        RETURNING id
        """;

    // Only rows still carrying this run's lease: a callback may have settled (and unscheduled) one meanwhile.
    private const string ReleaseSql = """
        UPDATE payments SET next_reconcile_at = @now WHERE id = ANY(@ids) AND next_reconcile_at = @lease
        """;

    // Derived from the schedule's own rule, so the claim and the state machine never disagree on what is watched.
    private readonly string[] _watchedStatuses = Enum.GetValues<PaymentStatus>()
        .Where(ReconciliationSchedule.Watches).Select(s => s.ToApiString()).ToArray();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogDisabled();
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
                // The database may be down for a moment: the loop must outlive it, and the next tick tries again.
                LogRunFailed(ex);
            }

            try
            {
                await Task.Delay(settings.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Claims the payments due now and handles each (ask, then expire or reschedule). Returns how many were handled;
    /// one that failed is logged and comes back when its lease ends.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var lease = now + settings.LeaseDuration;
        var claimed = await ClaimAsync(now, lease, settings.BatchSize, ct);
        if (claimed.Count == 0)
        {
            return 0;
        }

        // A payment is only started while its claim will outlast a slow provider (a token call and the status query),
        // so another instance never takes it while this one is still asking.
        var slowest = hubOptions.Value.ProviderTotalTimeout * 2;
        var startBefore = lease - (slowest < settings.LeaseDuration / 2 ? slowest : settings.LeaseDuration / 2);
        var handled = 0;
        var notStarted = new List<Guid>();
        await Parallel.ForEachAsync(claimed,
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelism, CancellationToken = ct },
            async (id, token) =>
            {
                if (clock.GetUtcNow() >= startBefore)
                {
                    lock (notStarted)
                    {
                        notStarted.Add(id);
                    }

                    return;
                }

                if (await HandleAsync(id, token))
                {
                    Interlocked.Increment(ref handled);
                }
            });

        if (notStarted.Count > 0)
        {
            // Handed back at once rather than at the lease's end: they were due and nobody asked yet.
            await ReleaseAsync(notStarted, lease, clock.GetUtcNow(), ct);
            LogReleased(notStarted.Count);
        }

        return handled;
    }

    private async Task<List<Guid>> ClaimAsync(DateTimeOffset now, DateTimeOffset lease, int batch, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("lease", NpgsqlDbType.TimestampTz, lease);
        command.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
        command.Parameters.AddWithValue("statuses", NpgsqlDbType.Array | NpgsqlDbType.Text, _watchedStatuses);
        // A payment still "created" may be in the middle of its creation call (a token request and the POST):
        // claiming it then would make the creator's save lose the row-version race and answer 500.
        command.Parameters.AddWithValue("createdBefore", NpgsqlDbType.TimestampTz, now - (hubOptions.Value.ProviderTotalTimeout * 2));
        command.Parameters.AddWithValue("batch", batch);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task ReleaseAsync(List<Guid> ids, DateTimeOffset lease, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ReleaseSql);
        command.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
        command.Parameters.AddWithValue("lease", NpgsqlDbType.TimestampTz, lease);
        command.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids.ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One claimed payment, in its own scope; false when it failed (its lease brings it back).</summary>
    private async Task<bool> HandleAsync(Guid id, CancellationToken ct)
    {
        var publicId = PublicId.Format(PublicId.Payment, id);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            services.GetRequiredService<MerchantScope>().SetSystem();
            var db = services.GetRequiredService<HubDbContext>();

            if (await WaitForFirstCheckAsync(db, id, ct))
            {
                return true;
            }

            var synced = await services.GetRequiredService<PaymentSync>().SyncAsync(id, PaymentStateMachine.SourceReconciler, ct);
            if (synced.Error is { } error)
            {
                // Connector not loaded, say: the payment still gets rescheduled below.
                LogSyncRefused(publicId, error.Detail);
            }

            await ExpireOrRescheduleAsync(db, services.GetRequiredService<PaymentStateMachine>(), id, publicId, synced.ProviderNotFound, ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogPaymentFailed(ex, publicId);
            return false;
        }
    }

    /// <summary>
    /// Honours a connector's longer first wait (Hub:Reconciliation:FirstCheckAfter): before its first check, a payment
    /// younger than that is only rescheduled. Returns whether it was.
    /// </summary>
    private async Task<bool> WaitForFirstCheckAsync(HubDbContext db, Guid id, CancellationToken ct)
    {
        var firstCheckAfter = options.Value.FirstCheckAfter;
        if (firstCheckAfter.Count == 0)
        {
            return false;
        }

        var payment = await db.Payments.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (payment is null || payment.ReconcileAttempts > 0 || !ReconciliationSchedule.Watches(payment.Status)
            || !TryGetFirstCheckAfter(firstCheckAfter, payment.Provider, out var wait))
        {
            db.ChangeTracker.Clear();
            return false;
        }

        var firstCheck = payment.CreatedAt + wait;
        var now = clock.GetUtcNow();
        if (now >= firstCheck || (payment.ExpiresAt is { } expiresAt && now >= expiresAt))
        {
            db.ChangeTracker.Clear();
            return false;
        }

        payment.NextReconcileAt = payment.ExpiresAt is { } e && e < firstCheck ? e : firstCheck;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A callback or a sync moved it meanwhile; whatever they scheduled stands, and the claim's lease is the floor.
            db.ChangeTracker.Clear();
        }

        return true;
    }

    private static bool TryGetFirstCheckAfter(Dictionary<string, TimeSpan> map, string connector, out TimeSpan wait)
    {
        foreach (var (key, value) in map)
        {
            // Configuration keys are case-insensitive, so the map's are too (environment variables, JSON).
            if (string.Equals(key, connector, StringComparison.OrdinalIgnoreCase))
            {
                wait = value;
                return true;
            }
        }

        wait = default;
        return false;
    }

    private async Task ExpireOrRescheduleAsync(HubDbContext db, PaymentStateMachine stateMachine, Guid id, string publicId,
        bool providerNotFound, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // Read afresh: the sync (or a callback meanwhile) may have moved it, and only the row as it is now counts.
            db.ChangeTracker.Clear();
            var payment = await db.Payments.Include(p => p.StatusHistory).FirstOrDefaultAsync(p => p.Id == id, ct);
            if (payment is null || !ReconciliationSchedule.Watches(payment.Status))
            {
                return; // settled: the state machine already stopped watching it
            }

            var now = clock.GetUtcNow();
            // Expired only on the provider's word that it can no longer be paid: its own final status (applied by the
            // sync above), or, past expiresAt, "no such payment" (it never took it, and the hub will not send it now).
            // While the provider says pending the payer can still pay: the payment stays pending past expiresAt and
            // keeps being asked on the schedule's backoff.
            if (providerNotFound && payment.ExpiresAt is { } expiresAt && now >= expiresAt)
            {
                payment.Failure = new FailureInfo("expired", "The provider has no such payment and its expiresAt passed.", null);
                stateMachine.TryMove(payment, PaymentStatus.Expired, PaymentStateMachine.SourceReconciler,
                    reason: "expiresAt passed and the provider has no such payment");
            }
            else
            {
                payment.ReconcileAttempts++;
                var next = now + ReconciliationSchedule.After(payment.ReconcileAttempts);
                // Never later than expiresAt, so the expiry itself is not late (past it, the schedule alone decides).
                payment.NextReconcileAt = payment.ExpiresAt is { } e && e < next && e > now ? e : next;
            }

            try
            {
                await db.SaveChangesAsync(ct);
                if (payment.Status == PaymentStatus.Expired)
                {
                    LogExpired(publicId);
                }

                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxSaveAttempts)
            {
                LogRaced(publicId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation is disabled on this instance (Hub:Reconciliation:Enabled=false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciliation run failed; the next run tries again")]
    private partial void LogRunFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling payment {PaymentId} failed; it comes back when its claim lapses")]
    private partial void LogPaymentFailed(Exception exception, string paymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} could not be synced: {Detail}")]
    private partial void LogSyncRefused(string paymentId, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} expired after a last check with the provider")]
    private partial void LogExpired(string paymentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} changed while being rescheduled; reading it again")]
    private partial void LogRaced(string paymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run ran short of its claim: {Count} due payments handed back for the next run")]
    private partial void LogReleased(int count);
}
