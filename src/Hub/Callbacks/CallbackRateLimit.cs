using System.Globalization;
using System.Threading.RateLimiting;
using Hub.Common;
using Hub.Operations;
using Hub.Plugins;
using Hub.Tenancy;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hub.Callbacks;

/// <summary>Per-source limits on provider callbacks (section Hub:CallbackRateLimit).</summary>
internal sealed class CallbackRateLimitOptions
{
    public const string Section = "Hub:CallbackRateLimit";

    /// <summary>
    /// Callbacks one remote address may post to one connector per window; 0 turns limiting off. A provider posts every
    /// merchant's callbacks from a few addresses: 12,000 a minute (200 a second) is far above one provider's settling
    /// rate here and still bounds a flood from one address. (600 refused the bench's soak: 40 settled payments a second.)
    /// </summary>
    public int Limit { get; set; } = 12_000;

    /// <summary>The window's length.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The callback routes' rate-limiter policy (issue 10, item 7): callbacks are anonymous, so the per-key global limiter
/// does not count them; this one partitions them by the remote address and the connector (a connector id the hub did
/// not load shares one "unknown" partition per address, so that inventing ids buys no budget), each partition a fixed
/// window on the hub's clock. Past the limit the callback is answered 429 RATE_LIMIT_EXCEEDED with Retry-After before
/// it is read: not processed, not stored; providers retry. Counted in this instance's memory, like the per-key limit.
/// </summary>
internal sealed partial class CallbackRateLimitPolicy(
    IOptions<CallbackRateLimitOptions> options,
    ConnectorRegistry registry,
    TimeProvider clock,
    HubMetrics metrics,
    ILogger<CallbackRateLimitPolicy> logger) : IRateLimiterPolicy<string>
{
    public const string Name = "callbacks";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var connector = Connector(http);
        LogRefused(connector, options.Value.Limit);
        metrics.CallbackReceived(connector, "rate_limited");
        http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(Problems.WriteAsync(http, ApiError.CallbackRateLimitExceeded(options.Value.Limit, wait)));
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var settings = options.Value;
        if (settings.Limit <= 0)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var source = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.Get(source + " " + Connector(httpContext),
            _ => new KeyWindowLimiter(settings.Limit, settings.Window, clock));
    }

    private string Connector(HttpContext http) =>
        http.Request.RouteValues["connector"] is string id && registry.TryGet(id, out _) ? id : "unknown";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Callback for {Connector} refused: its source passed {Limit} callbacks in the window")]
    private partial void LogRefused(string connector, int limit);
}

internal static class CallbackRateLimiting
{
    public static IServiceCollection AddCallbackRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<CallbackRateLimitOptions>().BindConfiguration(CallbackRateLimitOptions.Section);
        services.AddRateLimiter(o => o.AddPolicy<string, CallbackRateLimitPolicy>(CallbackRateLimitPolicy.Name));
        return services;
    }
}
