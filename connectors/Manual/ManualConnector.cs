using Connectors.Abstractions;

namespace Connectors.Manual;

/// <summary>
/// Money moved outside any provider API: the payer wires money or pays into a local wallet and the merchant types the
/// bank's or wallet's reference (<c>transactionReference</c>, which the hub keeps unique per merchant). No provider is
/// called: a payment waits in <c>under_review</c> until the merchant or its tenant approves it (→ paid) or rejects it
/// (→ failed, payer_declined) — the hub's approve and reject, for connectors that declare
/// <see cref="ConnectorCapabilities.ManualApproval"/>. It can be canceled while under review.
/// </summary>
public sealed class ManualConnector : IConnector, ICancelConnector
{
    internal const string Id = "manual";

    private static readonly ConnectorDescriptor ConnectorDescriptor = new()
    {
        Id = Id,
        DisplayName = "Manual payments (bank transfer, local wallet)",
        Version = "1.0.0",
        Methods = [PaymentMethod.BankTransfer, PaymentMethod.LocalWallet],
        Countries = ["CM", "RW", "BR", "CI", "SN", "UG", "GH", "KE", "NG", "US", "FR", "GB"],
        Currencies = ["XAF", "XOF", "RWF", "BRL", "UGX", "GHS", "KES", "NGN", "USD", "EUR", "GBP"],
        Capabilities = ConnectorCapabilities.ManualApproval | ConnectorCapabilities.Cancel,
        CallbackTrust = CallbackTrust.Unsigned,
        Account = new AccountSchema { BaseUrlRequired = false },
    };

    /// <inheritdoc />
    public ConnectorDescriptor Descriptor => ConnectorDescriptor;

    /// <inheritdoc />
    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => [];

    /// <inheritdoc />
    public string NewProviderReference(string objectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        return objectId;
    }

    /// <inheritdoc />
    /// <remarks>Nothing to send: the payment waits for the merchant's decision.</remarks>
    public Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(request.TransactionReference is null
            ? PaymentResult.Refused(new Failure(FailureCode.InvalidAccount, "a manual payment needs the payer's transaction reference", null))
            : PaymentResult.Known(PaymentStatus.UnderReview, "awaiting_approval"));

    /// <inheritdoc />
    /// <remarks>No one to ask; the hub does not poll a connector without <see cref="ConnectorCapabilities.Polling"/>.</remarks>
    public Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(PaymentResult.Unknown("manual payments are decided by the merchant, not by a provider"));

    /// <inheritdoc />
    public CallbackParse ReadCallback(CallbackRequest request) => new CallbackParse.Malformed("manual payments have no provider callbacks");

    /// <inheritdoc />
    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken) =>
        Task.FromResult<CallbackVerification>(new CallbackVerification.Rejected(CallbackRejection.Malformed, "manual payments have no provider callbacks"));

    /// <inheritdoc />
    public Task<PaymentResult> CancelPaymentAsync(ConnectorContext context, CancelPaymentRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(request.Status is PaymentStatus.UnderReview or PaymentStatus.Created
            ? PaymentResult.Known(PaymentStatus.Canceled, "canceled")
            : PaymentResult.Refused(new Failure(FailureCode.ProviderError, $"a {request.Status} manual payment cannot be canceled", null)));
}
