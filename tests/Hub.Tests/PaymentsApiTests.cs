using System.Net;
using System.Text.Json.Nodes;
using Hub.Tests.Infrastructure;

namespace Hub.Tests;

[Collection(HubCollection.Name)]
public sealed class PaymentsApiTests(HubFixture hub)
{
    [Fact]
    public async Task Create_EvenAmount_IsPendingThenPaidAfterTheSimulatorDelay()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var created = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var payment = created.Json;
        var id = payment["id"]!.GetValue<string>();
        Assert.StartsWith("pay_", id, StringComparison.Ordinal);
        Assert.Equal($"/v1/payments/{id}", created.Header("Location"));
        Assert.Equal("pending", payment["status"]!.GetValue<string>());
        Assert.Equal("mtn_momo", payment["provider"]!.GetValue<string>());
        Assert.Equal("+237671234567", payment["payer"]!["phone"]!.GetValue<string>());
        Assert.Equal("CM", payment["country"]!.GetValue<string>());
        Assert.Equal(1002, payment["amount"]!.GetValue<long>());
        Assert.Equal("approve_on_phone", payment["nextAction"]!["type"]!.GetValue<string>());
        Assert.Equal(["created", "pending"], payment["statusHistory"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));

        // What MTN received: the amount in major units, the MSISDN, our reference and a callback URL carrying it.
        var sent = Assert.Single(hub.Simulator.Transactions, t => t.ExternalId == id);
        Assert.Equal("1002", sent.Amount);
        Assert.Equal("XAF", sent.Currency);
        Assert.Equal("237671234567", sent.PartyId);
        Assert.Equal(payment["providerReference"]!.GetValue<string>(), sent.ReferenceId);
        Assert.EndsWith($"?ref={sent.ReferenceId}", sent.CallbackUrl, StringComparison.Ordinal);

