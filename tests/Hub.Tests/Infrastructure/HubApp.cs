using Hub.Persistence;
using Hub.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace Hub.Tests.Infrastructure;

/// <summary>The real hub (Program) on a test server, on its own database and plug-in folder.</summary>
internal sealed class HubApp : WebApplicationFactory<Program>
{
    private readonly string _connectionString;
    private readonly string? _pluginsPath;
    private readonly IDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    /// <summary>
    /// The hub on a test server; with <paramref name="listen"/>, on real Kestrel at a free loopback port too, so that
    /// simulators can post callbacks to it (Hub:PublicUrl is then http://localhost:{port}).
    /// </summary>
    /// <param name="configureServices">Replaces services after the hub registered its own (a FakeTimeProvider…).</param>
    public HubApp(string connectionString, string? pluginsPath = null, IDictionary<string, string?>? settings = null,
        bool listen = false, Action<IServiceCollection>? configureServices = null)
    {
        _configureServices = configureServices;
        _connectionString = connectionString;
        _pluginsPath = pluginsPath;
        _settings = settings ?? new Dictionary<string, string?>();
        if (listen)
        {
            Port = FreePort();
            UseKestrel(Port.Value);
        }
    }

    public LogCapture Logs { get; } = new();

    /// <summary>The Kestrel port when listening.</summary>
    public int? Port { get; }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Hub", _connectionString);
        // Without a listener nothing answers on port 9: simulator callbacks are refused at once.
        builder.UseSetting("Hub:PublicUrl", Port is { } port ? $"http://localhost:{port}" : "http://localhost:9");
        builder.UseSetting("Hub:Telemetry:MeterName", "ConnectorHub." + Guid.NewGuid().ToString("N")); // this hub's metrics only
        builder.UseSetting("Hub:ProviderAttemptTimeout", "00:00:02");
        builder.UseSetting("Hub:ProviderTotalTimeout", "00:00:06");
        if (_pluginsPath is not null)
        {
            builder.UseSetting("Hub:PluginsPath", _pluginsPath);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Logs));
        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }
    }

    public async Task MigrateAsync()
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<MerchantScope>().SetSystem();
        await scope.ServiceProvider.GetRequiredService<HubDbContext>().Database.MigrateAsync();
    }

    /// <summary>Runs <paramref name="work"/> with a database context that sees every merchant (assertions on rows).</summary>
    public async Task<T> WithSystemDbAsync<T>(Func<HubDbContext, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<MerchantScope>().SetSystem();
        return await work(scope.ServiceProvider.GetRequiredService<HubDbContext>());
    }

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<MerchantScope>().SetSystem();
        return await work(scope.ServiceProvider);
    }

    /// <summary>The repository's plug-in folder, where the connector builds put themselves.</summary>
    public static string RepoPluginsPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Connectors.sln")))
            {
                return Path.Combine(dir.FullName, "artifacts", "plugins");
            }
        }

        throw new InvalidOperationException("Connectors.sln not found above " + AppContext.BaseDirectory);
    }
}
