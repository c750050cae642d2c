using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.Common;
using Hub.Tenancy;
using Hub.Tests.Infrastructure;
using Hub.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Simulators.MtnMomo;

namespace Hub.Tests.Webhooks;

/// <summary>
/// A hub on its own fresh database (deliveries of one test never meet another's), with an MTN simulator on a fake
/// clock and one tenant with merchants M (with an MTN sandbox account) and O (another merchant of the same tenant).
/// The hub runs on <see cref="Clock"/> (a FakeTimeProvider unless asked otherwise) with its dispatcher loop off:
/// tests run the dispatcher themselves with <see cref="DispatchAsync"/>.
/// </summary>
internal sealed class WebhookHarness : IAsyncDisposable
{
    private readonly List<HubApp> _hubs = [];
    private readonly TestDatabase _database;

    private WebhookHarness(TestDatabase database, MtnMomoSimulator simulator, FakeTimeProvider simulatorClock, TimeProvider clock)
    {
        _database = database;
        Simulator = simulator;
        SimulatorClock = simulatorClock;
        Clock = clock;
    }

    /// <summary>The hub's clock: a FakeTimeProvider unless the harness was started on the system clock.</summary>
    public TimeProvider Clock { get; }

    public FakeTimeProvider FakeClock => (FakeTimeProvider)Clock;

    public FakeTimeProvider SimulatorClock { get; }

    public MtnMomoSimulator Simulator { get; }

    public HubApp Hub => _hubs[0];

    public string MerchantKey { get; private set; } = "";

    public string OtherMerchantKey { get; private set; } = "";

    public static async Task<WebhookHarness> StartAsync(bool systemClock = false, bool allowPrivateNetworks = true)
    {
        var simulatorClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var simulator = MtnMomoSimulator.Start(new MtnMomoSimulatorOptions { Port = 0, Clock = simulatorClock });
        var database = await TestDatabase.CreateAsync();
        var harness = new WebhookHarness(database, simulator, simulatorClock,
            systemClock ? TimeProvider.System : new FakeTimeProvider(DateTimeOffset.UtcNow));
        var hub = harness.StartHub(allowPrivateNetworks: allowPrivateNetworks);
        await hub.MigrateAsync();
        await harness.SeedAsync();
        return harness;
    }

    /// <summary>Another hub instance on the same database and clock (several instances, or a restart).</summary>
    public HubApp StartHub(bool dispatcherEnabled = false, bool allowPrivateNetworks = true, int batchSize = 50)
    {
        var clock = Clock;
        var hub = new HubApp(_database.ConnectionString,
            settings: new Dictionary<string, string?>
            {
                ["Hub:Webhooks:Enabled"] = dispatcherEnabled ? "true" : "false",
                ["Hub:Webhooks:PollInterval"] = "00:00:00.100",
                ["Hub:Webhooks:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false",
                ["Hub:Webhooks:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            configureServices: clock is FakeTimeProvider ? s => s.AddSingleton(clock) : null);
        _hubs.Add(hub);
        _ = hub.Services; // starts the host, and with it the dispatcher's loop when enabled
        return hub;
    }

    public HttpClient Client(string? key, HubApp? hub = null)
    {
        var client = (hub ?? Hub).CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public static WebhookDispatcher Dispatcher(HubApp hub) => hub.Services.GetRequiredService<WebhookDispatcher>();

    /// <summary>One dispatcher run on the first hub; returns how many deliveries it attempted.</summary>
    public Task<int> DispatchAsync() => Dispatcher(Hub).RunOnceAsync(CancellationToken.None);

    /// <summary>Registers a webhook endpoint for merchant M; returns its id and the whsec_ secret from the reply.</summary>
    public async Task<(string Id, string Secret)> CreateEndpointAsync(string url, params string[] events)
    {
        using var client = Client(MerchantKey);
        var reply = await client.SendAsync(HttpMethod.Post, "/v1/webhook-endpoints",
            new JsonObject { ["url"] = url, ["events"] = new JsonArray([.. events.Select(e => JsonValue.Create(e))]) }.ToJsonString());
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body);
        return (reply.Json["id"]!.GetValue<string>(), reply.Json["secret"]!.GetValue<string>());
    }

    /// <summary>A 1002 XAF MTN payment for merchant M (created, then pending); returns its id.</summary>
    public async Task<string> CreatePaymentAsync(HubApp? hub = null)
    {
        using var client = Client(MerchantKey, hub);
        var reply = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body);
        Assert.Equal("pending", reply.Json["status"]!.GetValue<string>());
        return reply.Json["id"]!.GetValue<string>();
    }

    /// <summary>Lets the simulator's approval delay pass and asks the provider: an even amount is then paid.</summary>
    public async Task SyncToPaidAsync(string paymentId)
    {
        SimulatorClock.Advance(TimeSpan.FromSeconds(2));
        using var client = Client(MerchantKey);
        var synced = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{paymentId}/sync");
        Assert.True(synced.Status == HttpStatusCode.OK, synced.Body);
        Assert.Equal("paid", synced.Json["status"]!.GetValue<string>());
    }

    public async Task<JsonNode> DeliveriesAsync(string endpointId)
    {
        using var client = Client(MerchantKey);
        var reply = await client.FetchAsync($"/v1/webhook-endpoints/{endpointId}/deliveries?pageSize=100");
        Assert.True(reply.Status == HttpStatusCode.OK, reply.Body);
        return reply.Json["data"]!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in _hubs)
        {
            await hub.DisposeAsync();
        }

        Simulator.Dispose();
        await _database.DisposeAsync();
    }

    private async Task SeedAsync()
    {
        var (merchant, other) = await Hub.WithServicesAsync(async services =>
        {
            var admin = services.GetRequiredService<TenantAdmin>();
            var tenant = await admin.CreateTenantAsync("Webhook tenant", CancellationToken.None);
            var m = await admin.CreateMerchantAsync(tenant.Id, "M", CancellationToken.None);
            var o = await admin.CreateMerchantAsync(tenant.Id, "O", CancellationToken.None);
            return (await admin.CreateKeyAsync(tenant.Id, m.Id, false, null, CancellationToken.None),
                await admin.CreateKeyAsync(tenant.Id, o.Id, false, null, CancellationToken.None));
        });
        MerchantKey = merchant;
        OtherMerchantKey = other;

        using var client = Client(MerchantKey);
        var account = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo",
            environment = "sandbox",
            baseUrl = Simulator.Url,
            credentials = HubFixture.NewMtnCredentials(),
            settings = new { targetEnvironment = "mtncameroon" },
        });
        Assert.True(account.IsSuccessStatusCode, await account.Content.ReadAsStringAsync());
    }
}
