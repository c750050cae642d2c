using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hub.Common;
using Hub.Tenancy;
using Hub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Safety;

/// <summary>Issue 10, defect 2: test and live keys of one merchant are separate idempotency namespaces.</summary>
[Collection(HubCollection.Name)]
public sealed class IdempotencyModeTests(HubFixture hub)
{
    [Fact]
    public async Task AKeyUsedWithATestKey_IsANewRequestForTheLiveKey_NoReplayNo422()
    {
        var liveKey = await LiveKeyWithAccountAsync();
        using var test = hub.Client(hub.MerchantA1Key);
        using var live = hub.Client(liveKey);
        var key = Api.NewKey();
        var body = Api.MtnPayment(6002);

        var testPayment = await test.CreatePaymentAsync(body, key);
        var sameBody = await live.CreatePaymentAsync(body, key);
        var key2 = Api.NewKey();
        await test.CreatePaymentAsync(Api.MtnPayment(6004), key2);
        var otherBody = await live.CreatePaymentAsync(Api.MtnPayment(6006), key2);

        Assert.True(testPayment.Status == HttpStatusCode.Created, testPayment.Body);
        Assert.False(testPayment.Json["livemode"]!.GetValue<bool>());
        Assert.True(sameBody.Status == HttpStatusCode.Created, sameBody.Body);
        Assert.Null(sameBody.Header("Idempotent-Replayed"));
        Assert.True(sameBody.Json["livemode"]!.GetValue<bool>());
        Assert.NotEqual(testPayment.Json["id"]!.GetValue<string>(), sameBody.Json["id"]!.GetValue<string>());
        Assert.True(otherBody.Status == HttpStatusCode.Created, otherBody.Body);
        Assert.True(otherBody.Json["livemode"]!.GetValue<bool>());

        // And each mode still replays its own.
        var liveReplay = await live.CreatePaymentAsync(body, key);
        var testReplay = await test.CreatePaymentAsync(body, key);
        Assert.Equal(sameBody.Body, liveReplay.Body);
        Assert.Equal(testPayment.Body, testReplay.Body);
        Assert.Equal(2, await hub.App.WithSystemDbAsync(db => db.IdempotencyRecords.CountAsync(r => r.Key == key)));
    }

    /// <summary>A live key of merchant A1, with a live MTN account on the simulator (created once).</summary>
    private async Task<string> LiveKeyWithAccountAsync()
    {
        Assert.True(PublicId.TryParse(PublicId.Merchant, hub.MerchantA1, out var merchantId));
        var key = await hub.App.WithServicesAsync(async services =>
        {
            var db = services.GetRequiredService<Hub.Persistence.HubDbContext>();
            var tenantId = (await db.Merchants.SingleAsync(m => m.Id == merchantId)).TenantId;
            return await services.GetRequiredService<TenantAdmin>().CreateKeyAsync(tenantId, merchantId, true, "live", CancellationToken.None);
        });
        using var client = hub.Client(key);
        var existing = await client.FetchAsync("/v1/connector-accounts");
        if (existing.Json["data"]!.AsArray().Count == 0)
        {
            var reply = await client.PostAsJsonAsync("/v1/connector-accounts", new
            {
                connector = "mtn_momo",
                environment = "live",
                baseUrl = hub.Simulator.Url,
                credentials = HubFixture.NewMtnCredentials(),
                settings = new { targetEnvironment = "mtncameroon" },
            });
            Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
        }

        return key;
    }
}
