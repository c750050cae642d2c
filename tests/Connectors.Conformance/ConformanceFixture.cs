using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Conformance;

/// <summary>
/// What a connector declares to run the conformance suite: the plug-in, how to start its simulator, a sandbox
/// account, the sandbox outcome rules, the documented raw statuses, how a genuine callback is built, and which
/// capabilities to exercise. Derive from it, override the declarations, and derive a test class from
/// <see cref="ConnectorConformance{TFixture}"/>.
/// </summary>
/// <remarks>
/// The declarations are read twice: by xunit when it discovers the test rows (on an instance that is never
/// initialized, so they must not need the simulator), and by the tests once <see cref="InitializeAsync"/> ran.
/// </remarks>
public abstract class ConformanceFixture : IAsyncLifetime
{
    private readonly System.Collections.Concurrent.ConcurrentBag<HttpClient> _clients = [];
    private SimulatorEndpoint? _endpoint;
    private IConnector? _connector;
    private ConnectorAccount? _account;

    // ----- Declarations -----

    /// <summary>The plug-in under test: <see cref="ConnectorSource.FromRepositoryPlugin"/>, a folder, or an instance.</summary>
    public abstract ConnectorSource Source { get; }

    /// <summary>The connector's id, when the plug-in registers several.</summary>
    public virtual string? ConnectorId => null;

    /// <summary>The connector's own options (<c>Hub:Connectors:{id}:*</c>).</summary>
    public virtual ConnectorOptions Options => ConnectorOptions.Empty;

    /// <summary>
    /// Starts the simulator (port 0: a free one) and says where it listens. It must serve the <c>/__sim</c> control
    /// API, its clock included: the suite moves the simulator's clock with <c>POST /__sim/clock/advance</c> and the
    /// connector's context clock by the same amount.
    /// </summary>
    protected abstract Task<SimulatorEndpoint> StartSimulatorAsync();

    /// <summary>
    /// Credential values replacing the descriptor's examples (the default account is built from each field's
    /// <see cref="AccountField.Example"/>, else its <see cref="AccountField.Default"/>).
    /// </summary>
    public virtual IReadOnlyDictionary<string, string> CredentialOverrides { get; } = new Dictionary<string, string>();

    /// <summary>Setting values replacing the descriptor's examples and defaults.</summary>
    public virtual IReadOnlyDictionary<string, string> SettingOverrides { get; } = new Dictionary<string, string>();

    /// <summary>
    /// A payment the sandbox takes and pays after <see cref="DefaultPaymentPaidAfterSeconds"/>: the suite uses it
    /// wherever a test needs "some payment" (transport faults, resends, logs, callbacks).
    /// </summary>
    public abstract PaymentSpec DefaultPayment { get; }

    /// <summary>When <see cref="DefaultPayment"/> is paid, in simulated seconds after its creation.</summary>
    public virtual int DefaultPaymentPaidAfterSeconds => 0;

    /// <summary>The sandbox outcome rules, one test row each.</summary>
    public virtual IReadOnlyList<SandboxCase> SandboxCases => [];

    /// <summary>The documented raw statuses and what each maps to, one test row each.</summary>
    public virtual IReadOnlyList<RawStatusCase> RawStatuses => [];

    /// <summary>
    /// An override outcome forcing a status the provider does not document (e.g. <c>{"status":"SETTLING"}</c>): the
    /// connector must not map it silently. Null skips the check.
    /// </summary>
    public virtual JsonObject? UndocumentedStatus => null;

    /// <summary>
    /// Makes the provider's status query for <paramref name="providerReference"/> answer a status it does not
    /// document, where <c>/__sim/overrides</c> cannot (an in-process simulator can add a WireMock mapping ahead of its
    /// own). The default uses <see cref="UndocumentedStatus"/>, set before the payment is created; false (neither
    /// declared) skips the check.
    /// </summary>
    /// <param name="providerReference">The payment's reference.</param>
    /// <param name="created">False before the creation, true after it: force it at whichever suits the simulator.</param>
    public virtual async Task<bool> ForceUndocumentedStatusAsync(string providerReference, bool created)
    {
        if (UndocumentedStatus is not { } forced)
        {
            return false;
        }

        if (!created)
        {
            await Simulator.OverrideAsync(providerReference, forced);
        }

        return true;
    }

