using System.Net;
using System.Text.Json.Nodes;
using Hub.Common;
using Hub.Tests.Infrastructure;
using Hub.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Webhooks;

/// <summary>
/// Webhooks out, end to end: a real hub on PostgreSQL, the MTN simulator, a receiver on loopback, the dispatcher run
/// by the test, and signatures checked with the test's own Standard Webhooks code.
/// </summary>
public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task Dispatch_PaidMtnPayment_DeliversCreatedPendingPaidInOrderSigned()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (endpointId, secret) = await harness.CreateEndpointAsync(receiver.Url, "payment.*");

        var paymentId = await harness.CreatePaymentAsync();
        await harness.SyncToPaidAsync(paymentId);
        var attempted = await harness.DispatchAsync();

        Assert.Equal(3, attempted);
        var received = receiver.Received;
        Assert.Equal(["payment.created", "payment.pending", "payment.paid"], received.Select(r => r.Type));
        using var client = harness.Client(harness.MerchantKey);
        var events = (await client.FetchAsync("/v1/events")).Json["data"]!.AsArray();
        foreach (var webhook in received)
        {
            Assert.Equal([true], ReceiverSignature.Check(webhook, secret));
            Assert.Equal("application/json", webhook.ContentType);
            Assert.Equal(harness.Clock.GetUtcNow().ToUnixTimeSeconds(), long.Parse(webhook.Timestamp, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(paymentId, webhook.ObjectId);
            Assert.Equal(webhook.Type["payment.".Length..], webhook.Json["data"]!["status"]!.GetValue<string>());
            // webhook-id is the event's id, and the body's timestamp the event's time.
            var ev = Assert.Single(events, e => e!["id"]!.GetValue<string>() == webhook.Id)!;
            Assert.StartsWith("evt_", webhook.Id, StringComparison.Ordinal);
            Assert.Equal(ev["type"]!.GetValue<string>(), webhook.Type);
            Assert.Equal(ev["createdAt"]!.GetValue<string>(), webhook.Json["timestamp"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(ev["data"], webhook.Json["data"]));
        }

        Assert.False(ReceiverSignature.Verifies(received[0], "whsec_" + Convert.ToBase64String(new byte[24])));
        var deliveries = (await harness.DeliveriesAsync(endpointId)).AsArray();
        Assert.Equal(3, deliveries.Count);
        Assert.All(deliveries, d =>
        {
            Assert.Equal("succeeded", d!["status"]!.GetValue<string>());
            Assert.Equal(1, d["attempts"]!.GetValue<int>());
            Assert.Equal(200, d["lastStatusCode"]!.GetValue<int>());
            Assert.Null(d["nextAttemptAt"]);
        });
        Assert.Equal(0, await harness.DispatchAsync());
        Assert.Equal(3, receiver.Received.Count);

        // Each outcome is logged, never with the secret or the body.
        var logs = harness.Hub.Logs.Lines;
        Assert.Contains(logs, l => l.Contains(received[2].Id, StringComparison.Ordinal)
            && l.Contains("succeeded on attempt 1", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(secret["whsec_".Length..], StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("\"data\":{", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dispatch_Receiver500_SameWebhookIdAgainAfterBackoffAndLaterEventsWait()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(n => n == 1 ? 500 : 204);
        var (endpointId, secret) = await harness.CreateEndpointAsync(receiver.Url, "payment.*");
        await harness.CreatePaymentAsync();

        Assert.Equal(1, await harness.DispatchAsync());
        var first = Assert.Single(receiver.Received);
        Assert.Equal("payment.created", first.Type);
        var pending = (await harness.DeliveriesAsync(endpointId)).AsArray()
            .Single(d => d!["eventType"]!.GetValue<string>() == "payment.created")!;
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Equal(500, pending["lastStatusCode"]!.GetValue<int>());
        Assert.Equal("HTTP 500", pending["lastError"]!.GetValue<string>());

        // The first retry comes 5 s ± 20 % later: not at 3 s, surely at 7 s. payment.pending waits behind it.
        harness.FakeClock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, await harness.DispatchAsync());
        harness.FakeClock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(2, await harness.DispatchAsync());

        var received = receiver.Received;
        Assert.Equal(["payment.created", "payment.created", "payment.pending"], received.Select(r => r.Type));
        Assert.Equal(first.Id, received[1].Id);
        Assert.Equal(first.Body, received[1].Body);
        Assert.NotEqual(first.Timestamp, received[1].Timestamp);
        Assert.All(received, r => Assert.True(ReceiverSignature.Verifies(r, secret)));
        var created = (await harness.DeliveriesAsync(endpointId)).AsArray()
            .Single(d => d!["eventType"]!.GetValue<string>() == "payment.created")!;
        Assert.Equal("succeeded", created["status"]!.GetValue<string>());
        Assert.Equal(2, created["attempts"]!.GetValue<int>());
        Assert.Equal(204, created["lastStatusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task RotateSecret_DeliveriesCarryNewThenOldSignatureFor24Hours()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (endpointId, oldSecret) = await harness.CreateEndpointAsync(receiver.Url, "payment.created");
        using var client = harness.Client(harness.MerchantKey);

        var rotated = await client.SendAsync(HttpMethod.Post, $"/v1/webhook-endpoints/{endpointId}/rotate-secret");
        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        Assert.Equal(endpointId, rotated.Json["id"]!.GetValue<string>());
        var newSecret = rotated.Json["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", newSecret, StringComparison.Ordinal);
        Assert.NotEqual(oldSecret, newSecret);

        await harness.CreatePaymentAsync();
        await harness.DispatchAsync();
        var during = Assert.Single(receiver.Received);
        Assert.Equal([true, false], ReceiverSignature.Check(during, newSecret));
        Assert.Equal([false, true], ReceiverSignature.Check(during, oldSecret));

        harness.FakeClock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await harness.CreatePaymentAsync();
        await harness.DispatchAsync();
        var after = receiver.Received[1];
        Assert.Equal([true], ReceiverSignature.Check(after, newSecret));
        Assert.False(ReceiverSignature.Verifies(after, oldSecret));
    }

    [Fact]
    public async Task Dispatch_Receiver410_DisablesEndpointAndFailsItsDeliveries()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(_ => 410);
        var (endpointId, _) = await harness.CreateEndpointAsync(receiver.Url, "payment.*");
        await harness.CreatePaymentAsync();

        Assert.Equal(2, await harness.DispatchAsync());

        Assert.Equal("payment.created", Assert.Single(receiver.Received).Type);
        using var client = harness.Client(harness.MerchantKey);
        var endpoint = (await client.FetchAsync($"/v1/webhook-endpoints/{endpointId}")).Json;
        Assert.Equal("disabled", endpoint["status"]!.GetValue<string>());
        Assert.Contains("410", endpoint["disabledReason"]!.GetValue<string>(), StringComparison.Ordinal);
        var deliveries = (await harness.DeliveriesAsync(endpointId)).AsArray();
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal("failed", d!["status"]!.GetValue<string>()));
        var notSent = deliveries.Single(d => d!["eventType"]!.GetValue<string>() == "payment.pending")!;
        Assert.Equal(0, notSent["attempts"]!.GetValue<int>());

        // A disabled endpoint gets nothing new.
        await harness.CreatePaymentAsync();
        harness.FakeClock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await harness.DispatchAsync());
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Dispatch_ReceiverFailingFor24Hours_DeliveryEndsFailedAfterTheSchedule()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(_ => 503);
        var (endpointId, _) = await harness.CreateEndpointAsync(receiver.Url, "payment.created");
        await harness.CreatePaymentAsync();

        JsonNode delivery;
        var runs = 0;
        while (true)
        {
            await harness.DispatchAsync();
            delivery = (await harness.DeliveriesAsync(endpointId)).AsArray().Single()!;
            if (delivery["status"]!.GetValue<string>() != "pending" || ++runs > 30)
            {
                break;
            }

            var next = DateTimeOffset.Parse(delivery["nextAttemptAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            // The reply shows milliseconds; the row keeps microseconds.
            harness.FakeClock.Advance(next - harness.Clock.GetUtcNow() + TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal("failed", delivery["status"]!.GetValue<string>());
        Assert.Equal(12, delivery["attempts"]!.GetValue<int>());
        Assert.Null(delivery["nextAttemptAt"]);
        var received = receiver.Received;
        Assert.Equal(12, received.Count);
        Assert.Single(received.Select(r => r.Id).Distinct());
        Assert.True(received[^1].SentAt - received[0].SentAt >= TimeSpan.FromHours(24));
        // Each wait is its step of 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 8 h, 8 h, ± 20 %.
        double[] steps = [5, 30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800, 28800];
        for (var i = 0; i < steps.Length; i++)
        {
            var gap = (received[i + 1].SentAt - received[i].SentAt).TotalSeconds;
            Assert.InRange(gap, Math.Floor(steps[i] * 0.8) - 1, Math.Ceiling(steps[i] * 1.2) + 1);
        }

        harness.FakeClock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await harness.DispatchAsync());
    }

    [Fact]
    public async Task Dispatch_InProduction_RefusesALoopbackEndpointAtDeliveryTime()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        // Saved while private networks were allowed (or a name that later resolves to loopback)…
        var (endpointId, _) = await harness.CreateEndpointAsync(receiver.Url, "payment.created");
        await harness.CreatePaymentAsync();
        var production = harness.StartHub(allowPrivateNetworks: false);

        // …a production instance checks the address again inside the connection and does not connect.
        Assert.Equal(1, await WebhookHarness.Dispatcher(production).RunOnceAsync(CancellationToken.None));

        Assert.Empty(receiver.Received);
        var delivery = (await harness.DeliveriesAsync(endpointId)).AsArray().Single()!;
        Assert.Equal("pending", delivery["status"]!.GetValue<string>());
        Assert.Equal(1, delivery["attempts"]!.GetValue<int>());
        Assert.Null(delivery["lastStatusCode"]);
        Assert.Contains("127.0.0.1 is a loopback address", delivery["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_ReceiverRedirects_IsAFailureAndTheRedirectIsNotFollowed()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var target = await WebhookReceiver.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(_ => 307, location: target.Url);
        var (endpointId, _) = await harness.CreateEndpointAsync(receiver.Url, "payment.created");
        await harness.CreatePaymentAsync();

        await harness.DispatchAsync();

        Assert.Single(receiver.Received);
        Assert.Empty(target.Received);
        var delivery = (await harness.DeliveriesAsync(endpointId)).AsArray().Single()!;
        Assert.Equal("pending", delivery["status"]!.GetValue<string>());
        Assert.Equal(307, delivery["lastStatusCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Redeliver_DeliveredEvent_SendsItAgainWithTheSameWebhookId()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var other = await WebhookReceiver.StartAsync();
        var (endpointId, secret) = await harness.CreateEndpointAsync(receiver.Url, "payment.created");
        var (refundsOnly, otherSecret) = await harness.CreateEndpointAsync(other.Url, "refund.completed");
        await harness.CreatePaymentAsync();
        await harness.DispatchAsync();
        var original = Assert.Single(receiver.Received);
        using var client = harness.Client(harness.MerchantKey);

        var reply = await client.SendAsync(HttpMethod.Post, $"/v1/events/{original.Id}/redeliver");

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        var delivery = Assert.Single(reply.Json["data"]!.AsArray())!;
        Assert.Equal(endpointId, delivery["endpointId"]!.GetValue<string>());
        Assert.Equal(original.Id, delivery["eventId"]!.GetValue<string>());
        Assert.Equal("pending", delivery["status"]!.GetValue<string>());
        Assert.Equal(0, delivery["attempts"]!.GetValue<int>());
        Assert.Equal(1, await harness.DispatchAsync());
        Assert.Equal(2, receiver.Received.Count);
        Assert.Equal(original.Id, receiver.Received[1].Id);
        Assert.Equal(original.Body, receiver.Received[1].Body);
        Assert.True(ReceiverSignature.Verifies(receiver.Received[1], secret));
        Assert.Empty(other.Received);

        // Named explicitly, an endpoint gets the event even though it did not subscribe to it.
        var named = await client.SendAsync(HttpMethod.Post, $"/v1/events/{original.Id}/redeliver?endpointId={refundsOnly}");
        Assert.Equal(HttpStatusCode.Accepted, named.Status);
        Assert.Equal(refundsOnly, Assert.Single(named.Json["data"]!.AsArray())!["endpointId"]!.GetValue<string>());
        await harness.DispatchAsync();
        Assert.Equal(original.Id, Assert.Single(other.Received).Id);
        Assert.True(ReceiverSignature.Verifies(other.Received[0], otherSecret));

        using var stranger = harness.Client(harness.OtherMerchantKey);
        var foreign = await stranger.SendAsync(HttpMethod.Post, $"/v1/events/{original.Id}/redeliver");
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
        Assert.Equal("NOT_FOUND", foreign.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task FanOut_MatchesEachEndpointsPatterns_AndGivesDeliveriesVersion7IdsOfTheHubClock()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (all, _) = await harness.CreateEndpointAsync(receiver.Url, "*");
        var (family, _) = await harness.CreateEndpointAsync(receiver.Url, "payment.*");
        var (one, _) = await harness.CreateEndpointAsync(receiver.Url, "payment.paid");
        var (other, _) = await harness.CreateEndpointAsync(receiver.Url, "payout.*", "refund.completed");
        var (two, _) = await harness.CreateEndpointAsync(receiver.Url, "payment.pending", "payment.paid");
        var paid = await harness.CreatePaymentAsync();
        await harness.SyncToPaidAsync(paid); // payment.created, payment.pending, payment.paid

        var fanned = await harness.Hub.Services.GetRequiredService<WebhookDeliveryStore>().FanOutAsync(CancellationToken.None);

        Assert.Equal(new FanOutResult(3, 3 + 3 + 1 + 0 + 2), fanned);
        var rows = await harness.Hub.WithSystemDbAsync(db => db.WebhookDeliveries.AsNoTracking()
            .Join(db.Events, d => d.EventId, e => e.Id, (d, e) => new { d.Id, d.EndpointId, e.Type }).ToListAsync());
        string[] Types(string endpoint) => [.. rows.Where(r => PublicId.Format(PublicId.WebhookEndpoint, r.EndpointId) == endpoint)
            .Select(r => r.Type).Order(StringComparer.Ordinal)];
        Assert.Equal(["payment.created", "payment.paid", "payment.pending"], Types(all));
        Assert.Equal(["payment.created", "payment.paid", "payment.pending"], Types(family));
        Assert.Equal(["payment.paid"], Types(one));
        Assert.Empty(Types(other));
        Assert.Equal(["payment.paid", "payment.pending"], Types(two));
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        var nowMs = harness.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.All(rows, r =>
        {
            Assert.Equal(7, r.Id.Version);
            Assert.Equal(0b10, r.Id.Variant >> 2); // RFC 9562's variant
            var bytes = r.Id.ToByteArray(bigEndian: true);
            var ms = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
            Assert.Equal(nowMs, ms);
        });
    }

    [Fact]
    public async Task WokenPass_WhoseEventsNobodyWants_SkipsTheClaim_UntilAPollIntervalPassed()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await harness.CreateEndpointAsync(receiver.Url, "payment.paid");
        var store = harness.Hub.Services.GetRequiredService<WebhookDeliveryStore>();
        var dispatcher = WebhookHarness.Dispatcher(harness.Hub);
        Assert.Equal(0, await dispatcher.RunOnceAsync(woken: false, CancellationToken.None)); // the poll: claims (nothing due)

        // A paid payment fanned out by "another instance": its payment.paid delivery is due here at the next claim.
        var paid = await harness.CreatePaymentAsync();
        await harness.SyncToPaidAsync(paid);
        Assert.Equal(new FanOutResult(3, 1), await store.FanOutAsync(CancellationToken.None));
        // This instance's own event that nobody subscribed to wakes it: no delivery made, the last claim is recent.
        await harness.CreatePaymentAsync();
        Assert.Equal(0, await dispatcher.RunOnceAsync(woken: true, CancellationToken.None));
        Assert.Empty(receiver.Received);

        // A poll interval (100 ms in the harness) later, even a woken pass claims: pulses never starve what is due.
        harness.FakeClock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, await dispatcher.RunOnceAsync(woken: true, CancellationToken.None));
        Assert.Equal(["payment.paid"], receiver.Received.Select(r => r.Type));
        Assert.Equal(paid, receiver.Received[0].ObjectId);
    }

    [Fact]
    public async Task WokenPass_ThatMadeADelivery_ClaimsAtOnce()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await harness.CreateEndpointAsync(receiver.Url, "payment.created");
        var dispatcher = WebhookHarness.Dispatcher(harness.Hub);
        Assert.Equal(0, await dispatcher.RunOnceAsync(woken: false, CancellationToken.None));

        var paymentId = await harness.CreatePaymentAsync();
        Assert.Equal(1, await dispatcher.RunOnceAsync(woken: true, CancellationToken.None)); // payment.created only
        Assert.Equal(["payment.created"], receiver.Received.Select(r => r.Type));
        Assert.Equal(paymentId, receiver.Received[0].ObjectId);
    }

    [Fact]
    public async Task TwoDispatchers_OneDatabase_DeliverEachEventExactlyOnceInOrder()
    {
        await using var harness = await WebhookHarness.StartAsync();
        // Small claims and a slow receiver: both instances claim round after round at the same time.
        var first = harness.StartHub(batchSize: 3);
        var second = harness.StartHub(batchSize: 3);
        await using var receiver = await WebhookReceiver.StartAsync(delay: TimeSpan.FromMilliseconds(30));
        await harness.CreateEndpointAsync(receiver.Url, "*");
        var payments = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            payments.Add(await harness.CreatePaymentAsync(i % 2 == 0 ? first : second));
        }

        // Both wait for this gate, so neither finds the work done before it starts.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<int> RunAsync(HubApp hub)
        {
            await gate.Task;
            var attempted = 0;
            for (var run = 0; run < 5; run++)
            {
                attempted += await WebhookHarness.Dispatcher(hub).RunOnceAsync(CancellationToken.None);
            }

            return attempted;
        }

        var runs = new[] { Task.Run(() => RunAsync(first)), Task.Run(() => RunAsync(second)) };
        // Deliveries exist before either starts, so both find work at once.
        Assert.Equal(new FanOutResult(24, 24), await harness.Hub.Services.GetRequiredService<WebhookDeliveryStore>().FanOutAsync(CancellationToken.None));
        gate.SetResult();
        var attempts = await Task.WhenAll(runs);

        var received = receiver.Received;
        Assert.Equal(24, received.Count);
        Assert.Equal(24, received.Select(r => r.Id).Distinct().Count());
        Assert.All(attempts, a => Assert.True(a > 0, $"each instance should have delivered some: {string.Join(", ", attempts)}"));
        foreach (var payment in payments)
        {
            Assert.Equal(["payment.created", "payment.pending"], received.Where(r => r.ObjectId == payment).Select(r => r.Type));
        }
    }

    [Fact]
    public async Task Restart_EventWrittenByAStoppedHub_IsDeliveredByTheNextInstance()
    {
        await using var harness = await WebhookHarness.StartAsync(systemClock: true);
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await harness.CreateEndpointAsync(receiver.Url, "payment.*");
        var paymentId = await harness.CreatePaymentAsync();
        await harness.Hub.DisposeAsync(); // stopped between the status change and its delivery
        Assert.Empty(receiver.Received);

        harness.StartHub(dispatcherEnabled: true);

        var received = await receiver.WaitForAsync(2, TimeSpan.FromSeconds(20));
        Assert.Equal(["payment.created", "payment.pending"], received.Select(r => r.Type));
        Assert.All(received, r =>
        {
            Assert.Equal(paymentId, r.ObjectId);
            Assert.True(ReceiverSignature.Verifies(r, secret));
        });
    }
}
