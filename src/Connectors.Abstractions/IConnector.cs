namespace Connectors.Abstractions;

/// <summary>
/// A connector plug-in: one provider's client, status map and callback verifier. The hub creates one instance
/// per plug-in and calls it for every account, passing a <see cref="ConnectorContext"/> per call; an instance keeps
/// no state per merchant beyond caches keyed by account.
/// </summary>
/// <remarks>
/// Optional operations are separate interfaces (<see cref="IRefundConnector"/>, <see cref="IPayoutConnector"/>,
/// <see cref="ICancelConnector"/>, <see cref="ICaptureConnector"/>, <see cref="IAccountHolderConnector"/>). A connector
/// implements exactly those whose capability its descriptor declares; the hub checks this when it loads the plug-in.
/// </remarks>
public interface IConnector
{
    /// <summary>What the connector is and can do.</summary>
    ConnectorDescriptor Descriptor { get; }

    /// <summary>Checks an account's credentials and settings before the hub stores it; empty when valid.</summary>
    IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account);

    /// <summary>
    /// The provider reference for a new payment, refund or payout, derived from the hub's id only (so the same
    /// object always gets the same reference). The hub stores it before the first call and reuses it on every
    /// retry: MTN's X-Reference-Id, Pix's txid.
    /// </summary>
    string NewProviderReference(string objectId);

    /// <summary>
    /// Creates a payment at the provider. Sent once: a timeout returns <see cref="OperationOutcome.Unknown"/> and the
    /// hub reconciles. A retry after a crash carries the same <see cref="CreatePaymentRequest.ProviderReference"/>.
    /// </summary>
    Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request, CancellationToken cancellationToken);

    /// <summary>Asks the provider for a payment's status (sync, reconciliation, unsigned callbacks).</summary>
    Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Verifies a raw callback: signature or token in constant time, timestamp within tolerance where the provider
    /// signs one, then parses. Never throws for a bad callback: answers <see cref="CallbackVerification.Rejected"/>.
    /// </summary>
    Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request, CancellationToken cancellationToken);
}
