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
    ConnectorContextFactory contexts,
    PaymentStateMachine stateMachine,
    ILogger<PaymentSync> logger)
{
    private const int MaxAttempts = 3;

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
        for (var attempt = 1; ; attempt++)
        {
            var payment = await db.Payments.Include(p => p.StatusHistory).FirstOrDefaultAsync(p => p.Id == id, ct);
            if (payment is null)
            {
                return new SyncOutcome(null, false, ApiError.NotFound($"No payment {PublicId.Format(PublicId.Payment, id)}."), false);
            }

            // Paid can still move (refund, chargeback) but not by asking the provider for the payment's status.
            if (PaymentStatusTransitions.IsFinal(payment.Status) || payment.Status == PaymentStatus.Paid)
            {
                return new SyncOutcome(payment, false, null, true);
            }

            if (!registry.TryGet(payment.Provider, out var connector))
            {
                return new SyncOutcome(null, false,
                    ApiError.ProviderUnavailable($"The {payment.Provider} connector is not loaded on this hub."), false);
            }

            // The payment is already in scope; its account is read even if retired since, so the payment can settle.
            var account = await db.ConnectorAccounts.IgnoreQueryFilters().AsNoTracking()
                .FirstAsync(a => a.Id == payment.ConnectorAccountId, ct);
            var result = await FetchAsync(connector, account, payment, ct);
            var moved = stateMachine.Apply(payment, result, source);
            var answered = result.Outcome is OperationOutcome.Completed or OperationOutcome.NotFound;
            try
            {
                await db.SaveChangesAsync(ct);
                return new SyncOutcome(payment, moved, null, answered, result.Outcome == OperationOutcome.NotFound);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // A callback or another poll moved it meanwhile: read it again and re-apply to the fresh row.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<PaymentResult> FetchAsync(LoadedConnector connector, ConnectorAccountRow account, Payment payment, CancellationToken ct)
    {
        var request = new PaymentStatusRequest
        {
            PaymentId = PublicId.Format(PublicId.Payment, payment.Id),
            ProviderReference = payment.ProviderReference,
            Amount = payment.ToMoney(),
            Method = payment.Method,
            CreatedAt = payment.CreatedAt,
            ExpiresAt = payment.ExpiresAt,
        };
        try
        {
            return await connector.Connector.GetPaymentStatusAsync(contexts.Create(connector, account), request, ct);
        }
        catch (UnknownProviderStatusException ex)
        {
            LogUnknownStatus(request.PaymentId, ex.ConnectorId, ex.ProviderStatus);
            return PaymentResult.Unknown(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogConnectorThrew(ex, payment.Provider, request.PaymentId);
            return PaymentResult.Unknown($"the {payment.Provider} connector failed: {ex.GetType().Name}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: {Connector} answered unmapped status {ProviderStatus}; left as it is")]
    private partial void LogUnknownStatus(string paymentId, string connector, string? providerStatus);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {Provider} threw while reading {PaymentId}")]
    private partial void LogConnectorThrew(Exception exception, string provider, string paymentId);
}

/// <summary>
/// The payment after a sync (null when it could not be read), whether its status moved, whether the provider
/// answered at all (a status, or "no such reference"), and whether that answer was "no such reference".
/// </summary>
internal sealed record SyncOutcome(Payment? Payment, bool Moved, ApiError? Error, bool Answered, bool ProviderNotFound = false);