        var early = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{id}/sync");
        Assert.Equal("pending", early.Json["status"]!.GetValue<string>());

        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(2));
        var synced = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{id}/sync");

        Assert.Equal(HttpStatusCode.OK, synced.Status);
        Assert.Equal("paid", synced.Json["status"]!.GetValue<string>());
        Assert.NotNull(synced.Json["paidAt"]!.GetValue<string>());
        Assert.Null(synced.Json["nextAction"]);
        var fetched = await client.FetchAsync($"/v1/payments/{id}");
        Assert.Equal("paid", fetched.Json["status"]!.GetValue<string>());
        // MTN's callback (which makes the hub ask) and the explicit sync race; either settles it, once.
        Assert.Contains(fetched.Json["statusHistory"]!.AsArray().Last()!["source"]!.GetValue<string>(), new[] { "sync", "callback" });
        Assert.Single(fetched.Json["statusHistory"]!.AsArray(), h => h!["status"]!.GetValue<string>() == "paid");
    }

    [Fact]
    public async Task Create_OddAmount_EndsFailedWithInsufficientFunds()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var created = await client.CreatePaymentAsync(Api.MtnPayment(1001), Api.NewKey());
        var id = created.Json["id"]!.GetValue<string>();
        var synced = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{id}/sync");

        Assert.Equal("failed", synced.Json["status"]!.GetValue<string>());
        Assert.Equal("insufficient_funds", synced.Json["failure"]!["code"]!.GetValue<string>());
        Assert.Equal("NOT_ENOUGH_FUNDS", synced.Json["failure"]!["providerCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ARwandaNumber_IsNotRoutedToAnAccountThatCannotSettleRwf()
    {
        // Merchant A1's only MTN account is in Cameroon (mtncameroon: XAF): a Rwanda MTN number in RWF has no route there.
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.CreatePaymentAsync(
            """{"amount":1002,"currency":"RWF","method":"mobile_money","payer":{"phone":"+250 788 000 001"}}""", Api.NewKey());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("NO_ROUTE", reply.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ProviderNoPluginDeclares_IsNoRoute_TheHubKeepsNoListOfProviders()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.CreatePaymentAsync(
            """{"amount":500,"currency":"XAF","method":"mobile_money","provider":"paypal","payer":{"phone":"+237671234567"}}""", Api.NewKey());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("NO_ROUTE", reply.Json["code"]!.GetValue<string>());
        Assert.Contains("paypal connector is not loaded", reply.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"amount":0,"currency":"XAF","method":"mobile_money","payer":{"phone":"+237671234567"}}""", "amount")]
    [InlineData("""{"amount":-5,"currency":"XAF","method":"mobile_money","payer":{"phone":"+237671234567"}}""", "amount")]
    [InlineData("""{"amount":12.5,"currency":"XAF","method":"mobile_money","payer":{"phone":"+237671234567"}}""", "amount")]
    [InlineData("""{"amount":"500","currency":"XAF","method":"mobile_money","payer":{"phone":"+237671234567"}}""", "amount")]
    [InlineData("""{"amount":500,"currency":"XXX","method":"mobile_money","payer":{"phone":"+237671234567"}}""", "currency")]
    [InlineData("""{"amount":500,"currency":"xaf","method":"mobile_money","payer":{"phone":"+237671234567"}}""", "currency")]
    [InlineData("""{"amount":500,"currency":"XAF","method":"mobile_money","payer":{"phone":"12ab"}}""", "payer.phone")]
    [InlineData("""{"amount":500,"currency":"XAF","method":"mobile_money","payer":{"phone":"+2376712"}}""", "payer.phone")]
    [InlineData("""{"amount":500,"currency":"XAF","method":"mobile_money"}""", "payer")]
    [InlineData("""{"amount":500,"currency":"XAF","method":"cash","payer":{"phone":"+237671234567"}}""", "method")]
    [InlineData("""{"amount":500,"currency":"XAF","method":"mobile_money","provider":"Pay Pal!","payer":{"phone":"+237671234567"}}""", "provider")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"amount":""", "body")]
    public async Task Create_InvalidBody_Answers400ValidationErrorNamingTheField(string json, string field)
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var before = hub.Simulator.Transactions.Count;

        var reply = await client.CreatePaymentAsync(json, Api.NewKey());

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("application/problem+json", reply.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal("VALIDATION_ERROR", reply.Json["code"]!.GetValue<string>());
        Assert.NotNull(reply.Json["errors"]![field]);
        Assert.Equal(before, hub.Simulator.Transactions.Count);
    }

    [Fact]
    public async Task Create_AllProblemsAtOnce_AreListedTogether()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.CreatePaymentAsync("""{"amount":12.5,"currency":"XXX","method":"mobile_money","payer":{"phone":"nope"}}""", Api.NewKey());

        var errors = reply.Json["errors"]!.AsObject();
        Assert.Equal(["amount", "currency", "payer.phone"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("237671234567")]
    [InlineData("+237 6 71 23 45 67")]
    [InlineData("671234567")]
    public async Task Create_PhoneAsTyped_IsStoredInE164(string typed)
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.CreatePaymentAsync(Api.MtnPayment(2000, typed), Api.NewKey());

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("+237671234567", reply.Json["payer"]!["phone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_OrangeNumberWithoutOrangeAccount_AnswersNoRoute()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.CreatePaymentAsync(Api.MtnPayment(2000, "+237 699 12 34 56"), Api.NewKey());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("NO_ROUTE", reply.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_ProviderNotLoaded_AnswersNoRoute()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.CreatePaymentAsync(Api.MtnPayment(2000, provider: "orange_money"), Api.NewKey());

        Assert.Equal("NO_ROUTE", reply.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_FiltersByStatusAndExternalId_AndPaginates()
    {
        using var client = hub.Client(hub.MerchantA2Key);
        var externalId = "list-" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 3; i++)
        {
            var body = JsonNode.Parse(Api.MtnPayment(3000))!;
            body["externalId"] = externalId;
            Assert.Equal(HttpStatusCode.Created, (await client.CreatePaymentAsync(body.ToJsonString(), Api.NewKey())).Status);
        }

        var page = await client.FetchAsync($"/v1/payments?externalId={externalId}&status=pending,paid&pageSize=2");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(2, page.Json["data"]!.AsArray().Count);
        Assert.Equal(3, page.Json["pagination"]!["total"]!.GetValue<int>());
        Assert.True(page.Json["pagination"]!["hasNext"]!.GetValue<bool>());
        var empty = await client.FetchAsync($"/v1/payments?externalId={externalId}&status=failed");
        Assert.Equal(0, empty.Json["pagination"]!["total"]!.GetValue<int>());
        var bad = await client.FetchAsync("/v1/payments?status=nope&pageSize=500");
        Assert.Equal("VALIDATION_ERROR", bad.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_UnknownOrMalformedId_Answers404Problem()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        Assert.Equal("NOT_FOUND", (await client.FetchAsync("/v1/payments/pay_01M846Z9S7ER6BYBXBJRW0WYW1")).Json["code"]!.GetValue<string>());
        Assert.Equal("NOT_FOUND", (await client.FetchAsync("/v1/payments/nonsense")).Json["code"]!.GetValue<string>());
    }
}
