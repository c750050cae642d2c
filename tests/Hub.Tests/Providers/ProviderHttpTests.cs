using System.Net;
using Connectors.Abstractions;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Providers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hub.Tests.Providers;

/// <summary>Each connector account has its own HTTP client and circuit; the connector says what a failure is.</summary>
public sealed class ProviderHttpTests : IDisposable
{
    private readonly WireMockServer _provider = WireMockServer.Start();
    private readonly ProviderHttp _http = new(Options.Create(new HubOptions { ProviderAttemptTimeout = TimeSpan.FromSeconds(60), ProviderTotalTimeout = TimeSpan.FromSeconds(180) }), TimeProvider.System, NullLogger<ProviderHttp>.Instance);

    public ProviderHttpTests()
    {
        _provider.Given(Request.Create().WithPath("/broken")).RespondWith(Response.Create().WithStatusCode(503));
        _provider.Given(Request.Create().WithPath("/refused")).RespondWith(Response.Create().WithStatusCode(500).WithBody("""{"code":"NOT_ALLOWED"}"""));
        _provider.Given(Request.Create().WithPath("/ok")).RespondWith(Response.Create().WithStatusCode(200));
    }

    [Fact]
    public async Task OneAccountsFailures_OpenItsCircuitOnly_NotTheOtherMerchantsOnTheSameHost()
    {
        var connector = Loaded(new FakeConnector());
        var bad = Account();
        var good = Account();

        for (var i = 0; i < 12; i++)
        {
            try
            {
                using var reply = await _http.For(connector, bad, Empty).Client.PostAsync(new Uri("broken", UriKind.Relative), null);
            }
            catch (TimeoutException)
            {
                // A loaded machine may time a call out: that is a failure for the breaker too.
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
            {
                // Open already.
            }
        }

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() =>
            _http.For(connector, bad, Empty).Client.PostAsync(new Uri("ok", UriKind.Relative), null));
        using var other = await _http.For(connector, good, Empty).Client.PostAsync(new Uri("ok", UriKind.Relative), null);

        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError); // not sent: connectors classify it so
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Contains(_http.Circuits(), c => c.AccountId == bad.Id && c.State == CircuitState.Open);
        Assert.Contains(_http.Circuits(), c => c.AccountId == good.Id && c.State == CircuitState.Closed);
    }

    [Fact]
    public async Task AnswersTheConnectorCallsDefinitive_NeverOpenTheCircuit()
    {
        var connector = Loaded(new FakeConnector { DefinitiveCode = "NOT_ALLOWED" });
        var account = Account();

        for (var i = 0; i < 15; i++)
        {
            using var reply = await _http.For(connector, account, Empty).Client.PostAsync(new Uri("refused", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.InternalServerError, reply.StatusCode);
            Assert.Contains("NOT_ALLOWED", await reply.Content.ReadAsStringAsync(), StringComparison.Ordinal); // still readable
        }

        Assert.Contains(_http.Circuits(), c => c.AccountId == account.Id && c.State == CircuitState.Closed);
    }

    [Fact]
    public async Task UnsafeMethods_AreSentOnce_SafeOnesRetried()
    {
        var connector = Loaded(new FakeConnector());
        var account = Account();

        using (await _http.For(connector, account, Empty).Client.PostAsync(new Uri("broken", UriKind.Relative), null))
        {
        }

        var posts = _provider.LogEntries.Count(e => e.RequestMessage!.Method == "POST");
        using (await _http.For(connector, account, Empty).Client.GetAsync(new Uri("broken", UriKind.Relative)))
        {
        }

        Assert.Equal(1, posts);
        Assert.Equal(3, _provider.LogEntries.Count(e => e.RequestMessage!.Method == "GET"));
    }

    [Fact]
    public void AChangedAccount_GetsANewClient_AnUnchangedOneKeepsIt()
    {
        var connector = Loaded(new FakeConnector());
        var account = Account();

        var first = _http.For(connector, account, Empty);
        var again = _http.For(connector, account, Empty);
        account.UpdatedAt = account.UpdatedAt.AddSeconds(1);
        var changed = _http.For(connector, account, Empty);

        Assert.Same(first, again);
        Assert.NotSame(first, changed);
    }

    public void Dispose()
    {
        _http.Dispose();
        _provider.Dispose();
    }

    private static readonly Dictionary<string, string> Empty = [];

    private ConnectorAccountRow Account() => new()
    {
        Id = Guid.NewGuid(), Connector = "fake", BaseUrl = _provider.Url, ProtectedCredentials = "-",
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static LoadedConnector Loaded(IConnector connector) => new(connector, "Fake", "Fake.dll", "2.0");

    private sealed class FakeConnector : IConnector
    {
        public string? DefinitiveCode { get; init; }

        public ConnectorDescriptor Descriptor { get; } = new()
        {
            Id = "fake", DisplayName = "Fake", Version = "1.0.0", Methods = [PaymentMethod.MobileMoney], Countries = ["CM"],
            Currencies = ["XAF"], Capabilities = ConnectorCapabilities.None, CallbackTrust = CallbackTrust.Unsigned, Account = new AccountSchema(),
        };

        public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => [];

        public string NewProviderReference(string objectId) => objectId;

        public Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public CallbackParse ReadCallback(CallbackRequest request) => new CallbackParse.Malformed("no");

        public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
            IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async ValueTask<bool> IsProviderFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
            (int)response.StatusCode >= 500
            && (DefinitiveCode is null || !(await response.Content.ReadAsStringAsync(cancellationToken)).Contains(DefinitiveCode, StringComparison.Ordinal));
    }
}
