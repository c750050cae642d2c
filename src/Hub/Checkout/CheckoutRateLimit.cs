using Hub.Common;
using Hub.Tenancy;
using Microsoft.Extensions.Options;

namespace Hub.Checkout;

/// <summary>Per-address limits on the public checkout page and its calls (section Hub:CheckoutRateLimit).</summary>
internal sealed class CheckoutRateLimitOptions() : WindowLimitOptions(600)
{
    // Requests one remote address may make to checkout pages per window. A page polls its status every 2 s (30 a
    // minute) and payers on a mobile network share addresses (carrier NAT): 600 a minute lets twenty payers behind one
    // address pay at once and still bounds a script trying session ids or sending push prompts.
    public const string Section = "Hub:CheckoutRateLimit";
}

/// <summary>
/// The checkout routes are anonymous (the session id is the credential), so the per-key limiter does not see them:
/// this policy counts them per remote address. Past the limit: 429 before anything is looked up or sent to a provider.
/// </summary>
internal sealed partial class CheckoutRateLimitPolicy(
    IOptions<CheckoutRateLimitOptions> options, TimeProvider clock, ILogger<CheckoutRateLimitPolicy> logger)
    : AddressRateLimitPolicy(clock)
{
    public const string Name = "checkout";

    protected override WindowLimitOptions Settings => options.Value;

    protected override ApiError Refused(HttpContext http, int retryAfterSeconds)
    {
        LogRefused(options.Value.Limit);
        return ApiError.CheckoutRateLimitExceeded(options.Value.Limit, retryAfterSeconds);
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
