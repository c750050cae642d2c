using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hub.Plugins;
using Hub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Simulators.MtnMomo;

namespace Hub.Tests;

/// <summary>
/// Plug-ins come and go while the hub serves: a folder dropped in is loaded after its activation smoke, a new
/// version replaces the old in one swap, a removed folder is unloaded once its calls are done; payments being created
/// meanwhile never fail. The reload is an operator's act (an operator key) or the folder watch's.
/// </summary>
public sealed class PluginHotReloadTests : IAsyncLifetime
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("hub-hot-plugins-").FullName;
    private readonly string _parked = Directory.CreateTempSubdirectory("hub-parked-plugins-").FullName;
    private MtnMomoSimulator _simulator = null!;
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _simulator = MtnMomoSimulator.Start(new MtnMomoSimulatorOptions { Port = 0 });
    }

    public async Task DisposeAsync()
    {
        _simulator.Dispose();
        await _database.DisposeAsync();
        Directory.Delete(_plugins, recursive: true);
        Directory.Delete(_parked, recursive: true);
    }

    [Fact]
    public async Task Load_Upgrade_Unload_WhilePaymentsAreCreated_NoRequestFails()
    {
        await using var app = Hub(_simulator.Url);
        await app.MigrateAsync();
        var (client, operatorKey) = await SeedAsync(app);
        Assert.Empty((await client.FetchAsync("/v1/connectors")).Json["data"]!.AsArray());

        PluginFiles.Copy(Path.Combine(HubApp.RepoPluginsPath(), "MtnMomo"), Path.Combine(_plugins, "MtnMomo"));
        var loaded = await ReloadAsync(app, operatorKey);
        Assert.Equal(HttpStatusCode.OK, loaded.Status);
        Assert.Equal(["MtnMomo"], Names(loaded, "loaded"));
        var mtn = Assert.Single((await client.FetchAsync("/v1/connectors")).Json["data"]!.AsArray())!;
        Assert.Equal("endpoint", mtn["activation"]!["smoke"]!.GetValue<string>()); // its simulator answered the smoke
        await CreateAccountAsync(client);
        var first = Registry(app).Connectors.Single();

        // Payments keep coming while the plug-in is upgraded, then removed.
        using var stop = new CancellationTokenSource();
        var phase = new Phase();
        var creating = Enumerable.Range(0, 3).Select(_ => CreateUntilAsync(client, phase, stop.Token)).ToList();
        await phase.WaitForAsync(3);
        File.SetLastWriteTimeUtc(Path.Combine(_plugins, "MtnMomo", "MtnMomo.dll"), DateTime.UtcNow.AddMinutes(1)); // a new build
        var upgraded = await ReloadAsync(app, operatorKey);
        var second = Registry(app).Connectors.Single();
        await phase.WaitForAsync(phase.Created + 3);

        phase.Removed = true;
        Directory.Move(Path.Combine(_plugins, "MtnMomo"), Path.Combine(_parked, "MtnMomo"));
        var unloaded = await ReloadAsync(app, operatorKey);
        await Task.Delay(200);
        await stop.CancelAsync();
        var replies = (await Task.WhenAll(creating)).SelectMany(r => r).ToList();
        var noRoute = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());

        Assert.Equal(["MtnMomo"], Names(upgraded, "upgraded"));
        Assert.NotSame(first.Connector, second.Connector);
        Assert.NotSame(first.Plugin, second.Plugin);
        var beforeRemoval = replies.Where(r => !r.AfterRemoval).ToList();
        Assert.True(beforeRemoval.Count >= 6, $"only {beforeRemoval.Count} payments were created around the upgrade");
        Assert.All(beforeRemoval, r => Assert.True(r.Reply.Status == HttpStatusCode.Created, $"{(int)r.Reply.Status}: {r.Reply.Body}"));
        // Once removed: a call already running finishes (201); a new one has no route; nothing errs.
        Assert.All(replies.Where(r => r.AfterRemoval), r => Assert.True(
            r.Reply.Status == HttpStatusCode.Created || r.Reply.Json["code"]?.GetValue<string>() == "NO_ROUTE", $"{(int)r.Reply.Status}: {r.Reply.Body}"));
        Assert.True(SpinWait.SpinUntil(() => first.Plugin!.IsUnloaded, TimeSpan.FromSeconds(10)), "the old version was not unloaded");
        Assert.Equal(0, first.Plugin!.CallsInFlight);
        Assert.Equal(["MtnMomo"], Names(unloaded, "unloaded"));
        Assert.Empty((await client.FetchAsync("/v1/connectors")).Json["data"]!.AsArray());
        Assert.Equal("NO_ROUTE", noRoute.Json["code"]!.GetValue<string>());
        Assert.True(SpinWait.SpinUntil(() => second.Plugin!.IsUnloaded, TimeSpan.FromSeconds(10)), "the removed plug-in was not unloaded");

        // And back.
        Directory.Move(Path.Combine(_parked, "MtnMomo"), Path.Combine(_plugins, "MtnMomo"));
        Assert.Equal(["MtnMomo"], Names(await ReloadAsync(app, operatorKey), "loaded"));
        var again = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());
        Assert.Equal(HttpStatusCode.Created, again.Status);
    }

    [Fact]
    public async Task AFailingNewVersion_LeavesTheOldServing_AndAFailedSmokeStaysInactive_WithTheReason()
    {
        await using var app = Hub(_simulator.Url);
        await app.MigrateAsync();
        var (client, operatorKey) = await SeedAsync(app);
        PluginFiles.Copy(Path.Combine(HubApp.RepoPluginsPath(), "MtnMomo"), Path.Combine(_plugins, "MtnMomo"));
        await ReloadAsync(app, operatorKey);
        await CreateAccountAsync(client);

        await File.WriteAllTextAsync(Path.Combine(_plugins, "MtnMomo", "MtnMomo.dll"), "not an assembly any more");
        var broken = await ReloadAsync(app, operatorKey);
        var connectors = await client.FetchAsync("/v1/connectors");
        var payment = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());

        Assert.Equal(["MtnMomo"], Names(broken, "failed"));
        Assert.Equal("mtn_momo", Assert.Single(connectors.Json["data"]!.AsArray())!["id"]!.GetValue<string>());
        var failure = Assert.Single(connectors.Json["failed"]!.AsArray())!;
        Assert.Equal("load", failure["stage"]!.GetValue<string>());
        Assert.Contains("not a .NET assembly", failure["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("still serves", failure["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, payment.Status);

        // A plug-in whose test endpoint does not answer never serves.
        PluginFiles.Copy(Path.Combine(HubApp.RepoPluginsPath(), "MtnMomo"), Path.Combine(_plugins, "MtnMomo"), overwrite: true);
        await using var offline = Hub($"http://127.0.0.1:{HubApp.FreePort()}");
        var offlineClient = (await SeedAsync(offline)).Client;
        var listed = await offlineClient.FetchAsync("/v1/connectors");

        Assert.Empty(listed.Json["data"]!.AsArray());
        var smoke = Assert.Single(listed.Json["failed"]!.AsArray())!;
        Assert.Equal("smoke", smoke["stage"]!.GetValue<string>());
        Assert.Contains("did not answer a status query", smoke["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedSmoke_IsTriedAgainByAnOperatorsReload_OnceItsTestEndpointAnswers()
    {
        var port = HubApp.FreePort();
        PluginFiles.Copy(Path.Combine(HubApp.RepoPluginsPath(), "MtnMomo"), Path.Combine(_plugins, "MtnMomo"));
        await using var app = Hub($"http://127.0.0.1:{port}");
        await app.MigrateAsync();
        var (client, operatorKey) = await SeedAsync(app);
        Assert.Equal("smoke", Assert.Single((await client.FetchAsync("/v1/connectors")).Json["failed"]!.AsArray())!["stage"]!.GetValue<string>());

        var stillDown = await ReloadAsync(app, operatorKey);
        using var late = MtnMomoSimulator.Start(new MtnMomoSimulatorOptions { Port = port });
        var up = await ReloadAsync(app, operatorKey);
        var listed = await client.FetchAsync("/v1/connectors");

        Assert.Equal(["MtnMomo"], Names(stillDown, "failed")); // tried again, not skipped as unchanged
        Assert.Equal(["MtnMomo"], Names(up, "loaded"));
        Assert.Equal("mtn_momo", Assert.Single(listed.Json["data"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Empty(listed.Json["failed"]!.AsArray());
    }

    [Fact]
    public async Task Reload_TakesAnOperatorKey_NeverAnApiKey()
    {
        await using var app = Hub(_simulator.Url);
        await app.MigrateAsync();
        var (client, operatorKey) = await SeedAsync(app);
        using var anonymous = app.CreateClient();
        using var forged = app.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey[..^2] + "xx");

        var none = await anonymous.SendAsync(HttpMethod.Post, "/v1/admin/plugins/reload");
        var apiKey = await client.SendAsync(HttpMethod.Post, "/v1/admin/plugins/reload");
        var wrong = await forged.SendAsync(HttpMethod.Post, "/v1/admin/plugins/reload");
        var right = await ReloadAsync(app, operatorKey);

        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_REQUIRED"), (none.Status, none.Json["code"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (apiKey.Status, apiKey.Json["code"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_INVALID"), (wrong.Status, wrong.Json["code"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, right.Status);
    }

    [Fact]
    public async Task TheFolderWatch_LoadsADroppedPlugin_OnceItStopsChanging_AndUnloadsARemovedOne()
    {
        await using var app = Hub(_simulator.Url, scan: TimeSpan.FromMilliseconds(200));
        await app.MigrateAsync();
        var client = (await SeedAsync(app)).Client;

        PluginFiles.Copy(Path.Combine(HubApp.RepoPluginsPath(), "MtnMomo"), Path.Combine(_plugins, "MtnMomo"));
        Assert.True(await EventuallyAsync(async () => (await client.FetchAsync("/v1/connectors")).Json["data"]!.AsArray().Count == 1));
        Directory.Move(Path.Combine(_plugins, "MtnMomo"), Path.Combine(_parked, "MtnMomo"));
        Assert.True(await EventuallyAsync(async () => (await client.FetchAsync("/v1/connectors")).Json["data"]!.AsArray().Count == 0));
    }

    private HubApp Hub(string testEndpoint, TimeSpan? scan = null) => new(_database.ConnectionString, _plugins, new Dictionary<string, string?>
    {
        ["Hub:PluginScanInterval"] = (scan ?? TimeSpan.Zero).ToString("c"),
        ["Hub:PluginTestEndpoints:mtn_momo"] = testEndpoint,
    });

    private static ConnectorRegistry Registry(HubApp app) => app.Services.GetRequiredService<ConnectorRegistry>();

    private static async Task<ApiReply> ReloadAsync(HubApp app, string operatorKey)
    {
        using var admin = app.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", operatorKey);
        return await admin.SendAsync(HttpMethod.Post, "/v1/admin/plugins/reload");
    }

    private static List<string> Names(ApiReply reply, string list) =>
        [.. reply.Json[list]!.AsArray().Select(n => n!.GetValue<string>())];

    private async Task CreateAccountAsync(HttpClient client)
    {
        var reply = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo", environment = "sandbox", baseUrl = _simulator.Url,
            credentials = HubFixture.NewMtnCredentials(), settings = new { targetEnvironment = "mtncameroon" },
        });
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
    }

    private static async Task<List<(ApiReply Reply, bool AfterRemoval)>> CreateUntilAsync(HttpClient client, Phase phase, CancellationToken stop)
    {
        var replies = new List<(ApiReply, bool)>();
        while (!stop.IsCancellationRequested)
        {
            var removed = phase.Removed;
            var reply = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());
            replies.Add((reply, removed || phase.Removed));
            phase.Count();
        }

        return replies;
    }

    /// <summary>What the creators have done so far, and whether the plug-in is being removed.</summary>
    private sealed class Phase
    {
        private int _created;

        public volatile bool Removed;

        public int Created => Volatile.Read(ref _created);

        public void Count() => Interlocked.Increment(ref _created);

        public async Task WaitForAsync(int created)
        {
            for (var i = 0; i < 600 && Created < created; i++)
            {
                await Task.Delay(50);
            }
        }
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    private static async Task<(HttpClient Client, string OperatorKey)> SeedAsync(HubApp app)
    {
        var (key, operatorKey) = await app.WithServicesAsync<(string, string)>(async services =>
        {
            var admin = services.GetRequiredService<global::Hub.Tenancy.TenantAdmin>();
            var tenant = await admin.CreateTenantAsync("T", CancellationToken.None);
            var merchant = await admin.CreateMerchantAsync(tenant.Id, "M", CancellationToken.None);
            var merchantKey = await admin.CreateKeyAsync(tenant.Id, merchant.Id, false, null, CancellationToken.None);
            var op = await global::Hub.Operations.OperatorKeys.CreateAsync(services.GetRequiredService<global::Hub.Persistence.HubDbContext>(),
                TimeProvider.System, "tests", CancellationToken.None);
            return (merchantKey, op);
        });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (client, operatorKey);
    }
}

/// <summary>Copies a plug-in's folder, as an operator would.</summary>
internal static class PluginFiles
{
    public static void Copy(string from, string to, bool overwrite = false)
    {
        if (overwrite && Directory.Exists(to))
        {
            Directory.Delete(to, recursive: true);
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
