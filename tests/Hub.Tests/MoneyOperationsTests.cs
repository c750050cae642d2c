using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.Tests.Infrastructure;

namespace Hub.Tests;

/// <summary>Issue 9's hub-side bars: manual payments, splits and their refunds, on real PostgreSQL.</summary>
[Collection(HubCollection.Name)]
public sealed class MoneyOperationsTests(HubFixture hub)
{
    [Fact]
    public async Task ManualBankTransfer_IsUnderReview_OneReferencePaysOnce_ApproveAndReject()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        using var tenant = hub.Client(hub.TenantAKey, actAs: hub.MerchantA1);
        await EnsureManualAccountAsync(client);
        var reference = "FT" + Guid.NewGuid().ToString("N")[..12];

        var created = await client.CreatePaymentAsync(Manual(reference), Api.NewKey());
        var again = await client.CreatePaymentAsync(Manual(reference), Api.NewKey());
        var missing = await client.CreatePaymentAsync(Manual(null), Api.NewKey());
        var approved = await tenant.SendAsync(HttpMethod.Post, $"/v1/payments/{created.Json["id"]}/approve");
        var twice = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{created.Json["id"]}/approve");
        var other = await client.CreatePaymentAsync(Manual("FT" + Guid.NewGuid().ToString("N")[..12]), Api.NewKey());
        var rejected = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{other.Json["id"]}/reject", """{"reason":"no such transfer"}""");
        var events = await client.FetchAsync($"/v1/events?type=payment.paid&pageSize=100");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("under_review", created.Json["status"]!.GetValue<string>());
        Assert.Equal("manual", created.Json["provider"]!.GetValue<string>());
        Assert.Equal(reference, created.Json["transactionReference"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.NotNull(again.Json["errors"]!["transactionReference"]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(HttpStatusCode.OK, approved.Status);
        Assert.Equal("paid", approved.Json["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        Assert.Equal("INVALID_STATE", twice.Json["code"]!.GetValue<string>());
        Assert.Equal("failed", rejected.Json["status"]!.GetValue<string>());
        Assert.Equal("payer_declined", rejected.Json["failure"]!["code"]!.GetValue<string>());
        Assert.Contains(events.Json["data"]!.AsArray(), e => e!["data"]!["id"]!.GetValue<string>() == created.Json["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheSameReference_SentConcurrently_PaysOnce()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        await EnsureManualAccountAsync(client);
        var reference = "FT" + Guid.NewGuid().ToString("N")[..12];

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.CreatePaymentAsync(Manual(reference), Api.NewKey())));

        Assert.Equal(1, replies.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(7, replies.Count(r => r.Status == HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Splits_AreShown_RefundedInProportion_AndOnlyTheTenantsMerchants()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var splits = new JsonArray(
            new JsonObject { ["merchantId"] = hub.MerchantA1, ["amount"] = 700 },
            new JsonObject { ["merchantId"] = hub.MerchantA2, ["amount"] = 300, ["chargeFees"] = true });
        var body = JsonNode.Parse(Api.MtnPayment(1000))!.AsObject();
        body["splits"] = splits;
        var foreign = JsonNode.Parse(Api.MtnPayment(1000))!.AsObject();
        foreign["splits"] = new JsonArray(new JsonObject { ["merchantId"] = hub.MerchantB1, ["amount"] = 1000 });
        var wrongSum = JsonNode.Parse(Api.MtnPayment(1000))!.AsObject();
        wrongSum["splits"] = new JsonArray(new JsonObject { ["merchantId"] = hub.MerchantA1, ["amount"] = 999 });

        var created = await client.CreatePaymentAsync(body.ToJsonString(), Api.NewKey());
        var refused = await client.CreatePaymentAsync(foreign.ToJsonString(), Api.NewKey());
        var badSum = await client.CreatePaymentAsync(wrongSum.ToJsonString(), Api.NewKey());

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var shown = created.Json["splits"]!.AsArray();
        Assert.Equal([700L, 300L], shown.Select(s => s!["amount"]!.GetValue<long>()));
        Assert.True(shown[1]!["chargeFees"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.NotNull(refused.Json["errors"]!["splits[0].merchantId"]);
        Assert.Equal(HttpStatusCode.BadRequest, badSum.Status);
        Assert.NotNull(badSum.Json["errors"]!["splits"]);

        var id = created.Json["id"]!.GetValue<string>();
        await PaidAsync(client, id);
        var refund = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{id}/refunds", """{"amount":334}""");
        Assert.Equal(HttpStatusCode.Created, refund.Status);
        // 334 × 300/1000 = 100.2 → 100 for the second split, the rest (234) to the first (even amounts: the MTN sandbox fails odd ones).
        Assert.Equal([234L, 100L], refund.Json["splits"]!.AsArray().Select(s => s!["amount"]!.GetValue<long>()));
        var rest = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{id}/refunds", "{}");
        Assert.Equal([466L, 200L], rest.Json["splits"]!.AsArray().Select(s => s!["amount"]!.GetValue<long>()));
    }

    private async Task PaidAsync(HttpClient client, string id)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            hub.SimulatorClock.Advance(TimeSpan.FromSeconds(1));
            var reply = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{id}/sync");
            if (reply.Json["status"]!.GetValue<string>() == "paid")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, reply.Body);
            await Task.Delay(200);
        }
    }

    private static string Manual(string? reference) => new JsonObject
    {
        ["amount"] = 150000, ["currency"] = "XAF", ["method"] = "bank_transfer", ["provider"] = "manual",
        ["transactionReference"] = reference, ["notes"] = "wired from Afriland",
    }.ToJsonString();

    private static async Task EnsureManualAccountAsync(HttpClient client)
    {
        var accounts = await client.FetchAsync("/v1/connector-accounts?pageSize=100");
        if (accounts.Json["data"]!.AsArray().Any(a => a!["connector"]!.GetValue<string>() == "manual"))
        {
            return;
        }

        var reply = await client.PostAsJsonAsync("/v1/connector-accounts", new { connector = "manual", environment = "sandbox" });
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
    }
}
