using System.Collections;
using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Refit;

namespace Connectors.Kit.Tests;

public interface IAcmeApi
{
    [Get("/ping")]
    Task<IApiResponse> PingAsync();
}

public sealed class MiscTests
{
    [Fact]
    public void EventIds_FromBody_StablePrefixedDigest()
    {
        // printf '{"status":"SUCCESSFUL"}' | sha256sum
        var id = EventIds.FromBody("""{"status":"SUCCESSFUL"}"""u8);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            """{"status":"SUCCESSFUL"}"""u8)), id);
        Assert.Equal(id, EventIds.FromBody(Encoding.UTF8.GetBytes("""{"status":"SUCCESSFUL"}""")));
        Assert.NotEqual(id, EventIds.FromBody("""{"status":"SUCCESSFUL"} """u8));
    }

    [Fact]
    public void EventIds_EmptyBody_KnownDigest() =>
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", EventIds.FromBody([]));

    [Fact]
    public void FailureMessages_EveryCodeHasAnEnglishSentence()
    {
        foreach (var code in Enum.GetValues<FailureCode>())
        {
            var message = FailureMessages.For(code);
            Assert.EndsWith(".", message, StringComparison.Ordinal);
            Assert.True(char.IsUpper(message[0]), code.ToString());
        }

        Assert.Equal(new Failure(FailureCode.InsufficientFunds, "The payer's balance was too low.", "NOT_ENOUGH_FUNDS"),
            FailureMessages.Failure(FailureCode.InsufficientFunds, "NOT_ENOUGH_FUNDS"));
    }

    [Fact]
    public void RefitClients_SameAccountAndHttpClient_BuiltOnce()
    {
        var clients = new RefitClients<IAcmeApi>(new RefitSettings());
        using var http = new HttpClient { BaseAddress = new Uri("http://provider.test") };

        var first = clients.For("ca_1", http);
        var second = clients.For("ca_1", http);

        Assert.Same(first, second);
        Assert.Equal(1, clients.Count);
    }

    [Fact]
    public void RefitClients_OtherAccountOrNewHttpClient_NewClient()
    {
        var clients = new RefitClients<IAcmeApi>(new RefitSettings());
        using var http = new HttpClient { BaseAddress = new Uri("http://provider.test") };
        using var replaced = new HttpClient { BaseAddress = new Uri("http://provider.test") };

        var first = clients.For("ca_1", http);
        var other = clients.For("ca_2", http);
        var rebuilt = clients.For("ca_1", replaced);

        Assert.NotSame(first, other);
        Assert.NotSame(first, rebuilt);
        Assert.Same(rebuilt, clients.For("ca_1", replaced));
        Assert.Equal(2, clients.Count);
    }

    [Fact]
    public void ConnectorLog_Requesting_MasksThePhone()
    {
        var logger = new ListLogger();

        logger.Requesting("Acme", "request to pay", "ref-1", new Money(5000, Currency.FromCode("XAF")), "+237671234567", "ca_1");
        logger.Outcome("Acme", "ref-1", PaymentResult.Unknown("no reply from Acme"));
        logger.CallbackRejected("Acme", new CallbackVerification.Rejected(CallbackRejection.SignatureInvalid, "signature mismatch"));

        Assert.Equal(
            [
                "Acme request to pay ref-1: 5000 XAF from +237******567 (account ca_1)",
                "Acme call for ref-1 ended without a known outcome (Unknown): no reply from Acme",
                "Acme callback rejected (SignatureInvalid): signature mismatch",
            ],
            logger.Lines);
    }

    [Fact]
    public void ConnectorPlugin_RegistersTheConnectorAsSingleton()
    {
        var services = new Services();

        new AcmePlugin().ConfigureServices(services);

        var descriptor = Assert.Single(services);
        Assert.Equal(typeof(IConnector), descriptor.ServiceType);
        Assert.Equal(typeof(AcmeConnector), descriptor.ImplementationType);
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
    }

    [Fact]
    public void AccountFields_SettingDefaultIsItsExampleAndApplies()
    {
        var field = AccountFields.Setting("targetEnvironment", "where", "sandbox", ["sandbox", "mtncameroon"]);
        var schema = new AccountSchema { Settings = [field] };

        Assert.Equal("sandbox", field.Example);
        Assert.False(field.Required);
        Assert.Equal("sandbox", KitTestSupport.Account().SettingOrDefault(field));
        Assert.Equal("settings.targetEnvironment", Assert.Single(schema.Validate(
            new Dictionary<string, string>(), new Dictionary<string, string> { ["targetEnvironment"] = "mars" })).Field);
        Assert.Throws<InvalidOperationException>(() => KitTestSupport.Account().RequiredCredential("apiKey"));
    }

    [Fact]
    public async Task FakeClock_DrivesTokenExpiry()
    {
        var clock = new FakeTimeProvider();
        var tokens = new AccessTokens("Acme", TimeSpan.Zero);
        var n = 0;
        Task<TokenResult> Fetch(CancellationToken _) => Task.FromResult(TokenResult.Issued($"t{++n}", TimeSpan.FromSeconds(60)));

        await tokens.GetAsync(new TokenKey("ca_1", "s"), clock, Fetch, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(59));
        await tokens.GetAsync(new TokenKey("ca_1", "s"), clock, Fetch, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var last = await tokens.GetAsync(new TokenKey("ca_1", "s"), clock, Fetch, CancellationToken.None);

        Assert.Equal("t2", last.AccessToken);
    }

    private sealed class Services : List<ServiceDescriptor>, IServiceCollection;
}

public sealed class AcmePlugin : ConnectorPlugin<AcmeConnector>;

public sealed class AcmeConnector : IConnector
{
    public ConnectorDescriptor Descriptor => throw new NotSupportedException();

    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => [];

    public string NewProviderReference(string objectId) => objectId;

    public Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public CallbackParse ReadCallback(CallbackRequest request) => new CallbackParse.Malformed("none");

    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken) => throw new NotSupportedException();
}
