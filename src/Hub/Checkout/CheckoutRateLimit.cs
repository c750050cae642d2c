using System.Globalization;
using System.Threading.RateLimiting;
using Hub.Common;
using Hub.Tenancy;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hub.Checkout;

/// <summary>Per-address limits on the public checkout page and its calls (section Hub:CheckoutRateLimit).</summary>
internal sealed class CheckoutRateLimitOptions
{
    public const string Section = "Hub:CheckoutRateLimit";

    /// <summary>
    /// Requests one remote address may make to checkout pages per window; 0 turns limiting off. A page polls its
    /// status every 2 s (30 a minute) and payers on a mobile network share addresses (carrier NAT): 600 a minute lets
    /// twenty payers behind one address pay at once and still bounds a script trying session ids or push prompts.
    /// </summary>
    public int Limit { get; set; } = 600;

    /// <summary>The window's length.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// The checkout routes are anonymous (the session id is the credential), so the per-key limiter does not see them:
/// this policy counts them per remote address, a fixed window on the hub's clock, in this instance's memory. Past the
/// limit: 429 RATE_LIMIT_EXCEEDED with Retry-After, before anything is read or sent to a provider.
/// </summary>
internal sealed partial class CheckoutRateLimitPolicy(
    IOptions<CheckoutRateLimitOptions> options, TimeProvider clock, ILogger<CheckoutRateLimitPolicy> logger)
    : IRateLimiterPolicy<string>
{
    public const string Name = "checkout";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        LogRefused(options.Value.Limit);
        http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        return new ValueTask(Problems.WriteAsync(http, new ApiError("RATE_LIMIT_EXCEEDED", 429, "Rate limit exceeded",
            $"This address made more than {options.Value.Limit} checkout requests in the current window; retry in {wait} s.")));
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var settings = options.Value;
        return settings.Limit <= 0
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.Get(httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new KeyWindowLimiter(settings.Limit, settings.Window, clock));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout request refused: its address passed {Limit} requests in the window")]
    private partial void LogRefused(int limit);
}

internal static class CheckoutRateLimiting
{
    public static IServiceCollection AddCheckoutRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<CheckoutRateLimitOptions>().BindConfiguration(CheckoutRateLimitOptions.Section);
        services.AddRateLimiter(o => o.AddPolicy<string, CheckoutRateLimitPolicy>(CheckoutRateLimitPolicy.Name));
        return services;
    }
}
