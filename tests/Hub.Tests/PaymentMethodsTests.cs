using System.Net;
using Hub.Tests.Infrastructure;

namespace Hub.Tests;

[Collection(HubCollection.Name)]
public sealed class PaymentMethodsTests(HubFixture hub)
{
    [Fact]
    public async Task PaymentMethods_ListWhatTheMerchantsAccountsTake_WhereTheyTakeIt()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var cameroon = await client.FetchAsync("/v1/payment-methods?country=CM&currency=XAF&amount=5000");
        var brazil = await client.FetchAsync("/v1/payment-methods?country=BR&currency=BRL");

        Assert.Equal(HttpStatusCode.OK, cameroon.Status);
        var method = Assert.Single(cameroon.Json.AsArray())!;
        Assert.Equal("mobile_money", method["method"]!.GetValue<string>());
        Assert.Equal("mtn_momo", method["provider"]!.GetValue<string>());
        Assert.Equal(["XAF"], method["currencies"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Empty(brazil.Json.AsArray());
    }

    [Fact]
    public async Task PaymentMethods_BadFilters_Answer400WithEveryField()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.FetchAsync("/v1/payment-methods?country=cm&currency=XXX&amount=12.5");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(["amount", "country", "currency"], reply.Json["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PaymentMethods_WithNoEnabledAccount_AreEmpty()
    {
        using var tenant = hub.Client(hub.TenantAKey);
        var merchant = await tenant.SendAsync(HttpMethod.Post, "/v1/merchants", """{"name":"Empty Shop"}""");
        using var asEmpty = hub.Client(hub.TenantAKey, actAs: merchant.Json["id"]!.GetValue<string>());

        var reply = await asEmpty.FetchAsync("/v1/payment-methods");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Empty(reply.Json.AsArray());
    }
}
