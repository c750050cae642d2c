using Connectors.Abstractions;
using Hub.Common;
using Hub.Events;
using Hub.Operations;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hub.Payments;

/// <summary>
/// The only writer of a payment's status. Every move, from any source, goes through the contract's transition
/// table and appends to the status history; a move that is backwards, repeated or illegal is logged and changes
/// nothing (a late "pending" never undoes "paid"). Each move also adds its outbound event ("payment.paid", with the
/// payment as the API shows it) to the same unit of work: the caller's one SaveChanges writes the status, the
/// history and the event together (the outbox), and the row's xmin makes a racing writer fail instead of both winning.
/// </summary>
[ScopedService]
internal sealed partial class PaymentStateMachine(HubDbContext db, TimeProvider clock, HubMetrics metrics,
    Microsoft.Extensions.Options.IOptions<HubOptions> options, ILogger<PaymentStateMachine> logger)
{
    public const string SourceProvider = "provider";
    public const string SourceSync = "sync";
    public const string SourceCallback = "callback";
    public const string SourceReconciler = "reconciler";

    private const int MaxAttempts = 3;

    /// <summary>
    /// Changes a payment and saves it, owning the optimistic-concurrency retry: when another writer (a callback, a
    /// poll, another instance) saved it first, the payment is read again and <paramref name="mutate"/> decides again on
    /// the fresh row, where the transition table ignores what is no longer a legal move. <paramref name="tracked"/>,
    /// when given, is used for the first attempt (saving a read); null when the payment no longer exists.
    /// </summary>
    public async Task<(Payment Payment, T Result)?> UpdateAsync<T>(Guid paymentId, Func<Payment, T> mutate, CancellationToken ct,
        Payment? tracked = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var payment = attempt == 1 && tracked is not null
                ? tracked
                : await db.Payments.Include(p => p.StatusHistory).FirstOrDefaultAsync(p => p.Id == paymentId, ct);
            if (payment is null)
            {
                return null;
            }

            var result = mutate(payment);
            try
            {
                await db.SaveChangesAsync(ct);
                return (payment, result);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Records a new payment's first status.</summary>
    public void Start(Payment payment)
    {
        payment.Status = PaymentStatus.Created;
        payment.StatusHistory.Add(new PaymentStatusChange { Status = PaymentStatus.Created, At = payment.CreatedAt });
        payment.NextReconcileAt = payment.CreatedAt + ReconciliationSchedule.After(0);
        AddEvent(payment);
    }

    /// <summary>Moves the payment if the table allows it; returns whether it moved.</summary>
    public bool TryMove(Payment payment, PaymentStatus to, string source, string? providerStatus = null, string? reason = null)
    {
        var from = payment.Status;
        if (!PaymentStatusTransitions.IsAllowed(from, to))
        {
            if (from != to)
            {
                LogIgnored(PublicId.Format(PublicId.Payment, payment.Id), from.ToApiString(), to.ToApiString(), source);
            }

            if (to == PaymentStatus.Paid && from is PaymentStatus.Expired or PaymentStatus.Failed or PaymentStatus.Canceled)
            {
                RecordLateSuccess(payment, source, providerStatus);
            }

            return false;
        }

        var now = clock.GetUtcNow();
        payment.Status = to;
        payment.UpdatedAt = now;
        if (to == PaymentStatus.Paid)
        {
            payment.PaidAt ??= now;
        }

        if (to != PaymentStatus.Pending)
        {
            payment.NextAction = null;
        }

        payment.StatusHistory.Add(new PaymentStatusChange
        {
            PaymentId = payment.Id,
            Status = to,
            At = now,
            Source = source,
            ProviderStatus = providerStatus,
            Reason = reason,
        });
        if (!ReconciliationSchedule.Watches(to))
        {
            payment.NextReconcileAt = null;
        }
        else if (!ReconciliationSchedule.Watches(from))
        {
            payment.ReconcileAttempts = 0;
            payment.NextReconcileAt = now + ReconciliationSchedule.After(0);
        }

        AddEvent(payment);
        metrics.StatusChanged(payment.Provider, to.ToApiString(), source); // decided here: a save lost to a race counts again on retry
        LogMoved(PublicId.Format(PublicId.Payment, payment.Id), from.ToApiString(), to.ToApiString(), source);
        return true;
    }

    /// <summary>
    /// The provider says paid after the hub already ended the payment otherwise: money may have moved with no payment
    /// to show for it. Never dropped: an error log, a metric and an anomaly row an operator can list, written with the
    /// caller's unit of work.
    /// </summary>
    private void RecordLateSuccess(Payment payment, string source, string? providerStatus)
    {
        db.Anomalies.Add(new AnomalyRow
        {
            Id = PublicId.NewGuid(clock),
            MerchantId = payment.MerchantId,
            Livemode = payment.Livemode,
            PaymentId = payment.Id,
            Kind = AnomalyRow.LateSuccess,
            PaymentStatus = payment.Status.ToApiString(),
            ReportedStatus = PaymentStatus.Paid.ToApiString(),
            Source = source,
            Provider = payment.Provider,
            ProviderStatus = providerStatus is { Length: > 100 } ? providerStatus[..100] : providerStatus,
            CreatedAt = clock.GetUtcNow(),
        });
        metrics.Anomaly(payment.Provider, AnomalyRow.LateSuccess);
        LogLateSuccess(PublicId.Format(PublicId.Payment, payment.Id), payment.Status.ToApiString(), payment.Provider, source);
    }

    private void AddEvent(Payment payment) => db.Events.Add(EventOutbox.New(clock, payment.MerchantId, payment.Livemode,
        "payment." + payment.Status.ToApiString(), "payment", payment.Id, PaymentResponses.ToResponse(payment)));

    /// <summary>
    /// Applies a provider's answer about a payment. Known: move (and keep the raw status, failure and next action).
    /// No answer, or "not found": nothing changes here (the creator decides what an unanswered create means).
    /// </summary>
    public bool Apply(Payment payment, PaymentResult result, string source)
    {
        switch (result.Outcome)
        {
            case OperationOutcome.Completed when result.Status is { } status:
                if (payment.Status != status && !PaymentStatusTransitions.IsAllowed(payment.Status, status))
                {
                    return TryMove(payment, status, source); // logs the refusal, changes nothing
                }

                // The details first, so the event written by the move shows them.
                payment.ProviderStatus = result.ProviderStatus ?? payment.ProviderStatus;
                payment.ProviderTransactionId = result.ProviderTransactionId ?? payment.ProviderTransactionId;
                payment.ConnectorData = result.ConnectorData ?? payment.ConnectorData;
                if (result.Failure is { } f && status is PaymentStatus.Failed or PaymentStatus.Expired)
                {
                    payment.Failure = new FailureInfo(f.Code.ToApiString(), f.Message, f.ProviderCode);
                }

                if (status == PaymentStatus.Pending && result.NextAction is { } next)
                {
                    payment.NextAction = PaymentResponses.ToInfo(next.QrCode is not null && next.QrImageUrl is null
                        ? next with { QrImageUrl = new Uri(PaymentQr.ImageUrl(options.Value.PublicUrl, payment.Id)) }
                        : next);
                }

                return TryMove(payment, status, source, result.ProviderStatus, result.Failure?.Message);
            case OperationOutcome.Completed:
                return false;
            case OperationOutcome.Unknown or OperationOutcome.NotSent or OperationOutcome.NotFound:
                return false;
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} moved {From} -> {To} ({Source})")]
    private partial void LogMoved(string paymentId, string from, string to, string source);

    [LoggerMessage(Level = LogLevel.Error, Message = "ANOMALY: payment {PaymentId} is {Status} but {Provider} reports it paid ({Source}); recorded for an operator")]
    private partial void LogLateSuccess(string paymentId, string status, string provider, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} stays {From}: {To} from {Source} is not a legal move")]
    private partial void LogIgnored(string paymentId, string from, string to, string source);
}
