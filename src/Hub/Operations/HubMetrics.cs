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
    private readonly Histogram<double> _providerCalls;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Histogram<double> _webhookLag;

    public HubMetrics(IMeterFactory meters, HubMeterName name)
    {
        var meter = meters.Create(name.Value);
        _statusChanges = meter.CreateCounter<long>("hub.payment.status_changes", description: "Payment status changes, by connector, new status and source");
        _anomalies = meter.CreateCounter<long>("hub.payment.anomalies", description: "Payment anomalies an operator must look at (a provider success after another final status), by connector and kind");
        _callbacks = meter.CreateCounter<long>("hub.callbacks", description: "Provider callbacks received, by connector and verdict");
        _providerCalls = meter.CreateHistogram<double>("hub.provider.call.duration", unit: "s",
            description: "Calls into a connector (its provider round trips included), by connector, operation and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _webhookDeliveries = meter.CreateCounter<long>("hub.webhook.deliveries", description: "Webhook delivery attempts, by outcome (succeeded, retrying, failed, gone)");
        _webhookLag = meter.CreateHistogram<double>("hub.webhook.lag", unit: "s",
            description: "From an event's creation to its successful delivery",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120, 600, 3600] });
    }

    /// <summary>Gauges read from what <see cref="MetricsSampler"/> last counted, and the circuits of this instance.</summary>
    public void ObserveState(Func<BacklogSample> backlog, Func<IEnumerable<(Guid AccountId, string Connector, Polly.CircuitBreaker.CircuitState State)>> circuits)
    {
        var meter = _statusChanges.Meter;
        meter.CreateObservableGauge("hub.outbox.depth", () => backlog().OutboxDepth,
            description: "The outbox: events not yet fanned out and webhook deliveries not yet sent, sampled");
        meter.CreateObservableGauge("hub.outbox.oldest_age", () => backlog().OldestPendingAgeSeconds, unit: "s",
            description: "Age of the oldest event or due delivery still in the outbox, sampled");
        meter.CreateObservableGauge("hub.reconciler.backlog", () => backlog().ReconcileDue,
            description: "Payments, refunds and payouts whose reconciliation is due now, sampled");
        meter.CreateObservableGauge("hub.provider.circuit_state", () => circuits().Select(c => new Measurement<int>(
                c.State switch { Polly.CircuitBreaker.CircuitState.Closed => 0, Polly.CircuitBreaker.CircuitState.HalfOpen => 1, _ => 2 },
                new("connector", c.Connector), new("account", Common.PublicId.Format(Common.PublicId.ConnectorAccount, c.AccountId)))),
            description: "Circuit breaker per connector account in this instance: 0 closed, 1 half-open, 2 open or isolated");
    }

    public void ProviderCall(string connector, string operation, string outcome, TimeSpan elapsed) =>
        _providerCalls.Record(elapsed.TotalSeconds, new("connector", connector), new("operation", operation), new("outcome", outcome));

    public void WebhookDelivery(string outcome) => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void WebhookDelivered(TimeSpan lag) => _webhookLag.Record(Math.Max(0, lag.TotalSeconds));

    public void StatusChanged(string connector, string status, string source) =>
        _statusChanges.Add(1, new("connector", connector), new("status", status), new("source", source));

    public void Anomaly(string connector, string kind) =>
        _anomalies.Add(1, new("connector", connector), new("kind", kind));

    public void CallbackReceived(string connector, string verdict) =>
        _callbacks.Add(1, new("connector", connector), new("verdict", verdict));
}

internal static class MetricsSetup
{
    public static IServiceCollection AddHubMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        // One meter name per hub in the process: an OpenTelemetry meter provider subscribes by name, process-wide, so
        // two hubs in one process (tests) would each export whichever instrument of that name it met first.
        var name = new HubMeterName(configuration["Hub:Telemetry:MeterName"] is { Length: > 0 } n ? n : HubMetrics.MeterName);
        services.AddSingleton(name);
        services.AddSingleton<HubMetrics>();
        services.AddSingleton<MetricsSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsSampler>());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(name.Value)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>/metrics in Prometheus' text format (for a scraper on the operators' network).</summary>
    public static void MapHubMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription().AllowAnonymous();
}

/// <summary>The name of the hub's meter: "ConnectorHub" unless <c>Hub:Telemetry:MeterName</c> says otherwise.</summary>
internal sealed record HubMeterName(string Value);
