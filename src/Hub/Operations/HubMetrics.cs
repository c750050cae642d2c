using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Hub.Operations;

/// <summary>
/// The hub's own counters, beside ASP.NET Core's and HttpClient's, exposed at /metrics for Prometheus. Labels are
/// low-cardinality words (connector, status, verdict), never ids.
/// </summary>
internal sealed class HubMetrics
{
    public const string MeterName = "ConnectorHub";

    private readonly Counter<long> _statusChanges;
    private readonly Counter<long> _callbacks;
    private readonly Counter<long> _anomalies;

    public HubMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _statusChanges = meter.CreateCounter<long>("hub.payment.status_changes", description: "Payment status changes, by connector, new status and source");
        _anomalies = meter.CreateCounter<long>("hub.payment.anomalies", description: "Payment anomalies an operator must look at (a provider success after another final status), by connector and kind");
        _callbacks = meter.CreateCounter<long>("hub.callbacks", description: "Provider callbacks received, by connector and verdict");
    }

    public void StatusChanged(string connector, string status, string source) =>
        _statusChanges.Add(1, new("connector", connector), new("status", status), new("source", source));

    public void Anomaly(string connector, string kind) =>
        _anomalies.Add(1, new("connector", connector), new("kind", kind));

    public void CallbackReceived(string connector, string verdict) =>
        _callbacks.Add(1, new("connector", connector), new("verdict", verdict));
}

internal static class MetricsSetup
{
    public static IServiceCollection AddHubMetrics(this IServiceCollection services)
    {
        services.AddSingleton<HubMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(HubMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>/metrics in Prometheus' text format (for a scraper on the operators' network).</summary>
    public static void MapHubMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription().AllowAnonymous();
}
