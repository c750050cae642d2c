using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hub.Tests.Infrastructure;

namespace Hub.Tests;

[Collection(HubCollection.Name)]
public sealed class TenancyTests(HubFixture hub)
{
    [Fact]
    public async Task OtherTenantsMerchant_Gets404ForAPayment_NeverItsContent()
    {
        var id = await CreatePaymentAsync(hub.MerchantA1Key);
        using var other = hub.Client(hub.MerchantB1Key);

        var reply = await other.FetchAsync($"/v1/payments/{id}");
        var sync = await other.SendAsync(HttpMethod.Post, $"/v1/payments/{id}/sync");
        var list = await other.FetchAsync("/v1/payments?pageSize=100");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("NOT_FOUND", reply.Json["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, sync.Status);
        Assert.DoesNotContain(id, list.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SiblingMerchantOfTheSameTenant_Gets404Too()
    {
        var id = await CreatePaymentAsync(hub.MerchantA1Key);
        using var sibling = hub.Client(hub.MerchantA2Key);

        Assert.Equal(HttpStatusCode.NotFound, (await sibling.FetchAsync($"/v1/payments/{id}")).Status);
    }

    [Fact]
    public async Task TenantKey_WithHubMerchant_ActsForItsOwnMerchantsOnly()
    {
        var id = await CreatePaymentAsync(hub.MerchantA1Key);
        using var asA1 = hub.Client(hub.TenantAKey, actAs: hub.MerchantA1);
        using var asA2 = hub.Client(hub.TenantAKey, actAs: hub.MerchantA2);
        using var asB1 = hub.Client(hub.TenantAKey, actAs: hub.MerchantB1);
        using var noMerchant = hub.Client(hub.TenantAKey);

        Assert.Equal(HttpStatusCode.OK, (await asA1.FetchAsync($"/v1/payments/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await asA2.FetchAsync($"/v1/payments/{id}")).Status);
        var foreign = await asB1.FetchAsync($"/v1/payments/{id}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        Assert.Equal("NOT_FOUND", foreign.Json["code"]!.GetValue<string>());
        var missing = await noMerchant.FetchAsync($"/v1/payments/{id}");
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.NotNull(missing.Json["errors"]!["Hub-Merchant"]);
    }

    [Fact]
    public async Task TenantKey_CreatesForItsMerchant()
    {
        using var asA2 = hub.Client(hub.TenantAKey, actAs: hub.MerchantA2);

        var created = await asA2.CreatePaymentAsync(Api.MtnPayment(5002), Api.NewKey());

        Assert.Equal(HttpStatusCode.Created, created.Status);
        using var a2 = hub.Client(hub.MerchantA2Key);
        Assert.Equal(HttpStatusCode.OK, (await a2.FetchAsync($"/v1/payments/{created.Json["id"]}")).Status);
    }

    [Fact]
    public async Task MerchantKey_NamingAnotherMerchant_Gets404()
    {
        using var client = hub.Client(hub.MerchantA1Key, actAs: hub.MerchantA2);

        Assert.Equal(HttpStatusCode.NotFound, (await client.FetchAsync("/v1/payments")).Status);
    }

    [Theory]
    [InlineData(null, "AUTH_REQUIRED")]
    [InlineData("Bearer nonsense", "AUTH_INVALID")]
    [InlineData("Bearer key_01M846ZAZCETHBBMR44SDMCM19.sk_test_wrong", "AUTH_INVALID")]
    [InlineData("Token abc", "AUTH_INVALID")]
    public async Task BadOrMissingKey_Answers401Problem(string? authorization, string code)
    {
        using var client = hub.Client();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var reply = await client.FetchAsync("/v1/payments");

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal(code, reply.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task RightKeyIdWithWrongSecret_Answers401()
    {
        using var client = hub.Client(hub.MerchantA1Key[..^3] + "xyz");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.FetchAsync("/v1/payments")).Status);
    }

    [Fact]
    public async Task BasicAuth_IsAccepted()
    {
        using var client = hub.Client();
        var dot = hub.MerchantA1Key.IndexOf('.', StringComparison.Ordinal);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{hub.MerchantA1Key[..dot]}:{hub.MerchantA1Key[(dot + 1)..]}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);

        Assert.Equal(HttpStatusCode.OK, (await client.FetchAsync("/v1/payments")).Status);
    }

    private async Task<string> CreatePaymentAsync(string key)
    {
        using var client = hub.Client(key);
        var created = await client.CreatePaymentAsync(Api.MtnPayment(5000), Api.NewKey());
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Json["id"]!.GetValue<string>();
    }
}
