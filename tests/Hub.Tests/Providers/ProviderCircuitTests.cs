using System.Net;
using Hub.Tests.Infrastructure;
using Simulators.MtnMomo;

namespace Hub.Tests.Providers;

/// <summary>Through the whole hub: a provider answering 503 to everything opens its account's circuit, and then
/// creates fail fast as "provider unavailable" without a call (bench/faults.sh's scenario d, in a test).</summary>
[Collection(HubCollection.Name)]
public sealed class ProviderCircuitTests(HubFixture hub)
{
    [Fact]
    public async Task AProviderAnswering503_OpensTheAccountsCircuit_AndCreatesThenFailFastUnsent()
    {
        var (_, key) = await hub.NewMerchantAsync("Circuit Shop");
        await hub.CreateMtnAccountAsync(key, HubFixture.NewMtnCredentials());
        using var client = hub.Client(key);
        Assert.Equal(HttpStatusCode.Created, (await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey())).Status); // token cached
        hub.Simulator.AddFault(new MtnMomoFault { Path = "*", Kind = MtnMomoFaultKind.Status503, Count = 1000 });
        try
        {
            var replies = new List<ApiReply>();
            for (var i = 0; i < 15; i++)
            {
                replies.Add(await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey()));
            }

            var before = hub.Simulator.Server.LogEntries.Count;
            var refused = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());

            var codes = string.Join(", ", replies.Select(r => $"{(int)r.Status} {r.Json["status"] ?? r.Json["code"]}"));
            Assert.True(refused.Status == HttpStatusCode.ServiceUnavailable, $"{(int)refused.Status} {refused.Body}; before: {codes}");
            Assert.Equal("PROVIDER_UNAVAILABLE", refused.Json["code"]!.GetValue<string>());
            Assert.Equal(before, hub.Simulator.Server.LogEntries.Count); // nothing sent
        }
        finally
        {
            hub.Simulator.ClearFaults();
        }
    }

    [Fact]
    public async Task TenFailuresInARow_OpenTheCircuit_EvenRightAfterABusySpellOfSuccesses()
    {
        // 30 successes keep the 30 s window's failure ratio under a half for the next 30 failures: the ratio alone
        // would let every one of them reach a provider that answers none (bench/faults.sh's (d) after (a)-(c)).
        var (_, key) = await hub.NewMerchantAsync("Busy Circuit Shop");
        await hub.CreateMtnAccountAsync(key, HubFixture.NewMtnCredentials());
        using var client = hub.Client(key);
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey())).Status);
        }

        hub.Simulator.AddFault(new MtnMomoFault { Path = "*", Kind = MtnMomoFaultKind.Status503, Count = 1000 });
        try
        {
            var failed = new List<ApiReply>();
            for (var i = 0; i < 10; i++)
            {
                failed.Add(await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey()));
            }

            var before = hub.Simulator.Server.LogEntries.Count;
            var refused = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());

            // Each of the ten reached MTN (a 503 to a request to pay: an unknown outcome, the payment processing).
            Assert.All(failed, r => Assert.Equal("processing", r.Json["status"]?.GetValue<string>()));
            Assert.True(refused.Status == HttpStatusCode.ServiceUnavailable, $"{(int)refused.Status} {refused.Body}");
            Assert.Equal("PROVIDER_UNAVAILABLE", refused.Json["code"]!.GetValue<string>());
            Assert.Equal(before, hub.Simulator.Server.LogEntries.Count); // nothing sent
        }
        finally
        {
            hub.Simulator.ClearFaults();
        }
    }
}
