using System.Net;
using Connectors.Abstractions;
using Hub.Common;
using Hub.Tests.Infrastructure;
using Hub.Tests.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hub.Tests.Safety;

/// <summary>
/// Issue 10, defects 3 and 8: the key is held by a lease on its record (no session lock, no second connection), and
/// a payment that still holds a key is compared with the request before it is given out.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class IdempotencyLeaseTests(HubFixture hub)
{
    [Fact]
    public async Task ALiveLease_Answers409_AndOnceItExpired_TheRetryTakesOverAndResumes()
    {
        await using var world = await ReconciliationHub.StartAsync();
        using var client = world.Client();
        var key = Api.NewKey();
        var body = Api.MtnPayment(6010);
        var first = await client.CreatePaymentAsync(body, key);
        var paymentId = first.Json["id"]!.GetValue<string>();
        // What an instance that died just past the recovery point leaves: a "created" payment, an unfinished key, and
        // that instance's lease, renewed a moment ago.
        await RewindAsync(world.App, paymentId, key, Guid.NewGuid(), world.HubClock.GetUtcNow() + TimeSpan.FromSeconds(30));

        var held = await client.CreatePaymentAsync(body, key);
        world.HubClock.Advance(TimeSpan.FromSeconds(29));
        var stillHeld = await client.CreatePaymentAsync(body, key);
        world.HubClock.Advance(TimeSpan.FromSeconds(2));
        var takenOver = await client.CreatePaymentAsync(body, key);

        Assert.Equal(HttpStatusCode.Conflict, held.Status);
        Assert.Equal("IDEMPOTENCY_KEY_IN_USE", held.Json["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, stillHeld.Status);
        Assert.True(takenOver.Status == HttpStatusCode.Created, takenOver.Body);
        Assert.Equal(paymentId, takenOver.Json["id"]!.GetValue<string>());
        Assert.Equal("pending", takenOver.Json["status"]!.GetValue<string>());
        Assert.Single(world.Simulator.Transactions, t => t.ExternalId == paymentId);
        var record = await world.App.WithSystemDbAsync(db => db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.Key == key));
        Assert.NotNull(record.CompletedAt);
        Assert.Null(record.LeaseOwner);
        var replay = await client.CreatePaymentAsync(body, key);
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
        Assert.Equal(takenOver.Body, replay.Body);
    }

    [Fact]
    public async Task ARunningRequest_RenewsItsLease_SoNoOneTakesOverPastTheFirstLease()
    {
        await using var world = await ReconciliationHub.StartAsync(new Dictionary<string, string?>
        {
            ["Hub:ProviderAttemptTimeout"] = "00:05:00",
            ["Hub:ProviderTotalTimeout"] = "00:10:00",
        });
        using var client = world.Client();
        var key = Api.NewKey();
        var body = Api.MtnPayment(6012);
        world.Simulator.AddFault(new Simulators.MtnMomo.MtnMomoFault
        {
            Path = "/collection/v1_0/requesttopay", Method = "POST", Kind = Simulators.MtnMomo.MtnMomoFaultKind.Latency, DelaySeconds = 60,
        });
        var started = world.HubClock.GetUtcNow();

        var running = client.CreatePaymentAsync(body, key);
        var lease = await WaitForLeaseAsync(world.App, key, l => l is not null);
        Assert.Equal(started + TimeSpan.FromSeconds(30), lease);
        world.HubClock.Advance(TimeSpan.FromSeconds(10)); // the renewal timer's tick
        var renewed = await WaitForLeaseAsync(world.App, key, l => l > lease);
        world.HubClock.Advance(TimeSpan.FromSeconds(25)); // past the first lease, within the renewed one
        var meanwhile = await client.CreatePaymentAsync(body, key);
        for (var i = 0; i < 100 && !running.IsCompleted; i++)
        {
            world.SimulatorClock.Advance(TimeSpan.FromSeconds(61)); // MTN answers once its held reply is due
            await Task.WhenAny(running, Task.Delay(200));
        }

        var done = await running;

        Assert.Equal(started + TimeSpan.FromSeconds(40), renewed);
        Assert.Equal(HttpStatusCode.Conflict, meanwhile.Status);
        Assert.True(done.Status == HttpStatusCode.Created, done.Body);
        Assert.Single(world.Simulator.Transactions, t => t.ExternalId == done.Json["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACreate_NeedsOneDatabaseConnectionAtATime_NoneHeldThroughTheProviderCall()
    {
        // A pool of one: a session lock on a second connection would starve the request's own queries (then 500).
        var connectionString = new NpgsqlConnectionStringBuilder(hub.Database.ConnectionString) { MaxPoolSize = 1, Timeout = 5 }.ConnectionString;
        await using var app = new HubApp(connectionString, settings: new Dictionary<string, string?>
        {
            ["Hub:Reconciliation:Enabled"] = "false",
            ["Hub:Webhooks:Enabled"] = "false",
            ["Hub:IdempotencyCleanupInterval"] = "00:00:00",
        });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", hub.MerchantA1Key);
        var key = Api.NewKey();
        var body = Api.MtnPayment(6014);

        var created = await client.CreatePaymentAsync(body, key);
        var replay = await client.CreatePaymentAsync(body, key);

        Assert.True(created.Status == HttpStatusCode.Created, created.Body);
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
    }

    [Fact]
    public async Task APaymentStillHoldingAKeyWhoseRecordIsGone_IsNotGivenToARequestForSomethingElse()
    {
        // The state a crash between "forget the record" and "release the payment's key" used to leave.
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();
        var body = Api.MtnPayment(6016);
        var first = await client.CreatePaymentAsync(body, key);
        await hub.App.WithSystemDbAsync(db => db.IdempotencyRecords.Where(r => r.Key == key).ExecuteDeleteAsync());

        var other = await client.CreatePaymentAsync(Api.MtnPayment(6018), key);
        var same = await client.CreatePaymentAsync(body, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.Status);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", other.Json["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, same.Status);
        Assert.Equal(first.Json["id"]!.GetValue<string>(), same.Json["id"]!.GetValue<string>());
        Assert.Equal(1, await hub.App.WithSystemDbAsync(db => db.Payments.CountAsync(p => p.IdempotencyKey == key)));
    }

    [Fact]
    public async Task LazyExpiry_ForgetsTheRecordAndReleasesThePaymentsKeyInOneStatement()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();
        var first = await client.CreatePaymentAsync(Api.MtnPayment(6020), key);
        await hub.App.WithSystemDbAsync(db => db.IdempotencyRecords.Where(r => r.Key == key)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        var second = await client.CreatePaymentAsync(Api.MtnPayment(6022), key);

        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.NotEqual(first.Json["id"]!.GetValue<string>(), second.Json["id"]!.GetValue<string>());
        Assert.True(PublicId.TryParse(PublicId.Payment, first.Json["id"]!.GetValue<string>(), out var firstId));
        Assert.Null(await hub.App.WithSystemDbAsync(db => db.Payments.Where(p => p.Id == firstId).Select(p => p.IdempotencyKey).SingleAsync()));
    }

    private static async Task<DateTimeOffset?> WaitForLeaseAsync(HubApp app, string key, Func<DateTimeOffset?, bool> condition)
    {
        // Bounded wait for the hub's own asynchronous step (the request reaching the provider, the timer's renewal).
        for (var i = 0; i < 200; i++)
        {
            var lease = await app.WithSystemDbAsync(db => db.IdempotencyRecords.AsNoTracking()
                .Where(r => r.Key == key).Select(r => r.LeaseExpiresAt).FirstOrDefaultAsync());
            if (condition(lease))
            {
                return lease;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the lease never reached the expected state");
    }

    private static Task<int> RewindAsync(HubApp app, string paymentId, string key, Guid owner, DateTimeOffset leaseUntil) =>
        app.WithSystemDbAsync(async db =>
        {
            Assert.True(PublicId.TryParse(PublicId.Payment, paymentId, out var id));
            var payment = await db.Payments.Include(p => p.StatusHistory).SingleAsync(p => p.Id == id);
            payment.Status = PaymentStatus.Created;
            payment.NextAction = null;
            db.PaymentStatusChanges.RemoveRange(payment.StatusHistory.Where(h => h.Status != PaymentStatus.Created));
            var record = await db.IdempotencyRecords.SingleAsync(r => r.Key == key);
            record.CompletedAt = null;
            record.ResponseBody = null;
            record.ResponseStatus = null;
            record.LeaseOwner = owner;
            record.LeaseExpiresAt = leaseUntil;
            return await db.SaveChangesAsync();
        });
}
