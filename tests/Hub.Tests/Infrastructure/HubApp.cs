using Hub.Persistence;
using Hub.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace Hub.Tests.Infrastructure;

/// <summary>The real hub (Program) on a test server, on its own database and plug-in folder.</summary>
internal sealed class HubApp(string connectionString, string? pluginsPath = null, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Hub", connectionString);
        // Nothing listens on port 9: simulator callbacks are refused at once (callbacks in are another issue's work).
        builder.UseSetting("Hub:PublicUrl", "http://localhost:9");
        builder.UseSetting("Hub:ProviderAttemptTimeout", "00:00:02");
        builder.UseSetting("Hub:ProviderTotalTimeout", "00:00:06");
        if (pluginsPath is not null)
        {
            builder.UseSetting("Hub:PluginsPath", pluginsPath);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Logs));
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
