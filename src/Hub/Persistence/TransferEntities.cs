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

    public string? ConnectorData { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? NextReconcileAt { get; set; }

    public int ReconcileAttempts { get; set; }

    /// <summary>PostgreSQL's xmin: a callback and a poll racing on one refund cannot both win.</summary>
    public uint Version { get; set; }

    public Money ToMoney() => new(Amount, Connectors.Abstractions.Currency.FromCode(Currency));
}
