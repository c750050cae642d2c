using System.Text.Json.Nodes;
using Hub.Tests.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Hub.Tests.Safety;

/// <summary>Issue 10, defect 6: a delivery that throws before it is recorded counts, fails after the schedule, and lets the queue move.</summary>
public sealed class WebhookCrashTests
{
    [Fact]
    public async Task ADeliveryWhoseSecretCannotBeDecrypted_CountsItsAttempts_FailsAfterTheSchedule_AndUnblocksLaterEvents()
    {
        await using var harness = await WebhookHarness.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (endpointId, _) = await harness.CreateEndpointAsync(receiver.Url, "payment.*");
        var original = await harness.Hub.WithSystemDbAsync(db => db.WebhookEndpoints.Select(w => w.ProtectedSecret).SingleAsync());
        await SetSecretAsync(harness, "CfDJ8-not-a-protected-payload");
        await harness.CreatePaymentAsync(); // payment.created, then payment.pending

        JsonNode first;
        var runs = 0;
        while (true)
        {
            await harness.DispatchAsync();
            first = (await harness.DeliveriesAsync(endpointId)).AsArray()
                .Single(d => d!["eventType"]!.GetValue<string>() == "payment.created")!;
            if (first["status"]!.GetValue<string>() != "pending" || ++runs > 30)
            {
                break;
            }

            var next = DateTimeOffset.Parse(first["nextAttemptAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            harness.FakeClock.Advance(next - harness.Clock.GetUtcNow() + TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal("failed", first["status"]!.GetValue<string>());
        Assert.Equal(12, first["attempts"]!.GetValue<int>());
        Assert.Contains("could not be attempted", first["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);

        // The key ring fixed: the object's next event goes out, it was not held behind the broken one for ever.
        await SetSecretAsync(harness, original);
        harness.FakeClock.Advance(TimeSpan.FromDays(2));
        await harness.DispatchAsync();
        Assert.Contains(receiver.Received, r => r.Type == "payment.pending");
    }

    private static Task<int> SetSecretAsync(WebhookHarness harness, string secret) =>
        harness.Hub.WithSystemDbAsync(db => db.WebhookEndpoints.ExecuteUpdateAsync(u => u.SetProperty(w => w.ProtectedSecret, secret)));
}
