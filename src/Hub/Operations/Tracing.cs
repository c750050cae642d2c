using System.Diagnostics;
using Npgsql;
using OpenTelemetry.Trace;

namespace Hub.Operations;

/// <summary>
/// OpenTelemetry traces: the API request (ASP.NET Core), the hub's call into the connector (<see cref="Source"/>, with
/// the payment id), the kit's token fetches ("Connectors.Kit"), the provider round trips (HttpClient) and the
/// database commands (Npgsql). Exported over OTLP when <c>Hub:Telemetry:OtlpEndpoint</c> or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; with neither, nothing listens and nothing is recorded.
/// </summary>
internal static class Tracing
{
    public const string SourceName = "ConnectorHub";

    /// <summary>The kit's source, in every plug-in's copy of the kit.</summary>
    public const string KitSourceName = "Connectors.Kit";

    public static readonly ActivitySource Source = new(SourceName);

    public static IServiceCollection AddHubTracing(this IServiceCollection services, IConfiguration configuration)
    {
        var endpoint = configuration["Hub:Telemetry:OtlpEndpoint"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var enabled = endpoint is { Length: > 0 } || configuration.GetValue<bool>("Hub:Telemetry:Tracing");
        if (!enabled)
        {
            return services;
        }

        services.AddOpenTelemetry().WithTracing(tracing =>
        {
            tracing.AddSource(SourceName, KitSourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/metrics")
                    && !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql();
            if (endpoint is { Length: > 0 })
            {
                tracing.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint));
            }
        });
        return services;
    }

    /// <summary>Starts the span of one call into a connector, tagged with what it is about (null when nobody listens).</summary>
    public static Activity? StartConnectorCall(string connector, string operation, string objectId)
    {
        var activity = Source.StartActivity($"connector {operation}", ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("hub.connector", connector);
            activity.SetTag("hub.operation", operation);
            activity.SetTag(objectId.StartsWith("pay_", StringComparison.Ordinal) ? "hub.payment_id" : "hub.object_id", objectId);
        }

        return activity;
    }
}
