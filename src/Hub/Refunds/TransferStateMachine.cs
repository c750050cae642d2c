using Connectors.Abstractions;
using Hub.Common;
using Hub.Events;
using Hub.Payments;
using Hub.Persistence;

namespace Hub.Refunds;

/// <summary>The words of <see cref="TransferStatus"/> in the API: pending, processing, completed, failed.</summary>
internal static class TransferStatusNames
{
    public static string ToApiString(TransferStatus status) => status switch
    {
        TransferStatus.Pending => "pending",
        TransferStatus.Processing => "processing",
        TransferStatus.Completed => "completed",
        TransferStatus.Failed => "failed",
    };

    public static TransferStatus Parse(string text) => TryParse(text, out var s) ? s : throw new InvalidOperationException($"unknown transfer status '{text}'");

    public static bool TryParse(string? text, out TransferStatus status)
    {
        foreach (var candidate in Enum.GetValues<TransferStatus>())
        {
            if (string.Equals(ToApiString(candidate), text, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>pending → processing|completed|failed; processing → completed|failed; completed and failed are final.</summary>
    public static bool IsAllowed(TransferStatus from, TransferStatus to) => from != to && from switch
    {
        TransferStatus.Pending => true,
        TransferStatus.Processing => to is TransferStatus.Completed or TransferStatus.Failed,
        TransferStatus.Completed or TransferStatus.Failed => false,
    };

    public static bool IsFinal(TransferStatus status) => status is TransferStatus.Completed or TransferStatus.Failed;

    /// <summary>A list filter's <c>status</c> ("pending,failed"); an unknown word is an error under <c>status</c>.</summary>
    public static List<TransferStatus> ParseFilter(string text, string noun, Dictionary<string, string[]> errors)
    {
        var statuses = new List<TransferStatus>();
        foreach (var word in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryParse(word, out var s))
            {
                statuses.Add(s);
            }
            else
            {
                errors["status"] = [$"'{word}' is not a {noun} status (pending, processing, completed, failed)"];
            }
        }

        return statuses;
    }
}

/// <summary>
/// The only writer of a refund's status, as <see cref="PaymentStateMachine"/> is of a payment's: legal moves only, the
/// outbound event in the same unit of work, reconciliation scheduled while the provider has not settled it. A
/// completed refund raises its payment's amountRefunded, and a payment refunded in full moves to refunded, in the same
/// unit of work (the caller holds the payment's row lock).
/// </summary>
[ScopedService]
internal sealed partial class TransferStateMachine(HubDbContext db, PaymentStateMachine payments, TimeProvider clock,
    ILogger<TransferStateMachine> logger)
{
    public const string SourceRefund = "refund";

    /// <summary>The first check of an unsettled transfer, then backing off to at most 30 minutes.</summary>
    public static TimeSpan ReconcileAfter(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(1800, 15 * Math.Pow(2, Math.Min(attempts, 10))));

    public void Start(RefundRow refund)
    {
        refund.Status = TransferStatus.Pending;
        refund.NextReconcileAt = refund.CreatedAt + ReconcileAfter(0);
        AddEvent(refund);
    }

    /// <summary>Past this, a provider that still has no record of a transfer never received it.</summary>
    public static readonly TimeSpan NotFoundGrace = TimeSpan.FromHours(1);

    public void Start(PayoutRow payout)
    {
        payout.Status = TransferStatus.Pending;
        payout.NextReconcileAt = payout.CreatedAt + ReconcileAfter(0);
        AddEvent(payout);
    }

    /// <summary>Applies a provider's answer about a refund; true when its status moved.</summary>
    public bool Apply(RefundRow refund, Payment payment, TransferResult result) =>
        ApplyCore(refund, result, to => Move(refund, payment, to));

    /// <summary>Applies a provider's answer about a payout; true when its status moved.</summary>
    public bool Apply(PayoutRow payout, TransferResult result) => ApplyCore(payout, result, to => Move(payout, to));

    public bool Move(RefundRow refund, Payment payment, TransferStatus to) =>
        MoveCore(refund, PublicId.Refund, to, () =>
        {
            if (to == TransferStatus.Completed)
            {
                payment.AmountRefunded += refund.Amount;
                payment.UpdatedAt = refund.UpdatedAt;
                if (refund.Splits.Count > 0)
                {
                    payment.Splits = [.. payment.Splits.Select(s => s with
                    {
                        AmountRefunded = s.AmountRefunded + refund.Splits.Where(r => r.MerchantId == s.MerchantId).Sum(r => r.Amount),
                    })];
                }
                if (payment.AmountRefunded >= payment.Amount)
                {
                    payments.TryMove(payment, PaymentStatus.Refunded, SourceRefund);
                }
            }

            AddEvent(refund);
        });

    public bool Move(PayoutRow payout, TransferStatus to) => MoveCore(payout, PublicId.Payout, to, () => AddEvent(payout));

    private bool ApplyCore(ITransferRow row, TransferResult result, Func<TransferStatus, bool> move)
    {
        switch (result.Outcome)
        {
            case OperationOutcome.Completed when result.Status is { } status:
                row.ProviderStatus = result.ProviderStatus ?? row.ProviderStatus;
                row.ProviderTransactionId = result.ProviderTransactionId ?? row.ProviderTransactionId;
                row.ConnectorData = result.ConnectorData ?? row.ConnectorData;
                if (result.Failure is { } f && status == TransferStatus.Failed)
                {
                    row.Failure = new FailureInfo(f.Code.ToApiString(), f.Message, f.ProviderCode);
                }

                return move(status);
            case OperationOutcome.NotFound when clock.GetUtcNow() - row.CreatedAt > NotFoundGrace:
                // An answer, long after the request: the provider never received it, and no money moved.
                row.Failure = new FailureInfo(FailureCode.ProviderError.ToApiString(),
                    $"the provider has no record of it {NotFoundGrace.TotalMinutes:0} minutes after it was made", null);
                return move(TransferStatus.Failed);
            case OperationOutcome.Unknown or OperationOutcome.NotFound:
                // Sent, no answer to rely on: processing, and reconciliation settles it.
                return row.Status == TransferStatus.Pending && move(TransferStatus.Processing);
            default:
                return false;
        }
    }

    private bool MoveCore(ITransferRow row, string prefix, TransferStatus to, Action moved)
    {
        var from = row.Status;
        if (!TransferStatusNames.IsAllowed(from, to))
        {
            if (from != to)
            {
                LogIgnored(PublicId.Format(prefix, row.Id), TransferStatusNames.ToApiString(from), TransferStatusNames.ToApiString(to));
            }

            return false;
        }

        var now = clock.GetUtcNow();
        row.Status = to;
        row.UpdatedAt = now;
        if (TransferStatusNames.IsFinal(to))
        {
            row.NextReconcileAt = null;
        }
        else if (row.NextReconcileAt is null)
        {
            row.NextReconcileAt = now + ReconcileAfter(row.ReconcileAttempts);
        }

        moved();
        LogMoved(PublicId.Format(prefix, row.Id), TransferStatusNames.ToApiString(from), TransferStatusNames.ToApiString(to));
        return true;
    }

    private void AddEvent(PayoutRow payout) => db.Events.Add(EventOutbox.New(clock, payout.MerchantId, payout.Livemode,
        "payout." + TransferStatusNames.ToApiString(payout.Status), "payout", payout.Id, Payouts.PayoutResponses.ToResponse(payout)));

    private void AddEvent(RefundRow refund) => db.Events.Add(EventOutbox.New(clock, refund.MerchantId, refund.Livemode,
        "refund." + TransferStatusNames.ToApiString(refund.Status), "refund", refund.Id, RefundResponses.ToResponse(refund)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Transfer {TransferId} moved {From} -> {To}")]
    private partial void LogMoved(string transferId, string from, string to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transfer {TransferId} stays {From}: {To} is not a legal move")]
    private partial void LogIgnored(string transferId, string from, string to);
}
