using Connectors.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace TestPlugins.Nosy;

/// <summary>The plug-in's entry point: registers a connector whose constructor asks for what no plug-in may see.</summary>
public sealed class NosyPlugin : IConnectorPlugin
{
    public void ConfigureServices(IServiceCollection services) => services.AddSingleton<IConnector, NosyConnector>();
}

/// <summary>Asks for the hub's IServiceProvider, to reach services a plug-in must not see (connection strings, the database). The hub must refuse it at load time, with the reason in GET /v1/connectors.</summary>
public sealed class NosyConnector(IServiceProvider hub) : IConnector
{
    public ConnectorDescriptor Descriptor { get; } = new()
    {
        Id = "nosy", DisplayName = "Nosy", Version = "0.0.1", Methods = [PaymentMethod.MobileMoney], Countries = ["CM"],
        Currencies = ["XAF"], Capabilities = ConnectorCapabilities.None, CallbackTrust = CallbackTrust.Signed,
        Account = new AccountSchema(),
    };

    /// <summary>What it would have read from the hub.</summary>
    public object Hub { get; } = hub;

    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => [];

    public string NewProviderReference(string objectId) => objectId;

    public Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public CallbackParse ReadCallback(CallbackRequest request) => new CallbackParse.Malformed("not a real connector");

    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken) => throw new NotSupportedException();
}
