using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hub.Persistence;
using Hub.Providers;
using Hub.Tenancy;
using Hub.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Safety;

/// <summary>
/// Issue 10, defects 9 and 10 in production mode: the key ring is encrypted with a certificate (no start without
/// one), and provider base URLs pass the webhook address rules plus the operator's allow-list.
/// </summary>
public sealed class ProductionModeTests : IAsyncLifetime
{
    private const string Password = "test-password";
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"hub-dp-{Guid.NewGuid():N}.pfx");
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=hub test data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllBytesAsync(_certificatePath, certificate.Export(X509ContentType.Pfx, Password));
    }

    public async Task DisposeAsync()
    {
        File.Delete(_certificatePath);
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Production_WithoutACertificate_RefusesToStart_SayingWhatToSet()
    {
        await using var app = new HubApp(_database.ConnectionString, settings: new Dictionary<string, string?> { ["environment"] = "Production" });

        var ex = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Hub:DataProtection:CertificatePath", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_WithACertificate_StoresEveryKeyEncrypted()
    {
        await using var app = ProductionHub();
        await app.MigrateAsync();

        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var sealedText = protector.Protect("secret value");
        var xml = await app.WithSystemDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());

        Assert.Equal("secret value", protector.Unprotect(sealedText));
        var key = Assert.Single(xml)!;
        Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
        Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_RefusesProviderBaseUrlsOnTheHubsOwnNetworks_UnlessAllowListed_AtSaveAndAtConnect()
    {
        await using var app = ProductionHub(new Dictionary<string, string?> { ["Hub:Providers:AllowedPrivateHosts:0"] = "127.0.0.2" });
        await app.MigrateAsync();
        var merchantKey = await app.WithServicesAsync(async services =>
        {
            var admin = services.GetRequiredService<TenantAdmin>();
            var tenant = await admin.CreateTenantAsync("Production tenant", CancellationToken.None);
            var merchant = await admin.CreateMerchantAsync(tenant.Id, "P1", CancellationToken.None);
            return await admin.CreateKeyAsync(tenant.Id, merchant.Id, false, null, CancellationToken.None);
        });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", merchantKey);

        foreach (var refused in new[] { "http://169.254.169.254/latest", "http://127.0.0.1:5101", "http://10.1.2.3", "http://[::1]:80" })
        {
            var reply = await CreateAccountAsync(client, refused);
            Assert.True(reply.Status == HttpStatusCode.BadRequest, $"{refused}: {reply.Body}");
            Assert.NotNull(reply.Json["errors"]!["baseUrl"]);
        }

        var allowed = await CreateAccountAsync(client, "http://127.0.0.2:5101");
        Assert.True(allowed.Status == HttpStatusCode.Created, allowed.Body);
        Assert.Equal(0, await app.WithSystemDbAsync(db => db.ConnectorAccounts.CountAsync(a => a.BaseUrl!.Contains("169.254"))));

        // At connect time too, whatever is stored: the provider client refuses loopback.
        var connector = app.Services.GetRequiredService<Hub.Plugins.ConnectorRegistry>().Connectors.First();
        var provider = app.Services.GetRequiredService<ProviderHttp>().For(connector, new Hub.Persistence.ConnectorAccountRow
        {
            Id = Guid.NewGuid(), Connector = connector.Descriptor.Id, BaseUrl = "http://127.0.0.1:9", ProtectedCredentials = "-",
        }, new Dictionary<string, string>()).Client;
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => provider.GetAsync(new Uri("http://127.0.0.1:9/status")));
        Assert.Contains("refused: 127.0.0.1 is a loopback address", ex.ToString(), StringComparison.Ordinal);
    }

    private HubApp ProductionHub(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["environment"] = "Production",
            ["Hub:DataProtection:CertificatePath"] = _certificatePath,
            ["Hub:DataProtection:CertificatePassword"] = Password,
            ["Hub:Reconciliation:Enabled"] = "false",
            ["Hub:Webhooks:Enabled"] = "false",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        return new HubApp(_database.ConnectionString, settings: settings);
    }

    private static async Task<ApiReply> CreateAccountAsync(HttpClient client, string baseUrl)
    {
        var response = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo",
            environment = "sandbox",
            baseUrl,
            credentials = HubFixture.NewMtnCredentials(),
            settings = new { targetEnvironment = "mtncameroon" },
        });
        return new ApiReply(response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }
}
