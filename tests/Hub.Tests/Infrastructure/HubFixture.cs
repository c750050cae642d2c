using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.Common;
using Hub.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Simulators.MtnMomo;

namespace Hub.Tests.Infrastructure;

/// <summary>
/// One hub, one database and one MTN simulator (on a fake clock) shared by the tests of the "hub" collection, with
/// two tenants: A (merchants A1 and A2, each with an MTN sandbox account) and B (merchant B1, also with one).
/// </summary>
public sealed class HubFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private HubApp? _app;

    public FakeTimeProvider SimulatorClock { get; } = new(DateTimeOffset.UtcNow);

    public MtnMomoSimulator Simulator { get; private set; } = null!;

    internal HubApp App => _app!;

    internal TestDatabase Database => _database!;

    public string TenantAKey { get; private set; } = "";

    public string MerchantA1 { get; private set; } = "";

    public string MerchantA1Key { get; private set; } = "";

    public string MerchantA2 { get; private set; } = "";

    public string MerchantA2Key { get; private set; } = "";

    public string MerchantB1 { get; private set; } = "";

    public string MerchantB1Key { get; private set; } = "";

    public string AccountA1 { get; private set; } = "";

    /// <summary>The MTN credentials given to merchant A1's account: they must never show in a reply or a log.</summary>
    public IReadOnlyDictionary<string, string> MtnCredentialsA1 { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Simulator = MtnMomoSimulator.Start(new MtnMomoSimulatorOptions { Port = 0, Clock = SimulatorClock });
        _database = await TestDatabase.CreateAsync();
        _app = new HubApp(_database.ConnectionString, listen: true);
        await _app.MigrateAsync();

        (TenantAKey, var merchantsA) = await SeedTenantAsync("Tenant A", "A1", "A2");
        (_, var merchantsB) = await SeedTenantAsync("Tenant B", "B1");
        (MerchantA1, MerchantA1Key) = merchantsA[0];
        (MerchantA2, MerchantA2Key) = merchantsA[1];
        (MerchantB1, MerchantB1Key) = merchantsB[0];

        MtnCredentialsA1 = NewMtnCredentials();
        AccountA1 = await CreateMtnAccountAsync(MerchantA1Key, MtnCredentialsA1);
        await CreateMtnAccountAsync(MerchantA2Key, NewMtnCredentials());
        await CreateMtnAccountAsync(MerchantB1Key, NewMtnCredentials());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Simulator.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A client authenticated with <paramref name="key"/> (Bearer), or anonymous.</summary>
    public HttpClient Client(string? key = null, string? actAs = null)
    {
        var client = App.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (actAs is not null)
        {
            client.DefaultRequestHeaders.Add("Hub-Merchant", actAs);
        }

        return client;
    }

    public async Task<string> CreateMtnAccountAsync(string merchantKey, IReadOnlyDictionary<string, string> credentials,
        string? baseUrl = null)
    {
        using var client = Client(merchantKey);
        var reply = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo",
            environment = "sandbox",
            baseUrl = baseUrl ?? Simulator.Url,
            credentials,
            settings = new { targetEnvironment = "mtncameroon" },
        });
        var body = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    /// <summary>A merchant of its own (a new tenant), with no connector account yet: its id and test key.</summary>
    public async Task<(string Id, string Key)> NewMerchantAsync(string name)
    {
        var (_, merchants) = await SeedTenantAsync("Tenant of " + name, name);
        return merchants[0];
    }

    public static Dictionary<string, string> NewMtnCredentials() => new()
    {
        ["apiUser"] = Guid.NewGuid().ToString(),
        ["apiKey"] = "mtnkey" + Guid.NewGuid().ToString("N"),
        ["subscriptionKey"] = "sub" + Guid.NewGuid().ToString("N"),
        ["disbursementSubscriptionKey"] = "dsub" + Guid.NewGuid().ToString("N"),
    };

    private async Task<(string TenantKey, List<(string Id, string Key)> Merchants)> SeedTenantAsync(string name, params string[] merchants) =>
        await App.WithServicesAsync(async services =>
        {
            var admin = services.GetRequiredService<TenantAdmin>();
            var tenant = await admin.CreateTenantAsync(name, CancellationToken.None);
            var list = new List<(string, string)>();
            foreach (var merchantName in merchants)
            {
                var merchant = await admin.CreateMerchantAsync(tenant.Id, merchantName, CancellationToken.None);
                list.Add((PublicId.Format(PublicId.Merchant, merchant.Id),
                    await admin.CreateKeyAsync(tenant.Id, merchant.Id, false, null, CancellationToken.None)));
            }

            return (await admin.CreateKeyAsync(tenant.Id, null, false, null, CancellationToken.None), list);
        });
}

[CollectionDefinition(Name)]
public sealed class HubCollection : ICollectionFixture<HubFixture>
{
    public const string Name = "hub";
}
