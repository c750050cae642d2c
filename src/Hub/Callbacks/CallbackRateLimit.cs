using Hub.Common;
using Hub.Operations;
using Hub.Plugins;
using Hub.Tenancy;
using Microsoft.Extensions.Options;

namespace Hub.Callbacks;

/// <summary>Per-source limits on provider callbacks (section Hub:CallbackRateLimit).</summary>
internal sealed class CallbackRateLimitOptions() : WindowLimitOptions(12_000)
{
    // Callbacks one remote address may post to one connector per window. A provider posts every merchant's callbacks
    // from a few addresses: 12,000 a minute (200 a second) is far above one provider's settling rate here and still
    // bounds a flood from one address. (600 refused the bench's soak: 40 settled payments a second.)
    public const string Section = "Hub:CallbackRateLimit";
}

/// <summary>
/// The callback routes' rate-limiter policy (issue 10, item 7): callbacks are anonymous, so the per-key global limiter
/// does not count them; this one partitions them by the remote address and the connector (a connector id the hub did
/// not load shares one "unknown" partition per address, so that inventing ids buys no budget). Past the limit the
/// callback is answered 429 before it is read: not processed, not stored; providers retry.
/// </summary>
internal sealed partial class CallbackRateLimitPolicy(
    IOptions<CallbackRateLimitOptions> options,
    ConnectorRegistry registry,
    TimeProvider clock,
    HubMetrics metrics,
    ILogger<CallbackRateLimitPolicy> logger) : AddressRateLimitPolicy(clock)
{
    public const string Name = "callbacks";

    protected override WindowLimitOptions Settings => options.Value;

    protected override string Partition(HttpContext http) => Connector(http);

    protected override ApiError Refused(HttpContext http, int retryAfterSeconds)
    {
        var connector = Connector(http);
        LogRefused(connector, options.Value.Limit);
        metrics.CallbackReceived(connector, "rate_limited");
        return ApiError.CallbackRateLimitExceeded(options.Value.Limit, retryAfterSeconds);
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
