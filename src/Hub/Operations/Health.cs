using System.Text.Json;
using Hub.Common;
using Hub.Persistence;
using Hub.Plugins;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hub.Operations;

/// <summary>/health/live (the process answers) and /health/ready (the database answers; plug-ins loaded, failures listed).</summary>
internal static class Health
{
    public static IServiceCollection AddHubHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<HubDbContext>("database", tags: ["ready"])
            .AddCheck<PluginHealthCheck>("plugins", tags: ["ready"])
            .AddCheck<ProviderCircuitsHealthCheck>("providers", tags: ["ready"]);
        return services;
    }

    public static void MapHubHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .ExcludeFromDescription().AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = WriteAsync,
            // A plug-in that failed to load degrades the hub; it still serves the others.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).ExcludeFromDescription().AllowAnonymous();
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString().ToLowerInvariant(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, HubJson.Options));
    }

    /// <summary>
    /// Each connector account's circuit in this instance. An open circuit degrades (that account's calls are refused
    /// fast and fail over), it never makes the hub unready: the other accounts serve.
    /// </summary>
    private sealed class ProviderCircuitsHealthCheck(Providers.ProviderHttp http) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var circuits = http.Circuits();
            var data = circuits.ToDictionary(
                c => PublicId.Format(PublicId.ConnectorAccount, c.AccountId),
                c => (object)$"{c.Connector}: {c.State.ToString().ToLowerInvariant()}");
            var open = circuits.Count(c => c.State is Polly.CircuitBreaker.CircuitState.Open or Polly.CircuitBreaker.CircuitState.Isolated);
            return Task.FromResult(open > 0
                ? HealthCheckResult.Degraded($"{open} connector account circuit(s) open", data: data)
                : HealthCheckResult.Healthy($"{circuits.Count} connector account circuit(s) closed", data));
        }
    }

    private sealed class PluginHealthCheck(ConnectorRegistry registry) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var data = new Dictionary<string, object>
            {
                ["folder"] = registry.PluginsPath,
                ["loaded"] = registry.Connectors.Select(c => $"{c.Descriptor.Id} {c.Descriptor.Version}").Order(StringComparer.Ordinal).ToArray(),
                ["failed"] = registry.Failures.Select(f => $"{f.PluginName}: {f.Error}").ToArray(),
            };
            var result = registry.Failures.Count > 0
                ? HealthCheckResult.Degraded($"{registry.Failures.Count} plug-in(s) failed to load", data: data)
                : HealthCheckResult.Healthy($"{registry.Connectors.Count} connector(s) loaded", data);
            return Task.FromResult(result);
        }
    }
}
