using System.Net;
using System.Text.Json.Nodes;
using Hub.Common;
using Hub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Hub.Tests.Checkout;

[Collection(HubCollection.Name)]
public sealed class CheckoutSessionsApiTests(HubFixture hub)
{
    internal static string Session(long amount = 5000, string currency = "XAF", string returnUrl = "https://shop.example/return?order=42",
        JsonArray? methods = null, string externalId = "order-42") => new JsonObject
        {
            ["amount"] = amount,
            ["currency"] = currency,
            ["returnUrl"] = returnUrl,
            ["description"] = "Order 42",
            ["externalId"] = externalId,
            ["methods"] = methods,
        }.ToJsonString();

    internal static async Task<JsonNode> CreateAsync(HttpClient client, string? body = null)
    {
        var reply = await client.SendAsync(HttpMethod.Post, "/v1/checkout-sessions", body ?? Session(), Api.NewKey());
        Assert.True(reply.Status == HttpStatusCode.Created, reply.Body);
        return reply.Json;
    }

    [Fact]
    public async Task Create_ReturnsAnOpenSessionWhosePageIsOnTheHub()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.SendAsync(HttpMethod.Post, "/v1/checkout-sessions", Session(), Api.NewKey());

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        var session = reply.Json;
        var id = session["id"]!.GetValue<string>();
        Assert.StartsWith("cs_", id, StringComparison.Ordinal);
        Assert.Equal($"/v1/checkout-sessions/{id}", reply.Header("Location"));
        Assert.Equal("checkout_session", session["object"]!.GetValue<string>());
        Assert.Equal("open", session["status"]!.GetValue<string>());
        Assert.Equal($"http://localhost:{hub.App.Port}/checkout/{id}", session["url"]!.GetValue<string>());
        Assert.Equal(5000, session["amount"]!.GetValue<long>());
        Assert.Null(session["paymentId"]);
        var expiresAt = DateTimeOffset.Parse(session["expiresAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var createdAt = DateTimeOffset.Parse(session["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(24), expiresAt - createdAt);
        var fetched = await client.FetchAsync($"/v1/checkout-sessions/{id}");
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal(id, fetched.Json["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_InvalidBody_ListsEveryFieldWithAStableCode()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var body = new JsonObject
        {
            ["amount"] = 0,
            ["currency"] = "xaf",
            ["returnUrl"] = "ftp://shop.example/return",
            ["methods"] = new JsonArray("mobile_money", "bank_transfer"),
            ["expiresInSeconds"] = 60,
        }.ToJsonString();

        var reply = await client.SendAsync(HttpMethod.Post, "/v1/checkout-sessions", body, Api.NewKey());

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("application/problem+json", reply.Message.Content.Headers.ContentType!.MediaType);
        Assert.Equal("VALIDATION_ERROR", reply.Json["code"]!.GetValue<string>());
        var errors = reply.Json["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["amount", "currency", "expiresInSeconds", "methods[1]", "returnUrl"], errors);
    }

    [Theory]
    [InlineData("""{"currency":"XAF","returnUrl":"https://shop.example/r"}""", "amount")]
    [InlineData("""{"amount":10.5,"currency":"BRL","returnUrl":"https://shop.example/r"}""", "amount")]
    [InlineData("""{"amount":1000,"currency":"BRL","returnUrl":"/relative"}""", "returnUrl")]
    [InlineData("""{"amount":1000,"currency":"BRL"}""", "returnUrl")]
    [InlineData("""{"amount":1000,"currency":"BRL","returnUrl":"https://shop.example/r","methods":[]}""", "methods")]
    [InlineData("""{"amount":1000,"currency":"XAF","returnUrl":"https://shop.example/r","payer":{"phone":"12"}}""", "payer.phone")]
    public async Task Create_OneBadField_Is400NamingIt(string body, string field)
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.SendAsync(HttpMethod.Post, "/v1/checkout-sessions", body, Api.NewKey());

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("VALIDATION_ERROR", reply.Json["code"]!.GetValue<string>());
        Assert.Equal([field], reply.Json["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Create_SameKey_ReplaysTheSessionAndAnotherBodyIsRefused()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();
        var externalId = "order-" + key;

        var first = await client.SendAsync(HttpMethod.Post, "/v1/checkout-sessions", Session(externalId: externalId), key);
        var again = await client.SendAsync(HttpMethod.Post, "/v1/checkout-sessions", Session(externalId: externalId), key);
        var other = await client.SendAsync(HttpMethod.Post, "/v1/checkout-sessions", Session(amount: 6000, externalId: externalId), key);

        Assert.Equal(HttpStatusCode.Created, again.Status);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
        Assert.Equal((HttpStatusCode)422, other.Status);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", other.Json["code"]!.GetValue<string>());
        Assert.Equal(1, await hub.App.WithSystemDbAsync(db => db.CheckoutSessions.CountAsync(s => s.ExternalId == externalId)));
    }

    [Fact]
    public async Task Get_AnotherMerchantsKey_Is404()
    {
        using var a1 = hub.Client(hub.MerchantA1Key);
        using var b1 = hub.Client(hub.MerchantB1Key);
        using var a2 = hub.Client(hub.MerchantA2Key);
        using var tenantA = hub.Client(hub.TenantAKey, actAs: hub.MerchantA1);
        var id = (await CreateAsync(a1))["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NotFound, (await b1.FetchAsync($"/v1/checkout-sessions/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await a2.FetchAsync($"/v1/checkout-sessions/{id}")).Status);
        Assert.Equal("NOT_FOUND", (await b1.FetchAsync($"/v1/checkout-sessions/{id}")).Json["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await tenantA.FetchAsync($"/v1/checkout-sessions/{id}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.Client().FetchAsync($"/v1/checkout-sessions/{id}")).Status);
    }

    [Fact]
    public async Task Expired_SessionReadsExpired_PageIs410_AndOneEventIsWritten()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        using var payer = hub.Client();
        var id = (await CreateAsync(client))["id"]!.GetValue<string>();
        PublicId.TryParse(PublicId.CheckoutSession, id, out var guid);
        await hub.App.WithSystemDbAsync(db => db.CheckoutSessions.Where(s => s.Id == guid)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        var session = await client.FetchAsync($"/v1/checkout-sessions/{id}");
        var page = await payer.FetchAsync($"/checkout/{id}");
        var pay = await payer.SendAsync(HttpMethod.Post, $"/checkout/{id}/pay", """{"method":"mobile_money","phone":"+237671234567"}""");
        var status = await payer.FetchAsync($"/checkout/{id}/status");

        Assert.Equal("expired", session.Json["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, page.Status);
        Assert.Contains("This payment page has expired", page.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, pay.Status);
        Assert.Equal("CHECKOUT_SESSION_EXPIRED", pay.Json["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, status.Status);
        var events = await hub.App.WithSystemDbAsync(db => db.Events.Where(e => e.ObjectId == guid).Select(e => e.Type).ToListAsync());
        Assert.Equal(["checkout_session.expired"], events);
        Assert.Null(await hub.App.WithSystemDbAsync(db => db.CheckoutSessions.Where(s => s.Id == guid).Select(s => s.PaymentId).FirstAsync()));
    }
}