    /// <summary>
    /// Provider answers and whether each counts as a provider failure for the circuit breaker, beyond the suite's own
    /// (a 503 is one, a 202 is not): a provider that refuses definitively with a 5xx says those are not.
    /// </summary>
    public virtual IReadOnlyList<ProviderAnswer> ProviderAnswers => [];

    /// <summary>The provider endpoints the suite puts faults on.</summary>
    public abstract ProviderPaths Paths { get; }

    /// <summary>Which declared capabilities the suite exercises (the rest are skipped with the reason).</summary>
    public virtual ConnectorCapabilities Exercise => (ConnectorCapabilities)~0;

    /// <summary>What provider references look like (MTN: a UUID v4); null: only determinism is checked.</summary>
    public virtual Regex? ProviderReferenceFormat => null;

    /// <summary>
    /// For signed callbacks with a timestamp: how old a genuine callback may be. The suite checks one older than this
    /// is rejected; null (no timestamp in the provider's scheme) skips that check.
    /// </summary>
    public virtual TimeSpan? CallbackTolerance => null;

    /// <summary>Who receives the exercised payout (default: the default payment's payer).</summary>
    public virtual PayoutRecipient PayoutRecipient => new() { Phone = DefaultPayment.Phone, Name = "Conformance" };

    /// <summary>The phone of an active account holder (default: the default payment's payer).</summary>
    public virtual string? AccountHolderPhone => DefaultPayment.Phone;

    /// <summary>An authorize-only payment that ends authorized, for capture; null skips capture.</summary>
    public virtual PaymentSpec? AuthorizeOnlyPayment => null;

