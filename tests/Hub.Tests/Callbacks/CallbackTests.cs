using System.Net;
using System.Text.Json.Nodes;
using Hub.Tests.Infrastructure;
using Simulators.MtnMomo;

namespace Hub.Tests.Callbacks;

/// <summary>
/// MTN's callbacks are unsigned: they only make the hub ask MTN, and MTN's answer is what counts. Whatever a callback
/// says, forged, duplicated or late, the payment ends where the provider says, and every callback is kept with its verdict.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class CallbackTests(HubFixture hub) : IDisposable
{
    public void Dispose() => hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Normal);

    [Fact]
    public async Task SimulatorCallback_MakesTheHubAskMtn_AndThePaymentIsPaid()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var id = await CreateAsync(client, 8002);

        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(2));
        var payment = await WaitForStatusAsync(client, id, "paid");

        Assert.Equal("callback", payment["statusHistory"]!.AsArray().Last()!["source"]!.GetValue<string>());
        await WaitAsync(() => Task.FromResult(hub.Simulator.Callbacks.Any(c => c.Body.Contains(id, StringComparison.Ordinal))));
        var sent = Assert.Single(hub.Simulator.Callbacks, c => c.Body.Contains(id, StringComparison.Ordinal));
        Assert.Equal(200, sent.StatusCode);
        var listed = await ListCallbacksAsync(client, id);
        Assert.Equal("applied", Assert.Single(listed)!["verdict"]!.GetValue<string>());
    }

    [Fact]
    public async Task ForgedUnsignedSuccess_ForAPaymentMtnFails_NeverMakesItPaid()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Drop);
        var created = await client.CreatePaymentAsync(Api.MtnPayment(8001), Api.NewKey());
        var id = created.Json["id"]!.GetValue<string>();
        var reference = created.Json["providerReference"]!.GetValue<string>();

        var forged = await client.SendAsync(HttpMethod.Put, $"/v1/callbacks/mtn_momo/{hub.AccountA1}?ref={reference}",
            $$"""{"financialTransactionId":"123","externalId":"{{id}}","amount":"8001","currency":"XAF","payer":{"partyIdType":"MSISDN","partyId":"237671234567"},"status":"SUCCESSFUL"}""");

        Assert.Equal(HttpStatusCode.OK, forged.Status);
        var payment = (await client.FetchAsync($"/v1/payments/{id}")).Json;
        Assert.Equal("failed", payment["status"]!.GetValue<string>());
        Assert.DoesNotContain(payment["statusHistory"]!.AsArray(), h => h!["status"]!.GetValue<string>() == "paid");
    }

    [Fact]
    public async Task DuplicatedCallback_MakesOneStatusChange()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Duplicate); // read by the simulator when the request arrives
        var id = await CreateAsync(client, 8004);
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Normal);

        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(4));
        var payment = await WaitForStatusAsync(client, id, "paid", () => string.Join("\n", hub.App.Logs.Lines.TakeLast(20)));
        await WaitAsync(async () => (await ListCallbacksAsync(client, id)).Count == 2,
            () => string.Join("\n", hub.Simulator.Callbacks.Select(c => $"{c.Method} {c.Url} {c.StatusCode} {c.Error} {c.Body}")));

        Assert.Single(payment["statusHistory"]!.AsArray(), h => h!["status"]!.GetValue<string>() == "paid");
        var verdicts = (await ListCallbacksAsync(client, id)).Select(c => c!["verdict"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(["applied", "duplicate"], verdicts);
    }

    [Fact]
    public async Task LatePendingAfterPaid_ChangesNothing()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.OutOfOrder);
        var id = await CreateAsync(client, 8006);
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Normal);
        var reference = (await client.FetchAsync($"/v1/payments/{id}")).Json["providerReference"]!.GetValue<string>();

        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(6));
        await WaitForStatusAsync(client, id, "paid");
        await WaitAsync(async () => (await ListCallbacksAsync(client, id)).Count == 2);
        var stale = await client.SendAsync(HttpMethod.Put, $"/v1/callbacks/mtn_momo/{hub.AccountA1}?ref={reference}",
            $$"""{"externalId":"{{id}}","amount":"8006","currency":"XAF","status":"PENDING"}""");

        Assert.Equal(HttpStatusCode.OK, stale.Status);
        var payment = (await client.FetchAsync($"/v1/payments/{id}")).Json;
        Assert.Equal("paid", payment["status"]!.GetValue<string>());
        Assert.Equal(["created", "pending", "paid"], payment["statusHistory"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task EarlyCallback_BeforeTheProviderReply_DoesNotBreakTheCreate()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Early);
        var key = Api.NewKey();
        var body = Api.MtnPayment(8012);

        var created = await client.CreatePaymentAsync(body, key);
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Normal);
        var replay = await client.CreatePaymentAsync(body, key);

        // The simulator's "early" applies the outcome at once and calls back before its 202: the callback made the hub
        // ask (SUCCESSFUL), and the 202's PENDING that followed was a backward move, ignored.
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("paid", created.Json["status"]!.GetValue<string>());
        Assert.Equal(["created", "paid"], created.Json["statusHistory"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
        Assert.Equal("callback", created.Json["statusHistory"]![1]!["source"]!.GetValue<string>());
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
        Assert.Equal(created.Body, replay.Body);
    }

    [Theory]
    [InlineData("?ref=not-a-guid", """{"status":"SUCCESSFUL"}""", HttpStatusCode.BadRequest, "malformed")]
    [InlineData("", """{"status":"SUCCESSFUL"}""", HttpStatusCode.BadRequest, "malformed")]
    [InlineData("?ref=3f1c6a52-8a0f-4a4e-9a53-5d7e6b0c1d2e", """{"status":"SUCCESSFUL"}""", HttpStatusCode.NotFound, "unknown_reference")]
    [InlineData("?ref=REF", "{not json", HttpStatusCode.BadRequest, "malformed")]
    public async Task BadCallback_IsRefused_KeptWithItsVerdict_AndChangesNothing(string query, string body, HttpStatusCode expected, string verdict)
    {
        using var client = hub.Client(hub.MerchantA1Key);
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Drop);
        var created = await client.CreatePaymentAsync(Api.MtnPayment(8008), Api.NewKey());
        var id = created.Json["id"]!.GetValue<string>();
        query = query.Replace("REF", created.Json["providerReference"]!.GetValue<string>(), StringComparison.Ordinal);
        var before = await CallbackCountAsync(client, verdict);

        var reply = await client.SendAsync(HttpMethod.Put, $"/v1/callbacks/mtn_momo/{hub.AccountA1}{query}", body);

        Assert.Equal(expected, reply.Status);
        Assert.Equal("application/problem+json", reply.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pending", (await client.FetchAsync($"/v1/payments/{id}")).Json["status"]!.GetValue<string>());
        Assert.Equal(before + 1, await CallbackCountAsync(client, verdict));
    }

    [Fact]
    public async Task UnknownAccountOrConnector_Answers404()
    {
        using var client = hub.Client();

        var unknownAccount = await client.SendAsync(HttpMethod.Put, "/v1/callbacks/mtn_momo/ca_01M846Z9S7ER6BYBXBJRW0WYW1?ref=x", "{}");
        var wrongConnector = await client.SendAsync(HttpMethod.Post, $"/v1/callbacks/pix/{hub.AccountA1}", "{}");

        Assert.Equal(HttpStatusCode.NotFound, unknownAccount.Status);
        Assert.Equal(HttpStatusCode.NotFound, wrongConnector.Status);
    }

    [Fact]
    public async Task StoredCallbacks_AreRedacted_AndVisibleOnlyInTheirTenant()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var id = await CreateAsync(client, 8010);
        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(10));
        await WaitForStatusAsync(client, id, "paid");
        await WaitAsync(async () => (await ListCallbacksAsync(client, id)).Count == 1);

        var stored = Assert.Single(await ListCallbacksAsync(client, id))!;
        using var tenant = hub.Client(hub.TenantAKey);
        using var other = hub.Client(hub.MerchantB1Key);

        Assert.DoesNotContain("237671234567", stored.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("\"partyId\":\"237******567\"", stored["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(await ListCallbacksAsync(tenant, id));
        Assert.Empty(await ListCallbacksAsync(other, id));
        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.Client().FetchAsync("/v1/callbacks")).Status);
    }

    private static async Task<string> CreateAsync(HttpClient client, long amount)
    {
        var created = await client.CreatePaymentAsync(Api.MtnPayment(amount), Api.NewKey());
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return created.Json["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> WaitForStatusAsync(HttpClient client, string id, string status, Func<string>? what = null)
    {
        JsonNode? payment = null;
        await WaitAsync(async () =>
        {
            payment = (await client.FetchAsync($"/v1/payments/{id}")).Json;
            return payment["status"]!.GetValue<string>() == status;
        }, what);
        return payment!;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, Func<string>? what = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the condition did not come true within 10 s: {what?.Invoke()}");
            await Task.Delay(50);
        }
    }

    private static async Task<List<JsonNode?>> ListCallbacksAsync(HttpClient client, string paymentId) =>
        [.. (await client.FetchAsync($"/v1/callbacks?paymentId={paymentId}&pageSize=100")).Json["data"]!.AsArray()];

    private static async Task<int> CallbackCountAsync(HttpClient client, string verdict) =>
        (await client.FetchAsync($"/v1/callbacks?verdict={verdict}&pageSize=1")).Json["pagination"]!["total"]!.GetValue<int>();
}
