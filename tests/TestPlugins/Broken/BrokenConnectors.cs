using Connectors.Abstractions;

namespace TestPlugins.Broken;

/// <summary>Throws in its constructor, as a connector missing a setting would.</summary>
public sealed class ThrowingConnector : IConnector
{
    public ThrowingConnector() => throw new InvalidOperationException("the sky is falling");

    public ConnectorDescriptor Descriptor => throw new NotSupportedException();

    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => [];

    public string NewProviderReference(string objectId) => objectId;

    public Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
