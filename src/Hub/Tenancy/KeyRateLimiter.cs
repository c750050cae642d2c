using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Hub.Common;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hub.Tenancy;

/// <summary>Per-key request limits (section Hub:RateLimit).</summary>
internal sealed class RateLimitOptions() : WindowLimitOptions(1000)
{
    // Requests one API key may make per window.
    public const string Section = "Hub:RateLimit";
}

/// <summary>A key's window as the X-RateLimit-* headers tell it.</summary>
internal sealed record RateLimitWindow(int Limit, int Remaining, DateTimeOffset ResetAt);

/// <summary>
/// Per-key rate limiting through ASP.NET Core's rate limiter (UseRateLimiter, between authentication and
/// authorization): the global limiter is partitioned by API key id, each partition a fixed window. Anonymous calls
/// (provider callbacks, health) are not limited. The count lives in this instance's memory: each hub instance
/// enforces the limit on what it receives, so N instances behind a balancer allow up to N times the limit (a shared
/// counter in PostgreSQL would cost a write per request).
/// </summary>
internal static class KeyRateLimiting
{
    public static IServiceCollection AddKeyRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddSingleton<KeyRateLimiter>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                var http = context.HttpContext;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 1;
                var limit = context.Lease.TryGetMetadata(KeyRateLimiter.WindowMetadata, out var window) ? window!.Limit : 0;
                http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(Problems.WriteAsync(http, ApiError.RateLimitExceeded(limit, wait)));
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<KeyRateLimiter>((o, limiter) => o.GlobalLimiter = limiter);
        return services;
    }
}

/// <summary>
/// The global limiter: ASP.NET Core's partitioned limiter keyed by API key id, with a <see cref="KeyWindowLimiter"/>
/// per key; it also writes the X-RateLimit-Limit/Remaining/Reset headers, which the framework's leases do not carry
/// to a successful request.
/// </summary>
internal sealed class KeyRateLimiter : PartitionedRateLimiter<HttpContext>
{
    public static readonly MetadataName<RateLimitWindow> WindowMetadata = MetadataName.Create<RateLimitWindow>("hub.rate_limit_window");

    private readonly PartitionedRateLimiter<HttpContext> _partitions;

    public KeyRateLimiter(IOptions<RateLimitOptions> options, TimeProvider clock)
    {
        var settings = options.Value;
        _partitions = PartitionedRateLimiter.Create<HttpContext, Guid>(http =>
            settings.Limit > 0 && KeyId(http.User) is { } keyId
                ? RateLimitPartition.Get(keyId, _ => new KeyWindowLimiter(settings.Limit, settings.Window, clock))
                : RateLimitPartition.GetNoLimiter(Guid.Empty));
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => _partitions.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        WithHeaders(resource, _partitions.AttemptAcquire(resource, permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        WithHeaders(resource, await _partitions.AcquireAsync(resource, permitCount, cancellationToken));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _partitions.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Guid? KeyId(ClaimsPrincipal user) =>
        user.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value is { } text && Guid.TryParse(text, out var id) ? id : null;

    private static RateLimitLease WithHeaders(HttpContext http, RateLimitLease lease)
    {
        if (lease.TryGetMetadata(WindowMetadata, out var window) && !http.Response.HasStarted)
        {
            var headers = http.Response.Headers;
            headers["X-RateLimit-Limit"] = window!.Limit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining"] = window.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset"] = window.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        }

        return lease;
    }
}

/// <summary>
/// One key's fixed window on the hub's <see cref="TimeProvider"/> (the framework's FixedWindowRateLimiter runs on the
/// machine's clock), aligned on the clock so that Reset is the same for every key; no queue: past the limit a request
/// is refused at once, and a refusal takes no permit.
/// </summary>
internal sealed class KeyWindowLimiter(int limit, TimeSpan window, TimeProvider clock) : RateLimiter
{
    private readonly Lock _lock = new();
    private DateTimeOffset _start = DateTimeOffset.MinValue;
    private int _count;
    private long _granted;
    private long _refused;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                var now = clock.GetUtcNow();
                return now >= _start + window ? now - (_start + window) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Roll(clock.GetUtcNow());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = Math.Max(0, limit - _count),
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _granted,
                TotalFailedLeases = _refused,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Take(permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Take(permitCount));

    private RateLimitLease Take(int permitCount)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            Roll(now);
            var granted = permitCount == 0 ? _count < limit : _count + permitCount <= limit;
            if (granted)
            {
                _count += permitCount;
                _granted++;
            }
            else
            {
                _refused++;
            }

            var resetAt = _start + window;
            return new WindowLease(granted, new RateLimitWindow(limit, Math.Max(0, limit - _count), resetAt), resetAt - now);
        }
    }

    private void Roll(DateTimeOffset now)
    {
        if (now >= _start + window)
        {
            _start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
            _count = 0;
        }
    }

    private sealed class WindowLease(bool acquired, RateLimitWindow state, TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            acquired ? [KeyRateLimiter.WindowMetadata.Name] : [KeyRateLimiter.WindowMetadata.Name, MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == KeyRateLimiter.WindowMetadata.Name ? state
                : !acquired && metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : null;
            return metadata is not null;
        }
    }
}
