using Connectors.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace TestPlugins.Liar;

/// <summary>The plug-in's entry point.</summary>
public sealed class LiarPlugin : IConnectorPlugin
{
    public void ConfigureServices(IServiceCollection services) => services.AddSingleton<IConnector, LiarConnector>();
}

/// <summary>Declares refunds without implementing IRefundConnector: the hub must refuse it at load, not at the first refund.</summary>
public sealed class LiarConnector : IConnector
{
    public ConnectorDescriptor Descriptor { get; } = new()
    {
        Id = "liar", DisplayName = "Liar", Version = "0.0.1", Methods = [PaymentMethod.MobileMoney], Countries = ["CM"],
        Currencies = ["XAF"], Capabilities = ConnectorCapabilities.Refund, CallbackTrust = CallbackTrust.Signed,
        Account = new AccountSchema(),
    };

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
