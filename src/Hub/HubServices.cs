using Hub.Callbacks;
using Hub.Common;
using Hub.ConnectorAccounts;
using Hub.Events;
using Hub.Operations;
using Hub.Idempotency;
using Hub.Payments;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Providers;
using Hub.Reconciliation;
using Hub.Chargebacks;
using Hub.Checkout;
using Hub.Payouts;
using Hub.Refunds;
using Hub.Routing;
using Hub.Tenancy;
using Hub.Webhooks;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Scalar.AspNetCore;

namespace Hub;

/// <summary>What the hub is made of: registration and the request pipeline, in one readable place.</summary>
internal static class HubServices
{
    /// <summary>
    /// The hub's pool. The hub keeps no session state on a connection (no advisory lock, no SET, no temporary table:
    /// the idempotency lease is a row), so a connection handed back to the pool is not reset with DISCARD ALL — a
    /// round trip at each of a request's checkouts, measured at 9 per create — unless the connection string asks for
    /// it. The same property is what PgBouncer's transaction mode needs.
    /// </summary>
    internal static NpgsqlDataSource DataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Npgsql's own builder says it "contains" every keyword it knows; the plain one says what the string holds.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        return builder.Build();
    }

    public static WebApplicationBuilder AddHub(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HubOptions>().BindConfiguration(HubOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Development mode's clock can be moved forward (POST /__dev/clock/advance); production's is the system's.
        services.AddSingleton(builder.Environment.IsDevelopment() ? new Operations.DevClock() : TimeProvider.System);
        services.AddHttpContextAccessor();
        services.ConfigureHttpJsonOptions(o => HubJson.Configure(o.SerializerOptions));

        var connectionString = builder.Configuration.GetConnectionString("Hub");
        services.AddSingleton(_ => DataSource(string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException(
                "ConnectionStrings:Hub is not set (environment ConnectionStrings__Hub): ./run.sh sets it, or give your own PostgreSQL's.")
            : connectionString));
        services.AddSingleton<Events.OutboxSignal>();
        services.AddSingleton<Events.OutboxSignalInterceptor>();
        services.AddDbContext<HubDbContext>((sp, o) => o
            // Every save reaches PostgreSQL as one batch under one Sync, up to 1000 rows: SaveInsertsAsync counts on it.
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), n => n.MinBatchSize(1).MaxBatchSize(1000))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(sp.GetRequiredService<Events.OutboxSignalInterceptor>()));
        services.AddScoped<MerchantScope>();
        services.AddKeyRateLimiting();
        services.AddCheckoutRateLimiting();
        services.AddApiKeyAuthentication();

        services.AddDataProtection().SetApplicationName("connector-hub").PersistKeysToDbContext<HubDbContext>()
            .ProtectKeysWithConfiguredCertificate(builder.Configuration, builder.Environment);
        services.AddSingleton<CredentialProtector>();

        services.AddSingleton(sp => ConnectorOptionsFrom(builder.Configuration));
        services.AddSingleton<ConnectorPluginLoader>();
        services.AddSingleton<PluginSmoke>();
        services.AddSingleton<PluginReloader>();
        services.AddSingleton(sp => sp.GetRequiredService<PluginReloader>().Start());
        services.AddHostedService<PluginWatcher>();
        services.AddProviderAddressPolicy();
        services.AddSingleton<ProviderHttp>();
        services.AddSingleton<ConnectorInvoker>();
        services.AddSingleton<Checkout.CheckoutSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<Checkout.CheckoutSweeper>());
        services.AddSingleton<IdempotencyJanitor>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyJanitor>());
        services.AddSingleton<Callbacks.CallbackJanitor>();
        services.AddHostedService(sp => sp.GetRequiredService<Callbacks.CallbackJanitor>());
        services.AddSingleton<ConnectorContextFactory>();

        // Per-request services carry [ScopedService]; Scrutor finds them in this assembly only.
        services.Scan(scan => scan.FromAssemblyOf<HubOptions>()
            .AddClasses(c => c.WithAttribute<ScopedServiceAttribute>(), publicOnly: false)
            .AsSelf()
            .WithScopedLifetime());

        services.AddCallbacks();
        services.AddWebhooks();
        services.AddReconciliation();
        services.AddHubHealth();
        services.AddHubMetrics(builder.Configuration);
        services.AddHubTracing(builder.Configuration);
        services.AddOpenApi("v1");
        services.AddProblemDetails();
        return builder;
    }

    /// <summary>
    /// Each connector's own settings, <c>Hub:Connectors:{id}:{name}</c>, as flat strings: all a plug-in sees of the hub's
    /// configuration.
    /// </summary>
    private static Connectors.Abstractions.ConnectorOptions ConnectorOptionsFrom(IConfiguration configuration) => new(
        configuration.GetSection("Hub:Connectors").GetChildren().ToDictionary(
            c => c.Key,
            c => (IReadOnlyDictionary<string, string>)c.GetChildren().Where(v => v.Value is not null)
                .ToDictionary(v => v.Key, v => v.Value!, StringComparer.OrdinalIgnoreCase),
            StringComparer.OrdinalIgnoreCase));

    public static WebApplication UseHub(this WebApplication app)
    {
        app.UseHubErrors();
        app.UseHubRequestLogging();
        app.UseStrictQuery();
        app.UseAuthentication();
        app.UseRateLimiter(); // per key: needs the caller (authentication) and counts before the policies, as before
        app.UseAuthorization();

        // The one document by its own route: another name is the hub's 404 problem, not the framework's text/plain 404.
        app.MapOpenApi("/openapi/v1.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("Connector hub API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription().AllowAnonymous();
        app.MapHubHealth();
        app.MapHubMetrics();
        app.MapConnectors();
        app.MapPluginsAdmin();
        app.MapMerchants();
        app.MapConnectorAccounts();
        app.MapPayments();
        app.MapRefunds();
        app.MapPayouts();
        app.MapPaymentQr();
        app.MapChargebacks();
        app.MapAccountHolders();
        app.MapPaymentMethods();
        app.MapCallbacks();
        app.MapWebhooks();
        app.MapEvents();
        app.MapAnomalies();
        app.MapCheckoutSessions();
        app.MapCheckoutPage();
        Operations.DevClock.MapDevClock(app);
        return app;
    }
}
