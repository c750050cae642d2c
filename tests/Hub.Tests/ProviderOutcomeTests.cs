using System.Net;
using System.Net.Sockets;
using Hub.Tests.Infrastructure;
using Simulators.MtnMomo;

namespace Hub.Tests;

/// <summary>A money-moving POST is sent once: unknown outcomes stay processing, refused connections change nothing.</summary>
[Collection(HubCollection.Name)]
public sealed class ProviderOutcomeTests(HubFixture hub)
{
    [Theory]
    [InlineData(MtnMomoFaultKind.Status500)]
    [InlineData(MtnMomoFaultKind.Status503)]
    [InlineData(MtnMomoFaultKind.Timeout)]
    [InlineData(MtnMomoFaultKind.ConnectionReset)]
    public async Task UnknownOutcome_LeavesThePaymentProcessing_AndIsNeverResent(MtnMomoFaultKind fault)
    {
        using var client = hub.Client(hub.MerchantA2Key);
        var before = RequestToPayCalls();
        hub.Simulator.AddFault(new MtnMomoFault { Path = "/collection/v1_0/requesttopay", Method = "POST", Kind = fault, CommitThenFail = true });

        var reply = await client.CreatePaymentAsync(Api.MtnPayment(7002), Api.NewKey());

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("processing", reply.Json["status"]!.GetValue<string>());
        Assert.Equal(before + 1, await HeldRequests.CountAsync(hub.Simulator.Server, IsRequestToPay, before + 1));

        // The provider did take it (commit-then-fail): a sync settles it.
        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(2));
        var synced = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{reply.Json["id"]}/sync");
        Assert.Equal("paid", synced.Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task DefinitiveRefusal_FailsThePayment()
    {
        using var client = hub.Client(hub.MerchantA2Key);

        var reply = await client.CreatePaymentAsync(Api.MtnPayment(7004, description: "please fail_on_create"), Api.NewKey());

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("failed", reply.Json["status"]!.GetValue<string>());
        Assert.Equal("provider_error", reply.Json["failure"]!["code"]!.GetValue<string>());
        Assert.Equal("NOT_ALLOWED", reply.Json["failure"]!["providerCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task ProviderUnreachable_Answers503_KeepsThePaymentCreated_AndTheRetryResumesIt()
    {
        var merchantKey = hub.MerchantB1Key;
        using var client = hub.Client(merchantKey);
        var closedPort = ClosedPort();
        var accountId = await hub.CreateMtnAccountAsync(merchantKey, HubFixture.NewMtnCredentials(), $"http://127.0.0.1:{closedPort}");
        await DisableOtherAccountsAsync(client, accountId);
        var key = Api.NewKey();
        var body = Api.MtnPayment(7006);

        var refused = await client.CreatePaymentAsync(body, key);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal("PROVIDER_UNAVAILABLE", refused.Json["code"]!.GetValue<string>());
        var created = await client.FetchAsync($"/v1/payments?externalId={System.Text.Json.Nodes.JsonNode.Parse(body)!["externalId"]}");
        Assert.Equal("created", created.Json["data"]![0]!["status"]!.GetValue<string>());

        // The operator fixes the account; the client retries with the same key and body.
        await client.SendAsync(HttpMethod.Put, $"/v1/connector-accounts/{accountId}", $$"""{"baseUrl":"{{hub.Simulator.Url}}"}""");
        var resumed = await client.CreatePaymentAsync(body, key);

        Assert.Equal(HttpStatusCode.Created, resumed.Status);
        Assert.Equal(created.Json["data"]![0]!["id"]!.GetValue<string>(), resumed.Json["id"]!.GetValue<string>());
        Assert.Equal("pending", resumed.Json["status"]!.GetValue<string>());
        await client.SendAsync(HttpMethod.Delete, $"/v1/connector-accounts/{accountId}");
        await EnableAllAsync(client);
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

    private static async Task DisableOtherAccountsAsync(HttpClient client, string keep)
    {
        var accounts = await client.FetchAsync("/v1/connector-accounts?pageSize=100");
        foreach (var account in accounts.Json["data"]!.AsArray())
        {
            var id = account!["id"]!.GetValue<string>();
            if (id != keep)
            {
                await client.SendAsync(HttpMethod.Put, $"/v1/connector-accounts/{id}", """{"enabled":false}""");
            }
        }
    }

    private static async Task EnableAllAsync(HttpClient client)
    {
        var accounts = await client.FetchAsync("/v1/connector-accounts?pageSize=100");
        foreach (var account in accounts.Json["data"]!.AsArray())
        {
            await client.SendAsync(HttpMethod.Put, $"/v1/connector-accounts/{account!["id"]}", """{"enabled":true}""");
        }
    }
}
