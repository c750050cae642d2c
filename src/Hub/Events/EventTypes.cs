namespace Hub.Events;

/// <summary>The event types the outbox writes and a merchant can list or subscribe to (API.md, "Webhooks out").</summary>
internal static class EventTypes
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "payment.created", "payment.pending", "payment.processing", "payment.authorized", "payment.under_review",
        "payment.paid", "payment.failed", "payment.canceled", "payment.expired", "payment.refunded", "payment.chargedback",
        "refund.pending", "refund.processing", "refund.completed", "refund.failed",
        "payout.pending", "payout.processing", "payout.completed", "payout.failed",
        "chargeback.opened", "chargeback.updated", "chargeback.won", "chargeback.lost",
        "checkout_session.completed", "checkout_session.expired",
    };
}
