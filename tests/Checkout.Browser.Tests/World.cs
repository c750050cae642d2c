using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.Persistence;
using Hub.Tenancy;
using Hub.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Simulators.Card;
using Simulators.MtnMomo;
using Simulators.Pix;

namespace Checkout.Browser.Tests;

/// <summary>
/// One hub on Kestrel (its own database, the plug-ins of artifacts/plugins), the MTN, Pix and card simulators on the real
/// clock (they call the hub back), a merchant "Demo Shop" with an account at each, the merchant's return page, and
/// Debian's Chromium driven by Playwright.
/// </summary>
public sealed class World : IAsyncLifetime
{
    /// <summary>Without these Chromium stalls on this closed network (update checks, QUIC, sync).</summary>
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private TestDatabase? _database;
    private HubHost? _hub;
    private IPlaywright? _playwright;

    public const string MerchantName = "Demo Shop";

    public MtnMomoSimulator Mtn { get; private set; } = null!;

    public PixSimulator Pix { get; private set; } = null!;

    public CardSimulator Card { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    internal ReturnReceiver Receiver { get; private set; } = null!;

    public string HubUrl { get; private set; } = "";

    public string MerchantKey { get; private set; } = "";

    /// <summary>Where screenshots go: TestResults/checkout/ at the repository root.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepoRoot(), "TestResults", "checkout");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("CHECKOUT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {chromium}: install Debian's (apt-get install -y chromium, which ./test.sh does as root) "
                + "or set CHECKOUT_CHROMIUM to a Chromium executable. Browser downloads (playwright install) are not used.");
        }

        Mtn = MtnMomoSimulator.Start(new MtnMomoSimulatorOptions { Port = 0 });
        Pix = PixSimulator.Start(new PixSimulatorOptions { Port = 0 });
        Card = CardSimulator.Start(new CardSimulatorOptions { Port = 0 });
        Receiver = new ReturnReceiver();
        _database = await TestDatabase.CreateAsync();
        var port = FreePort();
        HubUrl = $"http://localhost:{port}";
        _hub = new HubHost(_database.ConnectionString, port, HubUrl);
        await _hub.MigrateAsync();
        MerchantKey = await _hub.SeedMerchantAsync(MerchantName);
        await CreateAccountAsync(new
        {
            connector = "mtn_momo", environment = "sandbox", baseUrl = Mtn.Url,
            credentials = new { apiUser = Guid.NewGuid().ToString(), apiKey = "mtnkey" + Guid.NewGuid().ToString("N"), subscriptionKey = "sub1", disbursementSubscriptionKey = "dsub1" },
            settings = new { targetEnvironment = "mtncameroon" },
        });
        await CreateAccountAsync(new
        {
            connector = "pix", environment = "sandbox", baseUrl = Pix.Url,
            credentials = new { clientId = "pix-sandbox-client", clientSecret = "pix-sandbox-secret", callbackSecret = "whsec_pix_browser_0001" },
            settings = new { pixKey = "7d9f0335-8dcc-4054-9bf9-0dbd61d36906", merchantName = "DEMO SHOP", merchantCity = "SAO PAULO" },
        });
        await CreateAccountAsync(new
        {
            connector = "card", environment = "sandbox", baseUrl = Card.Url,
            credentials = new { merchantId = "4f6a1c2e-8b3d-4e5f-9a7b-1c2d3e4f5a6b", merchantKey = "SANDBOXCARDDEMOKEY0000000000000000000001" },
        });

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Args = ChromiumArgs, Headless = true });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        Receiver?.Dispose();
        Mtn?.Dispose();
        Pix?.Dispose();
        Card?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A client with the merchant's key.</summary>
    public HttpClient MerchantClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(HubUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MerchantKey);
        return client;
    }

    /// <summary>A checkout session returning to the receiver (with a query string of the merchant's own): its page URL.</summary>
    public async Task<string> CreateSessionAsync(long amount, string currency)
    {
        using var client = MerchantClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checkout-sessions")
        {
            Content = JsonContent.Create(new { amount, currency, returnUrl = Receiver.Url + "return?order=42", description = "Order 42" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var reply = await client.SendAsync(request);
        var body = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["url"]!.GetValue<string>();
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task CreateAccountAsync(object account)
    {
        using var client = MerchantClient();
        var reply = await client.PostAsJsonAsync("/v1/connector-accounts", account);
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Connectors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Connectors.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The real hub (Program) on Kestrel at a loopback port, so the browser and the simulators reach it.</summary>
    private sealed class HubHost : WebApplicationFactory<Program>
    {
        private readonly string _connectionString;
        private readonly string _publicUrl;

        public HubHost(string connectionString, int port, string publicUrl)
        {
            _connectionString = connectionString;
            _publicUrl = publicUrl;
            UseKestrel(port);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Hub", _connectionString);
            builder.UseSetting("Hub:PublicUrl", _publicUrl);
            builder.UseSetting("Hub:PluginsPath", Path.Combine(RepoRoot(), "artifacts", "plugins"));
        }

        public async Task MigrateAsync()
        {
            StartServer();
            using var scope = Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<MerchantScope>().SetSystem();
            await scope.ServiceProvider.GetRequiredService<HubDbContext>().Database.MigrateAsync();
        }

        /// <summary>A tenant with one merchant and its test key.</summary>
        public async Task<string> SeedMerchantAsync(string name)
        {
            using var scope = Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<MerchantScope>().SetSystem();
            var admin = scope.ServiceProvider.GetRequiredService<TenantAdmin>();
            var tenant = await admin.CreateTenantAsync("Browser tenant", CancellationToken.None);
            var merchant = await admin.CreateMerchantAsync(tenant.Id, name, CancellationToken.None);
            return await admin.CreateKeyAsync(tenant.Id, merchant.Id, false, null, CancellationToken.None);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class WorldCollection : ICollectionFixture<World>
{
    public const string Name = "browser";
}
