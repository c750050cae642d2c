using Connectors.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace TestPlugins.Broken;

/// <summary>The plug-in's entry point: registers a connector that throws when the hub builds it.</summary>
public sealed class BrokenPlugin : IConnectorPlugin
{
    public void ConfigureServices(IServiceCollection services) => services.AddSingleton<IConnector, ThrowingConnector>();
}

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

    public CallbackParse ReadCallback(CallbackRequest request) => throw new NotSupportedException();

    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken) => throw new NotSupportedException();
}
