using Connectors.Abstractions;

namespace Hub.Persistence;

/// <summary>What refunds and payouts share: a money movement with the provider's lifecycle of four statuses.</summary>
internal interface ITransferRow
{
    Guid Id { get; }

    Guid MerchantId { get; }

    bool Livemode { get; }

    TransferStatus Status { get; set; }

    string? ProviderStatus { get; set; }

    string? ProviderTransactionId { get; set; }

    FailureInfo? Failure { get; set; }

    string? ConnectorData { get; set; }

    DateTimeOffset CreatedAt { get; }

    DateTimeOffset UpdatedAt { get; set; }

    DateTimeOffset? NextReconcileAt { get; set; }

    int ReconcileAttempts { get; set; }
}

/// <summary>A refund of a paid payment. The sum of a payment's refunds that are not failed never exceeds its amount.</summary>
internal sealed class RefundRow : ITransferRow
{
    public Guid Id { get; set; }

    public Guid MerchantId { get; set; }

    public bool Livemode { get; set; }

    public Guid PaymentId { get; set; }

    public long Amount { get; set; }

    public required string Currency { get; set; }

    public TransferStatus Status { get; set; }

    public required string Provider { get; set; }

    public Guid ConnectorAccountId { get; set; }

    /// <summary>The hub-chosen reference, stored before the provider hears of the refund.</summary>
    public required string ProviderReference { get; set; }

    public string? ProviderTransactionId { get; set; }

    public string? ProviderStatus { get; set; }

    public FailureInfo? Failure { get; set; }

    public string? Reason { get; set; }

    /// <summary>Each split's share of this refund, in proportion to the payment's splits; empty when not split.</summary>
    public List<RefundSplit> Splits { get; set; } = [];

    public string? ConnectorData { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? NextReconcileAt { get; set; }

    public int ReconcileAttempts { get; set; }

    /// <summary>PostgreSQL's xmin: a callback and a poll racing on one refund cannot both win.</summary>
    public uint Version { get; set; }

    public Money ToMoney() => new(Amount, Connectors.Abstractions.Currency.FromCode(Currency));
}

/// <summary>A payout (disbursement) from a merchant's provider account to a recipient.</summary>
internal sealed class PayoutRow : ITransferRow
{
    public Guid Id { get; set; }

    public Guid MerchantId { get; set; }

    public bool Livemode { get; set; }

    public long Amount { get; set; }

    public required string Currency { get; set; }

    public PaymentMethod Method { get; set; }

    public TransferStatus Status { get; set; }

    public required string Provider { get; set; }

    public Guid ConnectorAccountId { get; set; }

    public required string ConnectorVersion { get; set; }

    /// <summary>The hub-chosen reference, stored before the provider hears of the payout.</summary>
    public required string ProviderReference { get; set; }

    public string? ProviderTransactionId { get; set; }

    public string? ProviderStatus { get; set; }

    public FailureInfo? Failure { get; set; }

    public string? RecipientPhone { get; set; }

    public string? RecipientPixKey { get; set; }

    public string? RecipientName { get; set; }

    public string? Description { get; set; }

    public string? ExternalId { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];

    /// <summary>The create request's key: a retry finds this payout instead of making another.</summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>
    /// <see cref="PayoutSendStates.Queued"/> until the provider call returns, then <see cref="PayoutSendStates.Sent"/>,
    /// or <see cref="PayoutSendStates.NotSent"/> when it certainly never left: only then may a retry send it again.
    /// </summary>
    public string SendState { get; set; } = PayoutSendStates.Queued;

    public string? ConnectorData { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? NextReconcileAt { get; set; }

    public int ReconcileAttempts { get; set; }

    /// <summary>PostgreSQL's xmin: a callback and a poll racing on one payout cannot both win.</summary>
    public uint Version { get; set; }

    public Money ToMoney() => new(Amount, Connectors.Abstractions.Currency.FromCode(Currency));
}

/// <summary>Whether the provider may have heard of a payout.</summary>
internal static class PayoutSendStates
{
    /// <summary>Stored, the call not returned yet: a crash here leaves it to reconciliation, never to a resend.</summary>
    public const string Queued = "queued";

    /// <summary>The call certainly never reached the provider: the retry with the same key sends it.</summary>
    public const string NotSent = "not_sent";

    /// <summary>The provider answered, or may have received it.</summary>
    public const string Sent = "sent";
}

/// <summary>A dispute the provider reported on a paid payment, one per provider reference.</summary>
internal sealed class ChargebackRow
{
    public Guid Id { get; set; }

    public Guid MerchantId { get; set; }

    public bool Livemode { get; set; }

    public Guid PaymentId { get; set; }

    public required string Provider { get; set; }

    /// <summary>The provider's id of the dispute.</summary>
    public required string ProviderReference { get; set; }

    public long Amount { get; set; }

    public required string Currency { get; set; }

    public ChargebackStatus Status { get; set; }

    public string? ProviderStatus { get; set; }

    public string? ReasonCode { get; set; }

    public string? Reason { get; set; }

    /// <summary>What the merchant sent with its dispute.</summary>
    public string? Evidence { get; set; }

    public DateTimeOffset? OpenedAt { get; set; }

    public DateTimeOffset? RespondBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's xmin.</summary>
    public uint Version { get; set; }
}
