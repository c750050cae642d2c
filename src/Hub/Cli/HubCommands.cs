using Hub.Common;
using Hub.Persistence;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Hub.Cli;

/// <summary>Operator commands: `migrate`, `bootstrap-tenant --name N [--live]`, `create-operator-key --name N`, `seed-demo --output F --hub-url U --simulator id=url…`.</summary>
internal static class HubCommands
{
    private static readonly string[] Commands = ["migrate", "bootstrap-tenant", "create-operator-key", "seed-demo"];

    public static string? Find(string[] args) => args.Length > 0 && Commands.Contains(args[0]) ? args[0] : null;

    public static async Task<int> RunAsync(WebApplication app, string command, string[] args)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<MerchantScope>().SetSystem();
        try
        {
            return command switch
            {
                "migrate" => await MigrateAsync(services),
                "bootstrap-tenant" => await BootstrapTenantAsync(services, args),
                "create-operator-key" => await CreateOperatorKeyAsync(services, args),
                "seed-demo" => await DemoSeeder.RunAsync(services, args),
                _ => 2,
            };
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"{command}: {ex.Message}");
            return 2;
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<HubDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        await db.Database.MigrateAsync();
        Console.WriteLine(pending.Count == 0
            ? "Database is up to date."
            : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
        return 0;
    }

    private static async Task<int> BootstrapTenantAsync(IServiceProvider services, string[] args)
    {
        var name = Option(args, "--name") ?? throw new ArgumentException("--name is required");
        var live = args.Contains("--live");
        var admin = services.GetRequiredService<TenantAdmin>();
        var tenant = await admin.CreateTenantAsync(name, CancellationToken.None);
        var key = await admin.CreateKeyAsync(tenant.Id, null, live, "first tenant key", CancellationToken.None);
        Console.WriteLine($"tenant {PublicId.Format(PublicId.Tenant, tenant.Id)} ({name})");
        Console.WriteLine($"key    {key}");
        Console.WriteLine("The secret is shown once and stored only as a hash: keep it now.");
        return 0;
    }

    private static async Task<int> CreateOperatorKeyAsync(IServiceProvider services, string[] args)
    {
        var name = Option(args, "--name") ?? throw new ArgumentException("--name is required");
        var key = await Operations.OperatorKeys.CreateAsync(services.GetRequiredService<HubDbContext>(),
            services.GetRequiredService<TimeProvider>(), name, CancellationToken.None);
        Console.WriteLine($"operator key {key}");
        Console.WriteLine("It administers the hub (POST /v1/admin/plugins/reload). Shown once, stored only as a hash: keep it now.");
        return 0;
    }

    internal static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static IEnumerable<string> Options(string[] args, string name)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == name)
            {
                yield return args[i + 1];
            }
        }
    }
}
