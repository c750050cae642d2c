namespace Connectors.Abstractions;

/// <summary>A connector that refunds; declares <see cref="ConnectorCapabilities.Refund"/>.</summary>
public interface IRefundConnector
{
    /// <summary>Sends a refund. Sent once: after an unknown outcome the hub asks its status.</summary>
    Task<TransferResult> RefundAsync(ConnectorContext context, RefundRequest request, CancellationToken cancellationToken);

    /// <summary>Asks the provider for a refund's status.</summary>
    Task<TransferResult> GetRefundStatusAsync(ConnectorContext context, TransferStatusRequest request, CancellationToken cancellationToken);
}

/// <summary>A connector that pays out; declares <see cref="ConnectorCapabilities.Payout"/>.</summary>
public interface IPayoutConnector
{
    /// <summary>Sends a payout. Sent once: after an unknown outcome the hub asks its status.</summary>
    Task<TransferResult> CreatePayoutAsync(ConnectorContext context, PayoutRequest request, CancellationToken cancellationToken);

    /// <summary>Asks the provider for a payout's status.</summary>
    Task<TransferResult> GetPayoutStatusAsync(ConnectorContext context, TransferStatusRequest request, CancellationToken cancellationToken);
}

/// <summary>A connector that cancels payments; declares <see cref="ConnectorCapabilities.Cancel"/>.</summary>
public interface ICancelConnector
{
    /// <summary>Cancels a payment not yet paid.</summary>
    Task<PaymentResult> CancelPaymentAsync(ConnectorContext context, CancelPaymentRequest request, CancellationToken cancellationToken);
}

/// <summary>A connector that captures authorizations; declares <see cref="ConnectorCapabilities.Capture"/>.</summary>
public interface ICaptureConnector
{
    /// <summary>Captures an authorized payment, fully or in part.</summary>
    Task<PaymentResult> CapturePaymentAsync(ConnectorContext context, CapturePaymentRequest request, CancellationToken cancellationToken);
}

/// <summary>A connector that looks up account holders; declares <see cref="ConnectorCapabilities.AccountHolder"/>.</summary>
public interface IAccountHolderConnector
{
    /// <summary>Looks up the holder of an E.164 phone number.</summary>
    Task<AccountHolderResult> GetAccountHolderAsync(ConnectorContext context, AccountHolderRequest request, CancellationToken cancellationToken);
}
