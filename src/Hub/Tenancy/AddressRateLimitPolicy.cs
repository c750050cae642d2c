using System.Globalization;
using System.Threading.RateLimiting;
using Hub.Common;
using Microsoft.AspNetCore.RateLimiting;

namespace Hub.Tenancy;

/// <summary>A fixed-window request limit: <see cref="Limit"/> per <see cref="Window"/>, 0 turning it off.</summary>
internal abstract class WindowLimitOptions(int limit)
{
    public int Limit { get; set; } = limit;

    /// <summary>The window's length.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// A rate-limiter policy for anonymous routes, which the per-key limiter does not see: one fixed window
/// (<see cref="KeyWindowLimiter"/>, on the hub's clock) per remote address and whatever the route adds
/// (<see cref="Partition"/>), in this instance's memory. Past the limit the request is answered 429
/// RATE_LIMIT_EXCEEDED with Retry-After before its endpoint runs.
/// </summary>
internal abstract class AddressRateLimitPolicy(TimeProvider clock) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var error = Refused(http, wait);
        http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(Problems.WriteAsync(http, error));
    };

    /// <summary>The limit in force (read per request, so a reloaded setting applies to new partitions).</summary>
    protected abstract WindowLimitOptions Settings { get; }

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var settings = Settings;
        if (settings.Limit <= 0)
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        var source = httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var (limit, window) = (settings.Limit, settings.Window);
        return RateLimitPartition.Get(source + " " + Partition(httpContext), _ => new KeyWindowLimiter(limit, window, clock));
    }

    /// <summary>What else than the address a window counts by (the connector, for callbacks).</summary>
    protected virtual string Partition(HttpContext http) => "";

    /// <summary>The problem for a refused request (log and count it here).</summary>
    protected abstract ApiError Refused(HttpContext http, int retryAfterSeconds);
}
