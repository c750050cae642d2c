using System.Collections.Concurrent;
using System.Globalization;
using Hub.Common;
using Microsoft.Extensions.Options;

namespace Hub.Tenancy;

/// <summary>Per-key request limits (section Hub:RateLimit).</summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Hub:RateLimit";

    /// <summary>Requests one API key may make per window; 0 turns limiting off.</summary>
    public int Limit { get; set; } = 1000;

    /// <summary>The window's length.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>What the limiter decided, and what the X-RateLimit-* headers say.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, DateTimeOffset ResetAt, TimeSpan RetryAfter);

/// <summary>
/// A fixed window per API key, counted in this instance's memory: each hub instance enforces the limit on what it
/// receives, so N instances behind a balancer allow up to N times the limit (documented; a shared counter in
/// PostgreSQL would cost a write per request).
/// </summary>
internal sealed class KeyRateLimiter(IOptions<RateLimitOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, Window> _windows = new();

    public RateLimitDecision Acquire(Guid keyId)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        if (settings.Limit <= 0)
        {
            return new RateLimitDecision(true, 0, 0, now, TimeSpan.Zero);
        }

        var window = _windows.AddOrUpdate(keyId,
            _ => new Window(Start(now, settings.Window), 1),
            (_, current) => current.Start + settings.Window <= now
                ? new Window(Start(now, settings.Window), 1)
                : current with { Count = current.Count + 1 });
        if (_windows.Count > 100_000)
        {
            Prune(now, settings.Window);
        }

        var resetAt = window.Start + settings.Window;
        return new RateLimitDecision(window.Count <= settings.Limit, settings.Limit,
            Math.Max(0, settings.Limit - window.Count), resetAt, resetAt - now);
    }

    // Windows aligned on the clock, so Reset is the same for every key and easy to reason about.
    private static DateTimeOffset Start(DateTimeOffset now, TimeSpan window) =>
        new(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);

    private void Prune(DateTimeOffset now, TimeSpan window)
    {
        foreach (var (key, value) in _windows)
        {
            if (value.Start + window <= now)
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    private sealed record Window(DateTimeOffset Start, int Count);
}

/// <summary>Counts each authenticated call against its key's window; past the limit, 429 with Retry-After.</summary>
internal sealed class KeyRateLimitMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, MerchantScope scope, KeyRateLimiter limiter)
    {
        if (scope.KeyId is not { } keyId || http.User.Identity?.IsAuthenticated != true)
        {
            await next(http);
            return;
        }

        var limit = limiter.Acquire(keyId);
        if (limit.Limit > 0)
        {
            var headers = http.Response.Headers;
            headers["X-RateLimit-Limit"] = limit.Limit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining"] = limit.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset"] = limit.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            if (!limit.Allowed)
            {
                var wait = Math.Max(1, (int)Math.Ceiling(limit.RetryAfter.TotalSeconds));
                headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                await Problems.WriteAsync(http, ApiError.RateLimitExceeded(limit.Limit, wait));
                return;
            }
        }

        await next(http);
    }
}
