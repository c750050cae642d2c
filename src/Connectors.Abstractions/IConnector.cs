namespace Connectors.Abstractions;

/// <summary>
/// A connector plug-in: one provider's client, status map and callback verifier. The hub builds one instance per
/// plug-in (see <see cref="IConnectorPlugin"/>) and calls it for every account, passing a
/// <see cref="ConnectorContext"/> per call; an instance keeps no state per merchant beyond caches keyed by account.
/// </summary>
/// <remarks>
/// Optional operations are separate interfaces (<see cref="IRefundConnector"/>, <see cref="IPayoutConnector"/>,
/// <see cref="ICancelConnector"/>, <see cref="ICaptureConnector"/>, <see cref="IAccountHolderConnector"/>). A connector
/// implements exactly those whose capability its descriptor declares; the hub checks this when it loads the plug-in.
/// </remarks>
public interface IConnector
{
    /// <summary>What the connector is and can do, and what its accounts carry.</summary>
    ConnectorDescriptor Descriptor { get; }

    /// <summary>
    /// Checks an account beyond its schema (the hub has already checked required fields and allowed values against
    /// <see cref="ConnectorDescriptor.Account"/>): formats, combinations. Empty when valid.
    /// </summary>
    IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account);

    /// <summary>
    /// The provider reference for a new payment, refund or payout, derived from the hub's id only (so the same
    /// object always gets the same reference). The hub stores it before the first call and reuses it on every
    /// retry: MTN's X-Reference-Id, Pix's txid.
    /// </summary>
    string NewProviderReference(string objectId);

    /// <summary>
    /// Creates a payment at the provider. Sent once: a timeout returns <see cref="OperationOutcome.Unknown"/> and the
    /// hub reconciles. A retry after a crash carries the same <see cref="CreatePaymentRequest.ProviderReference"/> and
    /// the <see cref="CreatePaymentRequest.ConnectorData"/> last saved (see <see cref="ConnectorContext.SaveDataAsync"/>).
    /// </summary>
    Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request, CancellationToken cancellationToken);

    /// <summary>Asks the provider for a payment's status (sync, reconciliation, callback hints).</summary>
    Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Callbacks, step 1: which objects a raw callback is about, read from the request with nothing trusted yet (no
    /// signature checked). The hub loads those objects and their connector data and then calls
    /// <see cref="VerifyCallbackAsync"/>. Never throws for a bad callback: answers <see cref="CallbackParse.Malformed"/>.
    /// </summary>
    CallbackParse ReadCallback(CallbackRequest request);

    /// <summary>
    /// Callbacks, step 2: verifies a raw callback (signature or token in constant time, timestamp within tolerance,
    /// a per-object token against its connector data) and says what it reports: verified updates, an unverified hint
    /// that only makes the hub fetch the status, or a rejection and why. <paramref name="objects"/> are the objects
    /// the hub found for the references of step 1 (an unknown reference is left out). Never throws for a bad callback.
    /// </summary>
    Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken);

    /// <summary>
    /// The currencies one account settles, when narrower than the descriptor's (MTN's target environment fixes one;
    /// an IremboPay payment account has one). The hub routes a payment only to accounts that settle its currency.
    /// Called with the account's settings; its credentials are not given here. Default: the descriptor's currencies.
    /// </summary>
    IReadOnlyList<string> AccountCurrencies(ConnectorAccount account) => Descriptor.Currencies;

    /// <summary>
    /// Whether a provider's HTTP answer counts as a provider failure for the account's circuit breaker. The default
    /// counts 5xx, 408 and 429; a connector whose provider answers definitive refusals with a 5xx (MTN's 500 with a
    /// business code) says those are not failures. The response content may be read (it is buffered).
    /// </summary>
    ValueTask<bool> IsProviderFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        ValueTask.FromResult((int)response.StatusCode >= 500 || (int)response.StatusCode is 408 or 429);
}
