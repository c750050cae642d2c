using System.Net;
using Hub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests;

/// <summary>
/// Verified keys are cached for 30 s: a revocation through this instance stops the key at once, one made elsewhere
/// (another instance, straight in the database) within the cache's lifetime.
/// </summary>
public sealed class ApiKeyCacheTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private HubApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new HubApp(_database.ConnectionString,
            settings: new Dictionary<string, string?> { ["Hub:Webhooks:Enabled"] = "false", ["Hub:Reconciliation:Enabled"] = "false" },
            configureServices: s => s.AddSingleton<TimeProvider>(_clock));
        await _app.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ACachedKey_RevokedThroughTheApi_StopsAtOnce()
    {
        var (tenantKey, merchantKey) = await SeedAsync();
        using var merchant = Client(merchantKey);
        using var tenant = Client(tenantKey);

        var before = await merchant.FetchAsync("/v1/payments");
        var revoked = await tenant.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{merchantKey.Split('.')[0]}");
        var after = await merchant.FetchAsync("/v1/payments");

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
        Assert.Equal("AUTH_INVALID", after.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACachedKey_RevokedElsewhere_StopsWithinThirtySeconds()
    {
        var (_, merchantKey) = await SeedAsync();
        using var merchant = Client(merchantKey);
        Hub.Common.PublicId.TryParse(Hub.Common.PublicId.ApiKey, merchantKey.Split('.')[0], out var keyId);

        var before = await merchant.FetchAsync("/v1/payments");
        await _app.WithSystemDbAsync(db => db.ApiKeys.Where(k => k.Id == keyId)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, _clock.GetUtcNow())));
        _clock.Advance(TimeSpan.FromSeconds(29));
        var stillCached = await merchant.FetchAsync("/v1/payments");
        _clock.Advance(TimeSpan.FromSeconds(2));
        var after = await merchant.FetchAsync("/v1/payments");

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.OK, stillCached.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
        Assert.Equal("AUTH_INVALID", after.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACachedKey_StillChecksTheSecret()
    {
        var (_, merchantKey) = await SeedAsync();
        using var right = Client(merchantKey);
        using var wrong = Client(merchantKey[..^3] + "xyz");

        Assert.Equal(HttpStatusCode.OK, (await right.FetchAsync("/v1/payments")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.FetchAsync("/v1/payments")).Status);
    }

    private Task<(string Tenant, string Merchant)> SeedAsync() => _app.WithServicesAsync(async services =>
    {
        var admin = services.GetRequiredService<Hub.Tenancy.TenantAdmin>();
        var tenant = await admin.CreateTenantAsync("T", CancellationToken.None);
        var merchant = await admin.CreateMerchantAsync(tenant.Id, "M", CancellationToken.None);
        return (await admin.CreateKeyAsync(tenant.Id, null, false, null, CancellationToken.None),
            await admin.CreateKeyAsync(tenant.Id, merchant.Id, false, null, CancellationToken.None));
    });

    private HttpClient Client(string key)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
