using System.Net;
using Hub.Tests.Infrastructure;

namespace Hub.Tests;

/// <summary>Plug-ins are found on disk at start; a broken one is reported and the others still serve.</summary>
public sealed class PluginLoadingTests : IAsyncLifetime
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("hub-plugins-").FullName;
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_plugins, recursive: true);
    }

    [Fact]
    public async Task BrokenPlugins_AreReported_AndTheGoodOneServes()
    {
        CopyDirectory(Path.Combine(HubApp.RepoPluginsPath(), "MtnMomo"), Path.Combine(_plugins, "MtnMomo"));
        Directory.CreateDirectory(Path.Combine(_plugins, "Garbage"));
        await File.WriteAllTextAsync(Path.Combine(_plugins, "Garbage", "Garbage.dll"), "not an assembly");
        Directory.CreateDirectory(Path.Combine(_plugins, "Empty"));
        CopyDirectory(TestPluginOutput("Broken"), Path.Combine(_plugins, "Broken"));
        CopyDirectory(TestPluginOutput("Liar"), Path.Combine(_plugins, "Liar"));
        CopyDirectory(TestPluginOutput("Nosy"), Path.Combine(_plugins, "Nosy"));
        CopyDirectory(TestPluginOutput("Configured"), Path.Combine(_plugins, "Configured"));
        await using var app = new HubApp(_database.ConnectionString, _plugins);
        await app.MigrateAsync();
        var (client, _) = await SeedAsync(app);

        var connectors = await client.FetchAsync("/v1/connectors");
        var ready = await client.FetchAsync("/health/ready");

        Assert.Equal(["mtn_momo"], connectors.Json["data"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));
        var failed = connectors.Json["failed"]!.AsArray().ToDictionary(f => f!["plugin"]!.GetValue<string>(), f => f!["error"]!.GetValue<string>());
        Assert.Equal(["Broken", "Configured", "Empty", "Garbage", "Liar", "Nosy"], failed.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("not a .NET assembly", failed["Garbage"], StringComparison.Ordinal);
        Assert.Contains("no Empty.dll", failed["Empty"], StringComparison.Ordinal);
        Assert.Contains("ThrowingConnector could not be built", failed["Broken"], StringComparison.Ordinal);
        // Isolation: a plug-in is built from what a plug-in may see, never the hub's container or configuration.
        Assert.Contains("asks for System.IServiceProvider, which a plug-in may not see", failed["Nosy"], StringComparison.Ordinal);
        Assert.Contains("asks for Microsoft.Extensions.Configuration.IConfiguration, which a plug-in may not see", failed["Configured"], StringComparison.Ordinal);
        Assert.Contains("declares Refund but does not implement IRefundConnector", failed["Liar"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("degraded", ready.Json["status"]!.GetValue<string>());
        Assert.Contains(app.Logs.Lines, l => l.Contains("Garbage", StringComparison.Ordinal) && l.Contains("was not loaded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutTheMtnPlugin_TheHubServes_AndPaymentsHaveNoRoute()
    {
        await using var app = new HubApp(_database.ConnectionString, _plugins);
        await app.MigrateAsync();
        var (client, _) = await SeedAsync(app);

        var connectors = await client.FetchAsync("/v1/connectors");
        var payment = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());
        var ready = await client.FetchAsync("/health/ready");

        Assert.Empty(connectors.Json["data"]!.AsArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, payment.Status);
        Assert.Equal("NO_ROUTE", payment.Json["code"]!.GetValue<string>());
        Assert.Equal("healthy", ready.Json["status"]!.GetValue<string>());
    }

    [Fact]
    public void Hub_ReferencesNoConnectorProject()
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(HubApp.RepoPluginsPath()))!;
        var project = File.ReadAllText(Path.Combine(root, "src", "Hub", "Hub.csproj"));

        var references = System.Text.RegularExpressions.Regex.Matches(project, "ProjectReference Include=\"([^\"]+)\"")
            .Select(m => m.Groups[1].Value.Replace('\\', '/')).ToList();
        Assert.Equal(["../Connectors.Abstractions/Connectors.Abstractions.csproj"], references);
        Assert.Null(typeof(Program).Assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == "MtnMomo"));
    }

    [Theory]
    [InlineData("2.0.0.0", true)]
    [InlineData("2.0.5.0", true)]
    [InlineData("2.1.0.0", true)]
    [InlineData("2.2.0.0", true)]
    [InlineData("2.3.0.0", false)]
    [InlineData("1.0.0.0", false)]
    [InlineData("3.0.0.0", false)]
    public void ContractVersion_OnlyTheSameMajorAndNoNewerMinorLoad(string referenced, bool loads)
    {
        var mismatch = Hub.Plugins.ConnectorPluginLoader.ContractMismatch(Version.Parse(referenced));

        Assert.Equal(loads, mismatch is null);
        if (!loads)
        {
            Assert.Contains("this hub speaks 2.2", mismatch, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Connectors_PublishTheAccountSchema_AndTheHubNamesNoProvider()
    {
        CopyDirectory(Path.Combine(HubApp.RepoPluginsPath(), "MtnMomo"), Path.Combine(_plugins, "MtnMomo"));
        await using var app = new HubApp(_database.ConnectionString, _plugins);
        await app.MigrateAsync();
        var (client, _) = await SeedAsync(app);

        var connectors = await client.FetchAsync("/v1/connectors");

        var mtn = connectors.Json["data"]!.AsArray().Single()!;
        Assert.Equal("mtn_momo", mtn["id"]!.GetValue<string>());
        Assert.Equal(Connectors.Abstractions.ConnectorContract.Version, mtn["contract"]!.GetValue<string>());
        var credentials = mtn["account"]!["credentials"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!);
        var required = credentials.Where(c => c.Value["required"]!.GetValue<bool>()).Select(c => c.Key);
        Assert.Equal(["apiKey", "apiUser", "subscriptionKey"], required.Order(StringComparer.Ordinal));
        // MTN's disbursement product (payouts, refunds) has its own, optional, credentials.
        Assert.Contains("disbursementSubscriptionKey", credentials.Keys);
        Assert.All(credentials.Values, c => Assert.False(string.IsNullOrWhiteSpace(c["description"]!.GetValue<string>())));
        var target = mtn["account"]!["settings"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "targetEnvironment")!;
        Assert.Contains("mtncameroon", target["allowedValues"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains(mtn["limits"]!.AsArray(), l => l!["currency"]!.GetValue<string>() == "XAF");
    }

    [Fact]
    public void HubSource_NamesNoProvider()
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(HubApp.RepoPluginsPath()))!;
        var offenders = Directory.GetFiles(Path.Combine(root, "src", "Hub"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Where(l => new[] { "mtn_momo", "MtnMomo", "orange_money", "airtel", "irembopay", "cielo", "\"manual\"" }.Any(w => l.Text.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    private static async Task<(HttpClient Client, string MerchantKey)> SeedAsync(HubApp app)
    {
        var key = await app.WithServicesAsync(async services =>
        {
            var admin = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Hub.Tenancy.TenantAdmin>(services);
            var tenant = await admin.CreateTenantAsync("T", CancellationToken.None);
            var merchant = await admin.CreateMerchantAsync(tenant.Id, "M", CancellationToken.None);
            return await admin.CreateKeyAsync(tenant.Id, merchant.Id, false, null, CancellationToken.None);
        });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return (client, key);
    }

    /// <summary>A test plug-in's build output, in the configuration these tests were built in.</summary>
    private static string TestPluginOutput(string name)
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(HubApp.RepoPluginsPath()))!;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        return Path.Combine(root, "tests", "TestPlugins", name, "bin", configuration, "net10.0");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
