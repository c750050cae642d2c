using System.Net;
using Hub.Tests.Infrastructure;

namespace Hub.Tests;

[Collection(HubCollection.Name)]
public sealed class OperationsTests(HubFixture hub)
{
    [Fact]
    public async Task UnknownRoute_IsA404Problem()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.FetchAsync("/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("application/problem+json", reply.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal("NOT_FOUND", reply.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task WrongMethod_IsA405Problem()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.SendAsync(HttpMethod.Delete, "/v1/payments");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, reply.Status);
        Assert.Equal("application/problem+json", reply.Message.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_ReportsDatabaseAndPlugins()
    {
        using var client = hub.Client();

        var live = await client.FetchAsync("/health/live");
        var ready = await client.FetchAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("healthy", ready.Json["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Contains("mtn_momo 2.1.0", ready.Json["checks"]!["plugins"]!["data"]!["loaded"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_AndTheApiPage_AreServed()
    {
        using var client = hub.Client();

        var doc = await client.FetchAsync("/openapi/v1.json");
        var page = await client.FetchAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, doc.Status);
        Assert.NotNull(doc.Json["paths"]!["/v1/payments"]);
        Assert.Equal(HttpStatusCode.OK, page.Status);
    }

    [Fact]
    public async Task Metrics_ArePrometheusText_WithTheHubsCounters()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        await client.CreatePaymentAsync(Api.MtnPayment(6004), Api.NewKey());

        string text = "";
        for (var i = 0; i < 50 && !text.Contains("hub_payment_status_changes", StringComparison.Ordinal); i++)
        {
            text = (await hub.Client().FetchAsync("/metrics")).Body;
            await Task.Delay(100);
        }

        Assert.Contains("hub_payment_status_changes_total{", text, StringComparison.Ordinal);
        Assert.Contains("connector=\"mtn_momo\"", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pay_", text, StringComparison.Ordinal);
        // The operator's view of the money path: provider latency by connector, the backlogs, the circuits.
        Assert.Contains(Series(text, "hub_provider_call_duration_seconds_bucket"), l => l.Contains("connector=\"mtn_momo\"", StringComparison.Ordinal) && l.Contains("operation=\"create\"", StringComparison.Ordinal));
        Assert.NotEmpty(Series(text, "hub_outbox_depth"));
        Assert.NotEmpty(Series(text, "hub_outbox_oldest_age_seconds"));
        Assert.NotEmpty(Series(text, "hub_reconciler_backlog"));
        Assert.Contains(Series(text, "hub_provider_circuit_state"), l => l.Contains("account=\"ca_", StringComparison.Ordinal) && l.Contains("connector=\"mtn_momo\"", StringComparison.Ordinal) && l.EndsWith(" 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_CountWebhookDeliveries_AndTheirLag_AndTheSampledOutboxDepth()
    {
        await using var receiver = await Webhooks.WebhookReceiver.StartAsync();
        using var client = hub.Client(hub.MerchantB1Key);
        var endpoint = await client.SendAsync(HttpMethod.Post, "/v1/webhook-endpoints",
            $$"""{"url":"{{receiver.Url}}","events":["payment.*"]}""");
        Assert.Equal(HttpStatusCode.Created, endpoint.Status);
        await client.CreatePaymentAsync(Api.MtnPayment(6006), Api.NewKey());
        // A merchant whose endpoint does not answer: its deliveries wait in the outbox, retrying.
        var (_, unreachableKey) = await hub.NewMerchantAsync("Unreachable Endpoint Shop");
        await hub.CreateMtnAccountAsync(unreachableKey, HubFixture.NewMtnCredentials());
        using var unreachable = hub.Client(unreachableKey);
        await unreachable.SendAsync(HttpMethod.Post, "/v1/webhook-endpoints",
            $$"""{"url":"http://127.0.0.1:{{HubApp.FreePort()}}/hooks","events":["payment.*"]}""");
        await unreachable.CreatePaymentAsync(Api.MtnPayment(6006), Api.NewKey());
        var dispatcher = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Hub.Webhooks.WebhookDispatcher>(hub.App.Services);
        var text = "";
        for (var i = 0; i < 50 && (receiver.Received.Count == 0 || !Series(text, "hub_webhook_deliveries_total").Any(l => l.Contains("outcome=\"retrying\"", StringComparison.Ordinal))); i++)
        {
            await dispatcher.RunOnceAsync(CancellationToken.None);
            await Task.Delay(100);
            text = (await hub.Client().FetchAsync("/metrics")).Body;
        }

        var sampler = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Hub.Operations.MetricsSampler>(hub.App.Services);
        var waiting = await sampler.SampleAsync(CancellationToken.None);
        text = (await hub.Client().FetchAsync("/metrics")).Body;

        Assert.NotEmpty(receiver.Received);
        Assert.Contains(Series(text, "hub_webhook_deliveries_total"), l => l.Contains("outcome=\"retrying\"", StringComparison.Ordinal));
        Assert.True(waiting.OutboxDepth >= 1, $"the sampled outbox depth was {waiting.OutboxDepth} with an event waiting");
        var webhookLines = string.Join("\n", text.Split('\n').Where(l => l.Contains("webhook", StringComparison.Ordinal)));
        Assert.True(Series(text, "hub_webhook_deliveries_total").Any(l => l.Contains("outcome=\"succeeded\"", StringComparison.Ordinal)
            && !l.EndsWith(" 0", StringComparison.Ordinal)), webhookLines);
        Assert.Contains(Series(text, "hub_webhook_lag_seconds_count"), l => !l.EndsWith(" 0", StringComparison.Ordinal));
    }

    /// <summary>The sample lines of one metric in Prometheus text, whatever their labels and the exporter's timestamp.</summary>
    private static List<string> Series(string text, string name) =>
    [
        .. text.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l.TrimEnd(), @" [0-9]{13}$", "")),
    ];

    [Fact]
    public async Task Connectors_ListsTheLoadedPlugin()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.FetchAsync("/v1/connectors");

        var mtn = Assert.Single(reply.Json["data"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "mtn_momo")!;
        Assert.Equal("MtnMomo.dll", mtn["assembly"]!.GetValue<string>());
        Assert.Equal("unsigned", mtn["callbacks"]!.GetValue<string>());
    }

    [Fact]
    public async Task Logs_NeverCarrySecretsCredentialsOrFullPhoneNumbers()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var created = await client.CreatePaymentAsync(Api.MtnPayment(6002, "+237 6 71 23 45 68"), Api.NewKey());
        await client.SendAsync(HttpMethod.Post, $"/v1/payments/{created.Json["id"]}/sync");
        await client.CreatePaymentAsync("""{"amount":1,"currency":"XAF","method":"mobile_money","payer":{"phone":"+237671234568x"}}""", Api.NewKey());

        var logs = string.Join("\n", hub.App.Logs.Lines);

        Assert.NotEmpty(hub.App.Logs.Lines);
        Assert.DoesNotContain("237671234568", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(hub.MerchantA1Key.Split('.')[1], logs, StringComparison.Ordinal);
        foreach (var secret in hub.MtnCredentialsA1.Values)
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }
}
