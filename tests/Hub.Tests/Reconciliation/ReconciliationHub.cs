using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.Common;
using Hub.Persistence;
using Hub.Reconciliation;
using Hub.Tenancy;
using Hub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Simulators.MtnMomo;

namespace Hub.Tests.Reconciliation;

/// <summary>
/// One test's world: its own database, a hub whose clock is fake and whose reconciliation loop is off (the test
/// calls <see cref="Reconciler.RunOnceAsync"/>), and an MTN simulator on its own fake clock. Each test gets a fresh
/// one because the hub clock moves by days: payments left over from another test would become due and be asked too.
/// </summary>
internal sealed class ReconciliationHub : IAsyncDisposable
{
    public const string StatusQueryPath = "/collection/v1_0/requesttopay/";

    private readonly List<HubApp> _apps = [];
    private readonly IDictionary<string, string?> _settings;

    private ReconciliationHub(TestDatabase database, IDictionary<string, string?>? settings)
    {
        Database = database;
        _settings = new Dictionary<string, string?>
        {
            ["Hub:Reconciliation:Enabled"] = "false",
            ["Hub:Webhooks:Enabled"] = "false",
            // These tests count status queries per run; HubApp's 2 s attempt timeout can pass on a loaded CI machine
            // before the query leaves (an unknown answer, no query counted). The schedule, not the timeout, is tested.
            ["Hub:ProviderAttemptTimeout"] = "00:00:20",
            ["Hub:ProviderTotalTimeout"] = "00:00:40",
            // The cleanups run on the same fake clock: a day's advance fires the idempotency janitor, whose release of
            // an expired key updates the payment row just as the test's reconciler run claims it, and the claim's SKIP
            // LOCKED then passes it by for that run (a flake seen on CI: handled 0, due next run). Harmless in
            // production; the tests count runs, so the cleanups stay off here.
            ["Hub:IdempotencyCleanupInterval"] = "00:00:00",
            ["Hub:CheckoutSweepInterval"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        Simulator = MtnMomoSimulator.Start(new MtnMomoSimulatorOptions { Port = 0, Clock = SimulatorClock });
    }

    /// <summary>The hub's clock: every hub instance of this test shares it, as servers share real time.</summary>
    public FakeTimeProvider HubClock { get; } = new(WholeSecondsNow());

    public FakeTimeProvider SimulatorClock { get; } = new(WholeSecondsNow());

    public MtnMomoSimulator Simulator { get; }

    public TestDatabase Database { get; }

    public HubApp App => _apps[0];

    public string MerchantKey { get; private set; } = "";

    public static async Task<ReconciliationHub> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var hub = new ReconciliationHub(await TestDatabase.CreateAsync(), settings);
        try
        {
            var app = hub.AddInstance();
            await app.MigrateAsync();
            hub.MerchantKey = await hub.SeedMerchantAsync();
            await hub.CreateMtnAccountAsync();
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    /// <summary>Another hub instance on the same database and clock (several instances behind a load balancer).</summary>
    public HubApp AddInstance()
    {
        var app = new HubApp(Database.ConnectionString, settings: _settings, listen: true,
            configureServices: s => s.AddSingleton<TimeProvider>(HubClock));
        _apps.Add(app);
        return app;
    }

    public static Reconciler ReconcilerOf(HubApp app) => app.Services.GetRequiredService<Reconciler>();

    public Task<int> RunOnceAsync() => ReconcilerOf(App).RunOnceAsync(CancellationToken.None);

    public HttpClient Client()
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MerchantKey);
        return client;
    }

    /// <summary>Creates an MTN payment in XAF (Cameroon routes to MTN); returns its reply, asserted 201.</summary>
    public async Task<JsonNode> CreatePaymentAsync(long amount, int? expiresInSeconds = null, string? description = "Order 123")
    {
        var body = JsonNode.Parse(Api.MtnPayment(amount, description: description))!.AsObject();
        if (expiresInSeconds is { } seconds)
        {
            body["expiresInSeconds"] = seconds;
        }

        using var client = Client();
        var reply = await client.CreatePaymentAsync(body.ToJsonString(), Api.NewKey());
        Assert.True(reply.Status == System.Net.HttpStatusCode.Created, reply.Body);
        return reply.Json;
    }

    /// <summary>Makes every later request to pay of <paramref name="amount"/> stay PENDING for ever.</summary>
    public void KeepPendingForEver(long amount) => Simulator.AddOverride(new MtnMomoOverride
    {
        Match = new MtnMomoOverrideMatch { Amount = amount.ToString(System.Globalization.CultureInfo.InvariantCulture), Operation = "requesttopay" },
        Outcome = new MtnMomoOverrideOutcome { Status = "PENDING" },
    });

    public async Task<JsonNode> GetPaymentAsync(string id)
    {
        using var client = Client();
        var reply = await client.FetchAsync($"/v1/payments/{id}");
        Assert.True(reply.Status == System.Net.HttpStatusCode.OK, reply.Body);
        return reply.Json;
    }

    /// <summary>The payment's row as the reconciler sees it.</summary>
    public Task<Payment> RowAsync(string id) => App.WithSystemDbAsync(db =>
    {
        Assert.True(PublicId.TryParse(PublicId.Payment, id, out var guid));
        return db.Payments.AsNoTracking().SingleAsync(p => p.Id == guid);
    });

    /// <summary>How many times MTN was asked for this payment's status (its X-Reference-Id is the payment's reference).</summary>
    public async Task<int> StatusQueriesAsync(string id)
    {
        var reference = (await RowAsync(id)).ProviderReference;
        return Simulator.Server.LogEntries.Count(e => e.RequestMessage!.Method == "GET"
            && e.RequestMessage.Path == StatusQueryPath + reference);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        Simulator.Dispose();
        await Database.DisposeAsync();
    }

    // Near real time (data protection keys and tokens are dated by it), in whole seconds so PostgreSQL's microseconds
    // give back exactly the instants the test computes.
    private static DateTimeOffset WholeSecondsNow()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    // As HubFixture seeds its tenants: one tenant, one merchant, the merchant's test key.
    private Task<string> SeedMerchantAsync() => App.WithServicesAsync(async services =>
    {
        var admin = services.GetRequiredService<TenantAdmin>();
        var tenant = await admin.CreateTenantAsync("Reconciliation tenant", CancellationToken.None);
        var merchant = await admin.CreateMerchantAsync(tenant.Id, "R1", CancellationToken.None);
        return await admin.CreateKeyAsync(tenant.Id, merchant.Id, false, null, CancellationToken.None);
    });

    private async Task CreateMtnAccountAsync()
    {
        using var client = Client();
        var reply = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo",
            environment = "sandbox",
            baseUrl = Simulator.Url,
            credentials = HubFixture.NewMtnCredentials(),
            settings = new { targetEnvironment = "mtncameroon" },
        });
        var body = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.IsSuccessStatusCode, body);
    }
}