    /// <summary>How long the suite's HTTP client waits in the timeout checks (the simulator holds the reply longer).</summary>
    public virtual TimeSpan ShortClientTimeout => TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// A genuine callback about <paramref name="payment"/>, as the provider would send it to
    /// <see cref="ConnectorContext.CallbackUrl"/>. The default takes the last callback the simulator sent about the
    /// payment's provider reference (<c>GET /__sim/callbacks</c>: URL, method and body; no headers), which suits an
    /// unsigned provider. A signed provider overrides it and signs with the account's secret.
    /// </summary>
    public virtual async Task<CallbackRequest> GenuineCallbackAsync(CallbackObject payment, ConnectorContext context)
    {
        var sent = await Simulator.WaitForCallbackAsync(payment.ProviderReference)
            ?? throw new ConformanceSetupException(
                $"the simulator sent no callback about {payment.ProviderReference}: override GenuineCallbackAsync");
        var url = new Uri(sent["url"]!.GetValue<string>());
        var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), p.Length > 1 ? Uri.UnescapeDataString(p[1]) : ""))
            .DistinctBy(p => p.Key);
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
        if (sent["headers"] is JsonObject sentHeaders)
        {
            foreach (var (name, value) in sentHeaders)
            {
                headers[name] = value?.ToString() ?? "";
            }
        }

        var callbackPath = context.CallbackUrl.AbsolutePath;
        var path = url.AbsolutePath.StartsWith(callbackPath, StringComparison.Ordinal) ? url.AbsolutePath[callbackPath.Length..] : "";
        return new CallbackRequest(sent["method"]?.GetValue<string>() ?? "POST", path, query, headers,
            Encoding.UTF8.GetBytes(sent["body"]?.GetValue<string>() ?? ""));
    }

    /// <summary>
    /// The URL the connector gives the provider for callbacks. The default is on <c>localhost</c>, on a port where
    /// nothing listens: the simulator's callbacks are refused, and recorded in <c>/__sim/callbacks</c> all the same.
    /// </summary>
    public virtual Uri CallbackUrl(string connectorId, string accountId) =>
        new($"http://localhost:{ClosedPort}/v1/callbacks/{connectorId}/{accountId}");

    // ----- Run time (after InitializeAsync) -----

    /// <summary>The simulator's controls.</summary>
    public SimulatorControl Simulator { get; private set; } = null!;

    /// <summary>The connector's clock, moved with the simulator's (<see cref="AdvanceAsync"/>).</summary>
    public FakeTimeProvider Clock { get; private set; } = null!;

    /// <summary>Every log line of every connector the fixture built.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>A loopback port where nothing listens.</summary>
    public int ClosedPort { get; } = FindClosedPort();

    /// <summary>The connector, built once from the plug-in in its own container.</summary>
    public IConnector Connector => _connector ?? throw NotInitialized();

    /// <summary>The sandbox account on the simulator.</summary>
    public ConnectorAccount Account => _account ?? throw NotInitialized();

    /// <summary>The account's id.</summary>
    public virtual string AccountId => "ca_01CONFORMANCE00000000000000";

    /// <summary>Starts the simulator and builds the connector.</summary>
    public virtual async Task InitializeAsync()
    {
        _endpoint = await StartSimulatorAsync();
        Simulator = new SimulatorControl(_endpoint.Url);
        Clock = new FakeTimeProvider(await Simulator.NowAsync());
        _connector = NewConnector();
        _account = DefaultAccount(_connector.Descriptor);
    }

    /// <summary>Stops the simulator.</summary>
    public virtual Task DisposeAsync()
    {
        Simulator?.Dispose();
        _endpoint?.Owner?.Dispose();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        return Task.CompletedTask;
    }

    /// <summary>A connector in a fresh container (cold caches): what a restarted hub gets.</summary>
    public IConnector NewConnector() => Source.Build(Clock, Logs, Options, ConnectorId);

    /// <summary>The account built from the descriptor's examples and defaults, then (unless told not to) the overrides.</summary>
    public ConnectorAccount DefaultAccount(ConnectorDescriptor descriptor, Uri? baseUrl = null, bool withOverrides = true)
    {
        static Dictionary<string, string> Fill(IEnumerable<AccountField> fields, IReadOnlyDictionary<string, string> overrides)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var field in fields)
            {
                if ((field.Example ?? field.Default) is { } value)
                {
                    values[field.Name] = value;
                }
            }

            foreach (var (name, value) in overrides)
            {
                values[name] = value;
            }

            return values;
        }

        return new ConnectorAccount
        {
            Id = AccountId,
            Environment = ConnectorEnvironment.Sandbox,
            BaseUrl = baseUrl ?? new Uri(_endpoint!.Url.ToString().TrimEnd('/')),
            Credentials = Fill(descriptor.Account.Credentials, withOverrides ? CredentialOverrides : new Dictionary<string, string>()),
            Settings = Fill(descriptor.Account.Settings, withOverrides ? SettingOverrides : new Dictionary<string, string>()),
        };
    }

    /// <summary>A context for one call, as the hub builds it: an HTTP client on the account's base URL.</summary>
    public ConnectorContext Context(ConnectorAccount? account = null, TimeSpan? timeout = null,
        Func<string, CancellationToken, Task>? saveData = null)
    {
        account ??= Account;
        var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = account.BaseUrl,
            Timeout = timeout ?? TimeSpan.FromSeconds(20),
        };
        _clients.Add(http);
        return new ConnectorContext
        {
            Account = account,
            CallbackUrl = CallbackUrl(Connector.Descriptor.Id, account.Id),
            HttpClient = http,
            Clock = Clock,
            Logger = Logs.CreateLogger("Connector." + Connector.Descriptor.Id),
            SaveDataAsync = saveData ?? ((_, _) => Task.CompletedTask),
        };
    }

    /// <summary>Moves the simulator's clock and the connector's by <paramref name="by"/>.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        if (by <= TimeSpan.Zero)
        {
            return;
        }

        await Simulator.AdvanceClockAsync(by);
        Clock.Advance(by);
    }

    private static int FindClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static InvalidOperationException NotInitialized() =>
        new("the fixture is not initialized: use it as IClassFixture<> of a ConnectorConformance<> test class");
}
