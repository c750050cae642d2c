using System.Net;
using Connectors.Abstractions;
using Hub.Common;
using Hub.Payments;
using Hub.Persistence;
using Hub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Safety;

/// <summary>Issue 10, defect 1: a provider success after another final status is recorded, never silently dropped.</summary>
[Collection(HubCollection.Name)]
public sealed class LateSuccessTests(HubFixture hub)
{
    [Theory]
    [InlineData(PaymentStatus.Expired)]
    [InlineData(PaymentStatus.Failed)]
    [InlineData(PaymentStatus.Canceled)]
    public async Task ASuccessAfterAnotherFinalStatus_IsAnAnomaly_LoggedCountedAndListedForTheTenant(PaymentStatus final)
    {
        using var client = hub.Client(hub.MerchantA1Key);
        // No callback of the simulator's own may race the late success this test plays.
        hub.Simulator.SetCallbackMode(Simulators.MtnMomo.MtnMomoCallbackMode.Drop);
        var created = await client.CreatePaymentAsync(Api.MtnPayment(6200), Api.NewKey());
        hub.Simulator.SetCallbackMode(Simulators.MtnMomo.MtnMomoCallbackMode.Normal);
        var paymentId = created.Json["id"]!.GetValue<string>();
        Assert.True(PublicId.TryParse(PublicId.Payment, paymentId, out var id));
        await hub.App.WithSystemDbAsync(db => db.Payments.Where(p => p.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, final).SetProperty(p => p.NextReconcileAt, (DateTimeOffset?)null)));

        // What a verified callback does with a provider's late "SUCCESSFUL".
        var moved = await hub.App.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<HubDbContext>();
            var payment = await db.Payments.Include(p => p.StatusHistory).SingleAsync(p => p.Id == id);
            var result = services.GetRequiredService<PaymentStateMachine>().Apply(payment,
                PaymentResult.Known(PaymentStatus.Paid, "SUCCESSFUL", null), PaymentStateMachine.SourceCallback);
            await db.SaveChangesAsync();
            return result;
        });

        Assert.False(moved);
        using var tenant = hub.Client(hub.TenantAKey);
        var list = await tenant.FetchAsync("/v1/anomalies?pageSize=100");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var anomaly = Assert.Single(list.Json["data"]!.AsArray(), a => a!["paymentId"]!.GetValue<string>() == paymentId)!;
        Assert.Equal("late_success", anomaly["kind"]!.GetValue<string>());
        Assert.Equal(final.ToApiString(), anomaly["paymentStatus"]!.GetValue<string>());
        Assert.Equal("paid", anomaly["reportedStatus"]!.GetValue<string>());
        Assert.Equal(hub.MerchantA1, anomaly["merchantId"]!.GetValue<string>());
        Assert.Contains(hub.App.Logs.Lines, l => l.Contains("ANOMALY", StringComparison.Ordinal) && l.Contains(paymentId, StringComparison.Ordinal));
        Assert.Equal(final.ToApiString(), (await client.FetchAsync($"/v1/payments/{paymentId}")).Json["status"]!.GetValue<string>());

        // Another tenant does not see it; a merchant key may not list anomalies.
        using var b1 = hub.Client(hub.MerchantB1Key);
        Assert.Equal(HttpStatusCode.Forbidden, (await b1.FetchAsync("/v1/anomalies")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.FetchAsync("/v1/anomalies")).Status);
    }

    [Fact]
    public async Task ACrashedCreateFoundAfterExpiresAt_IsNotSentAgain()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();
        var body = Api.MtnPayment(6202);
        var first = await client.CreatePaymentAsync(body, key);
        var paymentId = first.Json["id"]!.GetValue<string>();
        var requestsToPay = RequestToPayCalls();
        // As if the hub died past the recovery point, and the retry came after the payment's expiresAt.
        await hub.App.WithSystemDbAsync(async db =>
        {
            Assert.True(PublicId.TryParse(PublicId.Payment, paymentId, out var id));
            var payment = await db.Payments.Include(p => p.StatusHistory).SingleAsync(p => p.Id == id);
            payment.Status = PaymentStatus.Created;
            payment.NextAction = null;
            payment.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            db.PaymentStatusChanges.RemoveRange(payment.StatusHistory.Where(h => h.Status != PaymentStatus.Created));
            var record = await db.IdempotencyRecords.SingleAsync(r => r.Key == key);
            record.CompletedAt = null;
            record.ResponseBody = null;
            record.ResponseStatus = null;
            return await db.SaveChangesAsync();
        });

        var retried = await client.CreatePaymentAsync(body, key);

        Assert.Equal(paymentId, retried.Json["id"]!.GetValue<string>());
        Assert.Equal("created", retried.Json["status"]!.GetValue<string>());
        Assert.Equal(requestsToPay, RequestToPayCalls());
    }

    private int RequestToPayCalls() =>
        hub.Simulator.Server.LogEntries.Count(e => e.RequestMessage!.Method == "POST"
            && e.RequestMessage.Path == "/collection/v1_0/requesttopay");
}
