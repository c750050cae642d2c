using System.Net;
using Hub.Tests.Infrastructure;

namespace Hub.Tests;

/// <summary>API.md Payouts, end to end through the MTN connector's disbursement and its simulator on real PostgreSQL.</summary>
[Collection(HubCollection.Name)]
public sealed class PayoutsTests(HubFixture hub)
{
    private const string Payout2000 = """{"amount":2000,"currency":"XAF","method":"mobile_money","recipient":{"phone":"+237 6 71 23 45 67","name":"Ada N."},"description":"Salary","externalId":"po-1"}""";

    [Fact]
    public async Task Payout_Completes_AndAReplayAddsNoTransferAtTheProvider()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();

        var created = await client.SendAsync(HttpMethod.Post, "/v1/payouts", Payout2000, key);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json["id"]!.GetValue<string>();
        var transfersBefore = Transfers();
        var replay = await client.SendAsync(HttpMethod.Post, "/v1/payouts", Payout2000, key);
        var completed = await EventuallyAsync(client, id, "completed");
        var listed = await client.FetchAsync("/v1/payouts?status=completed&externalId=po-1");

        Assert.StartsWith("po_", id, StringComparison.Ordinal);
        Assert.Equal("mtn_momo", created.Json["provider"]!.GetValue<string>());
        Assert.Equal("+237671234567", created.Json["recipient"]!["phone"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, replay.Status);
        Assert.Equal(id, replay.Json["id"]!.GetValue<string>());
        Assert.Equal(transfersBefore, Transfers());
        Assert.Equal(2000, completed.Json["amount"]!.GetValue<long>());
        Assert.Contains(listed.Json["data"]!.AsArray(), p => p!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task OddAmount_Fails_WithTheProvidersReason()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var created = await client.SendAsync(HttpMethod.Post, "/v1/payouts", Payout2000.Replace("2000", "2001", StringComparison.Ordinal), Api.NewKey());
        var failed = await EventuallyAsync(client, created.Json["id"]!.GetValue<string>(), "failed");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.NotNull(failed.Json["failure"]!["code"]);
    }

    [Fact]
    public async Task BadInput_IsNamed_AndTheKeyIsRequired_AndOthersCannotSeeIt()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        using var stranger = hub.Client(hub.MerchantB1Key);

        var noKey = await client.SendAsync(HttpMethod.Post, "/v1/payouts", Payout2000);
        var bad = await client.SendAsync(HttpMethod.Post, "/v1/payouts",
            """{"amount":-1,"currency":"XAF","method":"card","recipient":{"phone":"12"}}""", Api.NewKey());
        var noRoute = await client.SendAsync(HttpMethod.Post, "/v1/payouts",
            """{"amount":2000,"currency":"XAF","method":"mobile_money","recipient":{"phone":"+237 6 20 12 34 56"}}""", Api.NewKey());
        var created = await client.SendAsync(HttpMethod.Post, "/v1/payouts", Payout2000, Api.NewKey());
        var seen = await stranger.FetchAsync($"/v1/payouts/{created.Json["id"]!.GetValue<string>()}");

        Assert.Equal(HttpStatusCode.BadRequest, noKey.Status);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.Json["errors"]!["amount"]);
        Assert.NotNull(bad.Json["errors"]!["method"]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noRoute.Status);
        Assert.Equal("NO_ROUTE", noRoute.Json["code"]!.GetValue<string>());
        Assert.Contains("+237 62", noRoute.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, seen.Status);
    }

    private int Transfers() => hub.Simulator.Server.LogEntries.Count(e =>
        e.RequestMessage!.Method == "POST" && e.RequestMessage.Path.EndsWith("/disbursement/v1_0/transfer", StringComparison.Ordinal));

    private async Task<ApiReply> EventuallyAsync(HttpClient client, string id, string status)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            hub.SimulatorClock.Advance(TimeSpan.FromSeconds(1));
            await client.SendAsync(HttpMethod.Post, $"/v1/payouts/{id}/sync");
            var reply = await client.FetchAsync($"/v1/payouts/{id}");
            if (reply.Json["status"]!.GetValue<string>() == status || DateTime.UtcNow > until)
            {
                Assert.Equal(status, reply.Json["status"]!.GetValue<string>());
                return reply;
            }

            await Task.Delay(200);
        }
    }
}
