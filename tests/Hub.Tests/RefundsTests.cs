using System.Net;
using Hub.Tests.Infrastructure;

namespace Hub.Tests;

/// <summary>API.md Refunds, end to end through the MTN connector and simulator on real PostgreSQL.</summary>
[Collection(HubCollection.Name)]
public sealed class RefundsTests(HubFixture hub)
{
    [Fact]
    public async Task PartialRefund_Completes_RaisesAmountRefunded_AndMoreThanIsLeftIsRefused()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var paymentId = await PaidPaymentAsync(client, 1000);

        var refund = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{paymentId}/refunds", """{"amount":400,"reason":"customer request"}""");
        Assert.Equal(HttpStatusCode.Created, refund.Status);
        var refundId = refund.Json["id"]!.GetValue<string>();
        Assert.StartsWith("ref_", refundId, StringComparison.Ordinal);
        Assert.Equal(paymentId, refund.Json["paymentId"]!.GetValue<string>());
        var completed = await EventuallyAsync(client, $"/v1/refunds/{refundId}", r => r.Json["status"]!.GetValue<string>() == "completed");
        var payment = await client.FetchAsync($"/v1/payments/{paymentId}");
        var tooMuch = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{paymentId}/refunds", """{"amount":700}""");
        var listed = await client.FetchAsync($"/v1/refunds?paymentId={paymentId}&status=completed");

        Assert.Equal(400, completed.Json["amount"]!.GetValue<long>());
        Assert.Equal("paid", payment.Json["status"]!.GetValue<string>());
        Assert.Equal(400, payment.Json["amountRefunded"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.Status);
        Assert.Equal("REFUND_EXCEEDS_PAYMENT", tooMuch.Json["code"]!.GetValue<string>());
        Assert.Equal(refundId, Assert.Single(listed.Json["data"]!.AsArray())!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheRest_RefundsThePaymentInFull()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var paymentId = await PaidPaymentAsync(client, 1000);

        var first = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{paymentId}/refunds", """{"amount":300}""");
        var rest = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{paymentId}/refunds", "{}");
        var refunded = await EventuallyAsync(client, $"/v1/payments/{paymentId}", p => p.Json["status"]!.GetValue<string>() == "refunded");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(700, rest.Json["amount"]!.GetValue<long>());
        Assert.Equal(1000, refunded.Json["amountRefunded"]!.GetValue<long>());
    }

    [Fact]
    public async Task ConcurrentRefunds_NeverExceedTheAmount()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var paymentId = await PaidPaymentAsync(client, 1000);

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            client.SendAsync(HttpMethod.Post, $"/v1/payments/{paymentId}/refunds", """{"amount":100}""")));

        Assert.Equal(10, replies.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(10, replies.Count(r => r.Status == HttpStatusCode.UnprocessableEntity
            && r.Json["code"]!.GetValue<string>() == "REFUND_EXCEEDS_PAYMENT"));
        var refunded = await EventuallyAsync(client, $"/v1/payments/{paymentId}", p => p.Json["status"]!.GetValue<string>() == "refunded");
        Assert.Equal(1000, refunded.Json["amountRefunded"]!.GetValue<long>());
    }

    [Fact]
    public async Task RefundOfAnUnpaidPayment_IsAnInvalidState_AndBadInputIsNamed()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var created = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());
        var paymentId = created.Json["id"]!.GetValue<string>();

        var pending = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{paymentId}/refunds", "{}");
        var negative = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{paymentId}/refunds", """{"amount":-5}""");
        var unknown = await client.SendAsync(HttpMethod.Post, "/v1/payments/pay_00000000000000000000000000/refunds", "{}");

        Assert.Equal(HttpStatusCode.Conflict, pending.Status);
        Assert.Equal("INVALID_STATE", pending.Json["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, negative.Status);
        Assert.NotNull(negative.Json["errors"]!["amount"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task AnotherMerchantsRefund_IsNotFound()
    {
        using var owner = hub.Client(hub.MerchantA1Key);
        using var stranger = hub.Client(hub.MerchantB1Key);
        var paymentId = await PaidPaymentAsync(owner, 1000);
        var refund = await owner.SendAsync(HttpMethod.Post, $"/v1/payments/{paymentId}/refunds", """{"amount":100}""");

        var seen = await stranger.FetchAsync($"/v1/refunds/{refund.Json["id"]!.GetValue<string>()}");
        var refundOther = await stranger.SendAsync(HttpMethod.Post, $"/v1/payments/{paymentId}/refunds", "{}");

        Assert.Equal(HttpStatusCode.NotFound, seen.Status);
        Assert.Equal(HttpStatusCode.NotFound, refundOther.Status);
    }

    private async Task<string> PaidPaymentAsync(HttpClient client, long amount)
    {
        var created = await client.CreatePaymentAsync(Api.MtnPayment(amount), Api.NewKey());
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json["id"]!.GetValue<string>();
        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(1));
        await EventuallyAsync(client, $"/v1/payments/{id}", _ => true, sync: id);
        var paid = await EventuallyAsync(client, $"/v1/payments/{id}", p => p.Json["status"]!.GetValue<string>() == "paid", sync: id);
        return paid.Json["id"]!.GetValue<string>();
    }

    /// <summary>Polls until the condition holds (a callback or the reconciler settles it), for at most 30 s.</summary>
    private static async Task<ApiReply> EventuallyAsync(HttpClient client, string path, Func<ApiReply, bool> done, string? sync = null)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (sync is not null)
            {
                await client.SendAsync(HttpMethod.Post, $"/v1/payments/{sync}/sync");
            }

            var reply = await client.FetchAsync(path);
            if (done(reply) || DateTime.UtcNow > until)
            {
                Assert.True(done(reply), $"{path} never reached the expected state: {reply.Body}");
                return reply;
            }

            await Task.Delay(200);
        }
    }
}
