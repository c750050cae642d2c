using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Hub.Tests.Infrastructure;
using Simulators.MtnMomo;

namespace Hub.Tests;

/// <summary>
/// Issue 8's failover rule: the next eligible account is tried only when the chosen one certainly did not receive the
/// money-moving request; after a timeout the payment stays where it was sent, its outcome unknown.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class FailoverTests(HubFixture hub)
{
    [Fact]
    public async Task PreferredAccountRefusesConnections_TheNextOneTakesThePayment_AndAttemptsShowBoth()
    {
        var (_, key) = await hub.NewMerchantAsync("Failover Shop");
        using var client = hub.Client(key);
        var down = await CreateAccountAsync(client, $"http://127.0.0.1:{ClosedPort()}", priority: 1);
        var up = await CreateAccountAsync(client, hub.Simulator.Url, priority: 2);

        var reply = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("pending", reply.Json["status"]!.GetValue<string>());
        var attempts = reply.Json["attempts"]!.AsArray();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(down, attempts[0]!["connectorAccountId"]!.GetValue<string>());
        Assert.Equal("not_sent", attempts[0]!["outcome"]!.GetValue<string>());
        Assert.Equal(up, attempts[1]!["connectorAccountId"]!.GetValue<string>());
        Assert.Equal("answered", attempts[1]!["outcome"]!.GetValue<string>());
        Assert.Equal("mtn_momo", attempts[1]!["connector"]!.GetValue<string>());
    }

    [Fact]
    public async Task PreferredAccountTakesTheRequestAndNeverAnswers_ThePaymentStaysThere_NotSentElsewhere()
    {
        var (_, key) = await hub.NewMerchantAsync("Timeout Shop");
        using var client = hub.Client(key);
        var slow = await CreateAccountAsync(client, hub.Simulator.Url, priority: 1);
        await CreateAccountAsync(client, hub.Simulator.Url, priority: 2);
        var before = RequestToPayCalls();
        hub.Simulator.AddFault(new MtnMomoFault
        {
            Path = "/collection/v1_0/requesttopay", Method = "POST", Kind = MtnMomoFaultKind.Timeout, CommitThenFail = true,
        });

        var reply = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("processing", reply.Json["status"]!.GetValue<string>());
        var attempt = Assert.Single(reply.Json["attempts"]!.AsArray());
        Assert.Equal(slow, attempt!["connectorAccountId"]!.GetValue<string>());
        Assert.Equal("unknown", attempt["outcome"]!.GetValue<string>());
        Assert.Equal(before + 1, await HeldRequests.CountAsync(hub.Simulator.Server, IsRequestToPay, before + 1));
    }

    [Fact]
    public async Task EveryAccountUnreachable_Answers503_AndThePaymentStaysCreatedWithEveryAttempt()
    {
        var (_, key) = await hub.NewMerchantAsync("Offline Shop");
        using var client = hub.Client(key);
        await CreateAccountAsync(client, $"http://127.0.0.1:{ClosedPort()}", priority: 1);
        await CreateAccountAsync(client, $"http://127.0.0.1:{ClosedPort()}", priority: 5);
        var body = Api.MtnPayment(1002);

        var reply = await client.CreatePaymentAsync(body, Api.NewKey());
        var stored = await client.FetchAsync($"/v1/payments?externalId={System.Text.Json.Nodes.JsonNode.Parse(body)!["externalId"]}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.Status);
        Assert.Equal("PROVIDER_UNAVAILABLE", reply.Json["code"]!.GetValue<string>());
        var payment = stored.Json["data"]![0]!;
        Assert.Equal("created", payment["status"]!.GetValue<string>());
        Assert.Equal(["not_sent", "not_sent"], payment["attempts"]!.AsArray().Select(a => a!["outcome"]!.GetValue<string>()));
    }

    private async Task<string> CreateAccountAsync(HttpClient client, string baseUrl, int priority)
    {
        var reply = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo", environment = "sandbox", baseUrl, priority,
            credentials = HubFixture.NewMtnCredentials(), settings = new { targetEnvironment = "mtncameroon" },
        });
        var body = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.IsSuccessStatusCode, body);
        return System.Text.Json.Nodes.JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    private int RequestToPayCalls() => hub.Simulator.Server.LogEntries.Count(IsRequestToPay);

    private static bool IsRequestToPay(WireMock.Logging.ILogEntry e) =>
        e.RequestMessage!.Method == "POST" && e.RequestMessage.Path == "/collection/v1_0/requesttopay";

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
