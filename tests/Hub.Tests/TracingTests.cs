using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Simulators.MtnMomo;

namespace Hub.Tests;

/// <summary>With tracing on, one payment is one trace: the API request, the hub's call into the connector (with the
/// payment id), the provider's HTTP round trip under it, and the database commands.</summary>
public sealed class TracingTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private MtnMomoSimulator _simulator = null!;
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _simulator = MtnMomoSimulator.Start(new MtnMomoSimulatorOptions { Port = 0 });
    }

    public async Task DisposeAsync()
    {
        _simulator.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task APayment_IsOneTrace_FromTheRequestThroughTheConnectorToTheProvider()
    {
        await using var app = new HubApp(_database.ConnectionString, settings: new Dictionary<string, string?> { ["Hub:Telemetry:Tracing"] = "true" },
            configureServices: services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans)));
        await app.MigrateAsync();
        using var client = await MerchantAsync(app);

        var payment = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());
        Assert.Equal(HttpStatusCode.Created, payment.Status);
        var id = payment.Json["id"]!.GetValue<string>();
        app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        List<Activity> spans;
        lock (_spans)
        {
            spans = [.. _spans];
        }

        var create = Assert.Single(spans, s => s.OperationName == "connector create" && (string?)s.GetTagItem("hub.payment_id") == id);
        Assert.Equal("mtn_momo", create.GetTagItem("hub.connector"));
        Assert.Equal("completed", create.GetTagItem("hub.outcome"));
        var trace = spans.Where(s => s.TraceId == create.TraceId).ToList();
        Assert.Contains(trace, s => s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("POST /v1/payments", StringComparison.Ordinal)
            && IsUnder(create, s, trace));
        var providerCall = Assert.Single(trace, s => s.Kind == ActivityKind.Client
            && s.GetTagItem("url.full") is string url && url.Contains("/collection/v1_0/requesttopay", StringComparison.Ordinal));
        Assert.True(IsUnder(providerCall, create, trace), "the provider's round trip is not under the connector call");
        Assert.Contains(trace, s => s.Source.Name == "Npgsql");
        Assert.Contains(trace, s => s.Source.Name == "Connectors.Kit" && s.OperationName == "provider token");
        // The kit put the provider's answer on the hub's span.
        Assert.Equal("MTN", create.GetTagItem("provider.name"));
        Assert.NotNull(create.GetTagItem("provider.reference"));
        Assert.NotNull(create.GetTagItem("provider.outcome"));
    }

    private static bool IsUnder(Activity child, Activity ancestor, List<Activity> trace)
    {
        for (var parent = child.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }

            var next = trace.FirstOrDefault(s => s.SpanId == parent);
            if (next is null)
            {
                return false;
            }

            parent = next.ParentSpanId;
        }

        return false;
    }

    private async Task<HttpClient> MerchantAsync(HubApp app)
    {
        var key = await app.WithServicesAsync(async services =>
        {
            var admin = services.GetRequiredService<global::Hub.Tenancy.TenantAdmin>();
            var tenant = await admin.CreateTenantAsync("Traced", CancellationToken.None);
            var merchant = await admin.CreateMerchantAsync(tenant.Id, "Traced Shop", CancellationToken.None);
            return await admin.CreateKeyAsync(tenant.Id, merchant.Id, false, null, CancellationToken.None);
        });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var account = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo", environment = "sandbox", baseUrl = _simulator.Url,
            credentials = HubFixture.NewMtnCredentials(), settings = new { targetEnvironment = "mtncameroon" },
        });
        Assert.True(account.IsSuccessStatusCode, await account.Content.ReadAsStringAsync());
        return client;
    }
}
