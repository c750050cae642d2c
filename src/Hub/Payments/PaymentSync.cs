using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Providers;
using Microsoft.EntityFrameworkCore;

namespace Hub.Payments;

/// <summary>
/// Asks the provider for a payment's status now and applies the answer through the state machine: the step behind
/// POST /v1/payments/{id}/sync, unsigned callbacks and the reconciler. An unknown or unmapped answer changes nothing.
/// </summary>
[ScopedService]
internal sealed partial class PaymentSync(
    HubDbContext db,
    ConnectorRegistry registry,
    ConnectorInvoker invoker,
    PaymentStateMachine stateMachine,
    Chargebacks.ChargebackService chargebacks)
{
    public async Task<Result<PaymentResponse>> SyncAsync(string id, string source, CancellationToken ct)
    {
        if (!PublicId.TryParse(PublicId.Payment, id, out var guid))
        {
            return ApiError.NotFound($"No payment {id}.");
        }

        var outcome = await SyncAsync(guid, source, ct);
        return outcome.Payment is { } payment ? PaymentResponses.ToResponse(payment) : outcome.Error!;
    }

    /// <summary>Syncs one payment in the caller's scope; tells whether its status moved.</summary>
    public async Task<SyncOutcome> SyncAsync(Guid id, string source, CancellationToken ct)
    {
        var payment = await db.Payments.Include(p => p.StatusHistory).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (payment is null)
        {
            return new SyncOutcome(null, false, ApiError.NotFound($"No payment {PublicId.Format(PublicId.Payment, id)}."), false);
        }

        if (!registry.TryGet(payment.Provider, out var connector))
        {
            return PaymentStatusTransitions.IsFinal(payment.Status) || payment.Status == PaymentStatus.Paid
                ? new SyncOutcome(payment, false, null, true)
                : new SyncOutcome(null, false, ApiError.ProviderUnavailable($"The {payment.Provider} connector is not loaded on this hub."), false);
        }

        // Paid can still move (refund, chargeback) but not by the payment's status: only the disputes the provider
        // shows on it are read, where it reports them.
        var disputesOnly = payment.Status == PaymentStatus.Paid && connector.Descriptor.Has(ConnectorCapabilities.Chargebacks);
        if ((PaymentStatusTransitions.IsFinal(payment.Status) || payment.Status == PaymentStatus.Paid) && !disputesOnly)
        {
            return new SyncOutcome(payment, false, null, true);
        }

        if (!connector.Descriptor.Has(ConnectorCapabilities.Polling) && !disputesOnly)
        {
            // No provider to ask (a manual payment): the reconciler stops looking; the merchant decides.
            var quiet = await stateMachine.UpdateAsync(id, p => p.NextReconcileAt = null, ct, payment);
            return new SyncOutcome(quiet?.Payment ?? payment, false, null, false);
        }

        // The payment is already in scope; its account is read even if retired since, so the payment can settle.
        var account = await db.ConnectorAccounts.IgnoreQueryFilters().AsNoTracking()
            .FirstAsync(a => a.Id == payment.ConnectorAccountId, ct);
        var result = await invoker.GetPaymentStatusAsync(connector, account, new PaymentStatusRequest
        {
            PaymentId = PublicId.Format(PublicId.Payment, payment.Id),
            ProviderReference = payment.ProviderReference,
            ProviderTransactionId = payment.ProviderTransactionId,
            Amount = payment.ToMoney(),
            Method = payment.Method,
            CreatedAt = payment.CreatedAt,
            ExpiresAt = payment.ExpiresAt,
            ConnectorData = payment.ConnectorData,
        }, ct);
        var answered = result.Outcome is OperationOutcome.Completed or OperationOutcome.NotFound;
        if (result.Outcome == OperationOutcome.Completed && result.Chargebacks.Count > 0)
        {
            var moved = await chargebacks.ApplyReportsAsync(id, result.Chargebacks, ct);
            if (disputesOnly)
            {
                var fresh = await db.Payments.AsNoTracking().Include(p => p.StatusHistory).FirstAsync(p => p.Id == id, ct);
                return new SyncOutcome(fresh, moved, null, true);
            }
        }

        if (disputesOnly)
        {
            return new SyncOutcome(payment, false, null, answered);
        }

        var updated = await stateMachine.UpdateAsync(id, p => stateMachine.Apply(p, result, source), ct, payment);
        var notFound = result.Outcome == OperationOutcome.NotFound;
        return updated is { } u
            ? new SyncOutcome(u.Payment, u.Result, null, answered, notFound)
            : new SyncOutcome(payment, false, null, answered, notFound);
    }
}

/// <summary>
/// The payment after a sync (null when it could not be read), whether its status moved, whether the provider
/// answered at all (a status, or "no such reference"), and whether that answer was "no such reference".
/// </summary>
internal sealed record SyncOutcome(Payment? Payment, bool Moved, ApiError? Error, bool Answered, bool ProviderNotFound = false);
