using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Hub.Common;
using Hub.ConnectorAccounts;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Hub.Cli;

/// <summary>
/// Seeds the demo data the run command prints: two tenants, three merchants with test keys, a sandbox account per
/// merchant and simulator. When the output file exists and its tenants still exist, it is reused as it is: keys are
/// shown once and kept only as hashes, so the file is the only place they live.
/// </summary>
internal static class DemoSeeder
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var output = HubCommands.Option(args, "--output") ?? throw new ArgumentException("--output is required");
        var hubUrl = HubCommands.Option(args, "--hub-url") ?? "http://127.0.0.1:5080";
        var simulators = HubCommands.Options(args, "--simulator")
            .Select(s => s.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].TrimEnd('/'), StringComparer.Ordinal);
        // --extra-account "<connector>=<url>;<setting>=<value>": one more account per merchant,
        // with settings over the schema's examples (a second country of the same connector).
        var extras = HubCommands.Options(args, "--extra-account")
            .Select(s => s.Split(';'))
            .Select(parts => (Head: parts[0].Split('=', 2), Settings: parts.Skip(1).Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal)))
            .Where(e => e.Head.Length == 2)
            .Select(e => (Connector: e.Head[0], Url: e.Head[1].TrimEnd('/'), e.Settings))
            .ToList();
        var db = services.GetRequiredService<HubDbContext>();

        if (File.Exists(output) && await StillValidAsync(db, output))
        {
            Console.WriteLine($"Reusing the demo data in {output}.");
            return 0;
        }

        var admin = services.GetRequiredService<TenantAdmin>();
        var registry = services.GetRequiredService<ConnectorRegistry>();
        var protector = services.GetRequiredService<CredentialProtector>();
        var clock = services.GetRequiredService<TimeProvider>();
        var ct = CancellationToken.None;

        var accounts = new JsonObject();
        var accountList = new JsonArray();
        var callbackSecrets = new JsonObject();
        var tenants = new JsonArray();
        foreach (var (tenantName, merchantNames) in new[]
        {
            ("Demo Platform", new[] { "Demo Shop", "Second Shop" }),
            ("Other Tenant", new[] { "Other Tenant Shop" }),
        })
        {
            var tenant = await admin.CreateTenantAsync(tenantName, ct);
            var merchants = new JsonArray();
            foreach (var merchantName in merchantNames)
            {
                var merchant = await admin.CreateMerchantAsync(tenant.Id, merchantName, ct);
                var key = await admin.CreateKeyAsync(tenant.Id, merchant.Id, livemode: false, "demo merchant key", ct);
                merchants.Add(new JsonObject
                {
                    ["id"] = PublicId.Format(PublicId.Merchant, merchant.Id),
                    ["name"] = merchantName,
                    ["key"] = key,
                });
                // Connectors that call no provider (manual payments) get an account too, with no base URL.
                var providerless = registry.Connectors
                    .Where(c => !c.Descriptor.Account.BaseUrlRequired && !simulators.ContainsKey(c.Descriptor.Id))
                    .OrderBy(c => c.Descriptor.Id, StringComparer.Ordinal)
                    .Select(c => (c.Descriptor.Id, Url: (string?)null, new Dictionary<string, string>()));
                foreach (var (connectorId, url, overrides) in simulators.Select(s => (s.Key, (string?)s.Value, new Dictionary<string, string>()))
                    .Concat(extras.Select(e => (e.Connector, (string?)e.Url, e.Settings)))
                    .Concat(providerless))
                {
                    if (!registry.TryGet(connectorId, out var connector))
                    {
                        Console.WriteLine($"No {connectorId} plug-in is loaded: no demo account for it.");
                        continue;
                    }

                    var (account, credentials) = SandboxAccount(merchant.Id, connector.Descriptor, url, protector, clock);
                    foreach (var (name, value) in overrides)
                    {
                        account.Settings[name] = value;
                    }

                    var currency = connector.Connector.AccountCurrencies(new ConnectorAccount
                    {
                        Id = "-", Environment = ConnectorEnvironment.Sandbox, BaseUrl = new Uri(url ?? "http://invalid.local"), Credentials = credentials,
                        Settings = account.Settings,
                    }) is { Count: > 0 } settled ? settled[0] : null;
                    db.ConnectorAccounts.Add(account);
                    await db.SaveChangesAsync(ct);
                    if (merchantName == "Demo Shop")
                    {
                        var id = PublicId.Format(PublicId.ConnectorAccount, account.Id);
                        if (!accounts.ContainsKey(connectorId))
                        {
                            accounts[connectorId] = id; // the first account of each connector; every one is in "accounts"
                        }

                        accountList.Add(new JsonObject
                        {
                            ["id"] = id,
                            ["connector"] = connectorId,
                            ["country"] = currency is not null && Payments.NewPaymentReader.CurrencyCountry.TryGetValue(currency, out var country)
                                ? country
                                : connector.Descriptor.Countries.Count > 0 ? connector.Descriptor.Countries[0] : null,
                            ["currency"] = currency,
                        });
                        if (credentials.GetValueOrDefault(CallbackSecretCredential) is { } secret)
                        {
                            callbackSecrets[connectorId] = secret;
                        }
                    }
                }
            }

            tenants.Add(new JsonObject
            {
                ["id"] = PublicId.Format(PublicId.Tenant, tenant.Id),
                ["name"] = tenantName,
                ["key"] = await admin.CreateKeyAsync(tenant.Id, null, livemode: false, "demo tenant key", ct),
                ["merchants"] = merchants,
            });
        }

        var demo = new JsonObject
        {
            ["hubUrl"] = hubUrl,
            ["tenants"] = tenants,
            ["connectorAccounts"] = accounts,
            ["accounts"] = accountList,
            ["simulators"] = new JsonObject(simulators.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
            ["callbackSecrets"] = callbackSecrets,
            ["operatorKey"] = await Operations.OperatorKeys.CreateAsync(db, clock, "demo operator key", ct),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, demo.ToJsonString(Indented) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Console.WriteLine($"Seeded demo tenants, merchants, keys and connector accounts into {output}.");
        return 0;
    }

    private static async Task<bool> StillValidAsync(HubDbContext db, string path)
    {
        try
        {
            var demo = JsonNode.Parse(await File.ReadAllTextAsync(path));
            var ids = demo?["tenants"]?.AsArray().Select(t => t?["id"]?.GetValue<string>()).ToList() ?? [];
            var guids = ids.Select(id => PublicId.TryParse(PublicId.Tenant, id, out var g) ? g : Guid.Empty).ToList();
            return guids.Count > 0 && !guids.Contains(Guid.Empty)
                && await db.Tenants.CountAsync(t => guids.Contains(t.Id)) == guids.Count;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The credential name by which connectors on the kit's signed-callback template keep their secret.</summary>
    private const string CallbackSecretCredential = "callbackSecret";

    /// <summary>
    /// A sandbox account built from the connector's own account schema: each credential and setting from its example
    /// (or default). A required credential without an example gets a random value (simulators accept any but "invalid");
    /// an optional one without an example is left out.
    /// </summary>
    private static (ConnectorAccountRow Row, Dictionary<string, string> Credentials) SandboxAccount(Guid merchantId,
        ConnectorDescriptor descriptor, string? baseUrl, CredentialProtector protector, TimeProvider clock)
    {
        var credentials = descriptor.Account.Credentials
            .Where(f => f.Name is not (AccountSchema.ClientCertificateCredential or AccountSchema.ClientCertificatePasswordCredential))
            .Where(f => f.Required || (f.Example ?? f.Default) is not null) // an optional one with no example stays unset
            .ToDictionary(f => f.Name, f => f.Example ?? f.Default ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                StringComparer.Ordinal);
        var settings = descriptor.Account.Settings
            .Where(f => (f.Example ?? f.Default) is not null)
            .ToDictionary(f => f.Name, f => (f.Example ?? f.Default)!, StringComparer.Ordinal);
        var row = new ConnectorAccountRow
        {
            Id = PublicId.NewGuid(clock),
            MerchantId = merchantId,
            Connector = descriptor.Id,
            Livemode = false,
            BaseUrl = baseUrl,
            ProtectedCredentials = protector.Protect(credentials),
            CredentialHints = CredentialProtector.Hints(credentials),
            Settings = settings,
            CreatedAt = clock.GetUtcNow(),
            UpdatedAt = clock.GetUtcNow(),
        };
        return (row, credentials);
    }
}
