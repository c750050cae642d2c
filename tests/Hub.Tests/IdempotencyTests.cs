using System.Net;
using System.Text.Json.Nodes;
using Hub.Common;
using Hub.Persistence;
using Hub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Hub.Tests;

[Collection(HubCollection.Name)]
public sealed class IdempotencyTests(HubFixture hub)
{
    [Fact]
    public async Task APathLongerThanTheRecordKeeps_IsA404Problem_NotA500()
    {
        // Found by the fuzzer: a 400-character payment id under an Idempotency-Key overflowed the record's path column.
        using var client = hub.Client(hub.MerchantA1Key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/payments/" + new string('x', 400) + "/capture")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Api.NewKey());

        using var reply = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        Assert.Equal("NOT_FOUND", System.Text.Json.Nodes.JsonNode.Parse(await reply.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replay_SameKeySameBody_ReturnsTheFirstResponseByteForByte_WithoutASecondProviderCall()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();
        var body = Api.MtnPayment(4002);

        var first = await client.CreatePaymentAsync(body, key);
        var calls = RequestToPayCalls();
        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(3)); // the payment moves on at MTN; the replay must not
        var second = await client.CreatePaymentAsync(body, key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Header("Location"), second.Header("Location"));
        Assert.Null(first.Header("Idempotent-Replayed"));
        Assert.Equal("true", second.Header("Idempotent-Replayed"));
        Assert.Equal(calls, RequestToPayCalls());
    }

    [Fact]
    public async Task Replay_SameBodyWithOtherWhitespaceAndKeyOrder_IsTheSameRequest()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();
        var body = JsonNode.Parse(Api.MtnPayment(4004))!.AsObject();
        var reordered = new JsonObject(body.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

        var first = await client.CreatePaymentAsync(body.ToJsonString(), key);
        var second = await client.CreatePaymentAsync(reordered.ToJsonString(new() { WriteIndented = true }), key);

        Assert.Equal(first.Body, second.Body);
        Assert.Equal("true", second.Header("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Reuse_SameKeyDifferentBody_Answers422AndCreatesNothing()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();
        await client.CreatePaymentAsync(Api.MtnPayment(4006), key);
        var calls = RequestToPayCalls();

        var reply = await client.CreatePaymentAsync(Api.MtnPayment(4008), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", reply.Json["code"]!.GetValue<string>());
        Assert.Equal(calls, RequestToPayCalls());
    }

    [Fact]
    public async Task Concurrent_TwentyIdenticalRequests_MakeOnePaymentAndOneProviderCall()
    {
        var key = Api.NewKey();
        var body = Api.MtnPayment(4010);
        var clients = Enumerable.Range(0, 20).Select(_ => hub.Client(hub.MerchantA1Key)).ToList();

        var replies = await Task.WhenAll(clients.Select(c => c.CreatePaymentAsync(body, key)));

        // Each is either the one that ran, a replay of it, or told the first is still running.
        Assert.All(replies, r => Assert.Contains(r.Status, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var created = replies.Where(r => r.Status == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        Assert.Single(created.Select(r => r.Body).Distinct());
        Assert.All(replies.Where(r => r.Status == HttpStatusCode.Conflict),
            r => Assert.Equal("IDEMPOTENCY_KEY_IN_USE", r.Json["code"]!.GetValue<string>()));
        var id = created[0].Json["id"]!.GetValue<string>();
        Assert.Single(hub.Simulator.Transactions, t => t.ExternalId == id);
        Assert.Equal(1, await PaymentsWithKeyAsync(key));
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Concurrent_AcrossTwoHubInstancesOnOneDatabase_MakeOnePaymentAndOneProviderCall()
    {
        await using var second = new HubApp(hub.Database.ConnectionString);
        var key = Api.NewKey();
        var body = Api.MtnPayment(4026);
        var clients = Enumerable.Range(0, 20)
            .Select(i => i % 2 == 0 ? hub.Client(hub.MerchantA1Key) : SecondClient(second))
            .ToList();

        var replies = await Task.WhenAll(clients.Select(c => c.CreatePaymentAsync(body, key)));

        var created = replies.Where(r => r.Status == HttpStatusCode.Created).ToList();
        Assert.All(replies, r => Assert.Contains(r.Status, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Single(created.Select(r => r.Body).Distinct());
        Assert.Single(hub.Simulator.Transactions, t => t.ExternalId == created[0].Json["id"]!.GetValue<string>());
        Assert.Equal(1, await PaymentsWithKeyAsync(key));
        clients.ForEach(c => c.Dispose());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ExpiredKey_IsForgotten_AndMayNameANewPayment(bool byTheJanitor)
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();
        var first = await client.CreatePaymentAsync(Api.MtnPayment(4028), key);
        await hub.App.WithSystemDbAsync(db => db.IdempotencyRecords.Where(r => r.Key == key)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        if (byTheJanitor)
        {
            var janitor = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<Hub.Idempotency.IdempotencyJanitor>(hub.App.Services);
            Assert.True(await janitor.RunOnceAsync(CancellationToken.None) >= 1);
            Assert.Equal(0, await PaymentsWithKeyAsync(key));
        }

        var second = await client.CreatePaymentAsync(Api.MtnPayment(4030), key);

        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.NotEqual(first.Json["id"]!.GetValue<string>(), second.Json["id"]!.GetValue<string>());
        Assert.Null(second.Header("Idempotent-Replayed"));
        Assert.Equal(1, await PaymentsWithKeyAsync(key));
    }

    [Fact]
    public async Task Missing_IdempotencyKey_Answers400()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.CreatePaymentAsync(Api.MtnPayment(4012), idempotencyKey: null);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("IDEMPOTENCY_KEY_REQUIRED", reply.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task BodyKey_ActsAsTheHeader_AndMustEqualItWhenBothAreSent()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();
        var body = JsonNode.Parse(Api.MtnPayment(4014))!;
        body["idempotencyKey"] = key;

        var first = await client.CreatePaymentAsync(body.ToJsonString(), idempotencyKey: null);
        var replay = await client.CreatePaymentAsync(body.ToJsonString(), key);
        var mismatch = await client.CreatePaymentAsync(body.ToJsonString(), "another-key");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
        Assert.Equal(first.Body, replay.Body);
        Assert.Equal("VALIDATION_ERROR", mismatch.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ValidationFailure_KeepsNothing_SoTheKeyCanBeUsedWithACorrectedBody()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();

        var bad = await client.CreatePaymentAsync(Api.MtnPayment(0), key);
        var good = await client.CreatePaymentAsync(Api.MtnPayment(4016), key);

        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal(HttpStatusCode.Created, good.Status);
    }

    [Fact]
    public async Task Keys_AreScopedPerMerchant()
    {
        using var a1 = hub.Client(hub.MerchantA1Key);
        using var a2 = hub.Client(hub.MerchantA2Key);
        var key = Api.NewKey();

        var first = await a1.CreatePaymentAsync(Api.MtnPayment(4018), key);
        var other = await a2.CreatePaymentAsync(Api.MtnPayment(4020), key);

        Assert.Equal(HttpStatusCode.Created, other.Status);
        Assert.NotEqual(first.Json["id"]!.GetValue<string>(), other.Json["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_AfterTheHubDiedPastTheRecoveryPoint_SendsOnceWithTheStoredReference()
    {
        // The state a hub killed right after committing the payment leaves: a "created" payment, an unfinished key.
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();
        var body = Api.MtnPayment(4022);
        hub.Simulator.AddFault(new Simulators.MtnMomo.MtnMomoFault
        {
            Path = "/collection/v1_0/requesttopay", Method = "POST", Kind = Simulators.MtnMomo.MtnMomoFaultKind.ConnectionReset,
        });
        var interrupted = await client.CreatePaymentAsync(body, key);
        var paymentId = interrupted.Json["id"]!.GetValue<string>();
        await RewindToCreatedAsync(paymentId, key);

        var resumed = await client.CreatePaymentAsync(body, key);

        Assert.Equal(HttpStatusCode.Created, resumed.Status);
        Assert.Equal(paymentId, resumed.Json["id"]!.GetValue<string>());
        Assert.Equal("pending", resumed.Json["status"]!.GetValue<string>());
        Assert.Equal(1, await PaymentsWithKeyAsync(key));
        Assert.Single(hub.Simulator.Transactions, t => t.ExternalId == paymentId);
    }

    [Fact]
    public async Task Resume_WhenTheProviderAlreadyHadIt_ReadsItsStatusInsteadOfCreatingAgain()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();
        var body = Api.MtnPayment(4024);
        var first = await client.CreatePaymentAsync(body, key);
        var paymentId = first.Json["id"]!.GetValue<string>();
        await RewindToCreatedAsync(paymentId, key); // as if the hub died after MTN took it, before recording the answer

        var resumed = await client.CreatePaymentAsync(body, key);

        Assert.Equal("pending", resumed.Json["status"]!.GetValue<string>());
        Assert.Single(hub.Simulator.Transactions, t => t.ExternalId == paymentId);
    }

    private HttpClient SecondClient(HubApp second)
    {
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", hub.MerchantA1Key);
        return client;
    }

    private int RequestToPayCalls() =>
        hub.Simulator.Server.LogEntries.Count(e => e.RequestMessage!.Method == "POST"
            && e.RequestMessage.Path == "/collection/v1_0/requesttopay");

    private Task<int> PaymentsWithKeyAsync(string key) =>
        hub.App.WithSystemDbAsync(db => db.Payments.CountAsync(p => p.IdempotencyKey == key));

    private Task<int> RewindToCreatedAsync(string paymentId, string key) => hub.App.WithSystemDbAsync(async db =>
    {
        Assert.True(PublicId.TryParse(PublicId.Payment, paymentId, out var id));
        var payment = await db.Payments.Include(p => p.StatusHistory).SingleAsync(p => p.Id == id);
        payment.Status = Connectors.Abstractions.PaymentStatus.Created;
        payment.NextAction = null;
        db.PaymentStatusChanges.RemoveRange(payment.StatusHistory.Where(h => h.Status != Connectors.Abstractions.PaymentStatus.Created));
        var record = await db.IdempotencyRecords.SingleAsync(r => r.Key == key);
        record.CompletedAt = null;
        record.ResponseBody = null;
        record.ResponseStatus = null;
        return await db.SaveChangesAsync();
    });
}
