using System.Net;
using Hub.Tests.Infrastructure;

namespace Hub.Tests;

[Collection(HubCollection.Name)]
public sealed class MerchantsApiTests(HubFixture hub)
{
    [Fact]
    public async Task TenantKey_CreatesAMerchantAndItsKey_WhichWorksUntilRevoked()
    {
        using var tenant = hub.Client(hub.TenantAKey);

        var merchant = await tenant.SendAsync(HttpMethod.Post, "/v1/merchants", """{"name":"Third Shop"}""");
        var merchantId = merchant.Json["id"]!.GetValue<string>();
        var key = await tenant.SendAsync(HttpMethod.Post, "/v1/api-keys", $$"""{"merchantId":"{{merchantId}}","description":"ci"}""");
        var secret = key.Json["key"]!.GetValue<string>();
        using var asNew = hub.Client(secret);
        var before = await asNew.FetchAsync("/v1/payments");
        var listed = await tenant.FetchAsync("/v1/api-keys?pageSize=100");
        var revoked = await tenant.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{key.Json["id"]}");
        var after = await asNew.FetchAsync("/v1/payments");

        Assert.Equal(HttpStatusCode.Created, merchant.Status);
        Assert.Equal(HttpStatusCode.Created, key.Status);
        Assert.False(key.Json["livemode"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.DoesNotContain(secret.Split('.')[1], listed.Body, StringComparison.Ordinal);
        Assert.NotNull(revoked.Json["revokedAt"]);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
    }

    [Fact]
    public async Task Merchants_AreListedPerTenant_AndAMerchantKeySeesItself()
    {
        using var tenant = hub.Client(hub.TenantAKey);
        using var merchant = hub.Client(hub.MerchantA1Key);

        var all = (await tenant.FetchAsync("/v1/merchants?pageSize=100")).Json["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
        var own = (await merchant.FetchAsync("/v1/merchants")).Json["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();

        Assert.Contains(hub.MerchantA1, all);
        Assert.Contains(hub.MerchantA2, all);
        Assert.DoesNotContain(hub.MerchantB1, all);
        Assert.Equal([hub.MerchantA1], own);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.FetchAsync($"/v1/merchants/{hub.MerchantB1}")).Status);
    }

    [Fact]
    public async Task MerchantKey_CannotManageMerchantsOrKeys_AndNoTenantReachesAnother()
    {
        using var merchant = hub.Client(hub.MerchantA1Key);
        using var tenant = hub.Client(hub.TenantAKey);

        var createMerchant = await merchant.SendAsync(HttpMethod.Post, "/v1/merchants", """{"name":"x"}""");
        var createKey = await merchant.SendAsync(HttpMethod.Post, "/v1/api-keys", "{}");
        var foreignKey = await tenant.SendAsync(HttpMethod.Post, "/v1/api-keys", $$"""{"merchantId":"{{hub.MerchantB1}}"}""");

        Assert.Equal(HttpStatusCode.Forbidden, createMerchant.Status);
        Assert.Equal("FORBIDDEN", createKey.Json["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, foreignKey.Status);
    }
}
