using System.Globalization;
using Hub.Common;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hub.Tenancy;

/// <summary>
/// Authenticates every /v1 call but provider callbacks, and fixes the merchant it acts for. A tenant key acts for
/// one of its merchants with Hub-Merchant; a merchant that is not the caller's answers 404, never 403, so ids
/// leak nothing.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next)
{
    public const string MerchantHeader = "Hub-Merchant";

    public async Task InvokeAsync(HttpContext http, MerchantScope scope, HubDbContext db, KeyRateLimiter limiter)
    {
        var path = http.Request.Path;
        // Provider callbacks (/v1/callbacks/{connector}/{account}) are public; the operators' list (/v1/callbacks) is not.
        if (!path.StartsWithSegments("/v1")
            || (path.StartsWithSegments("/v1/callbacks", out var rest) && rest.HasValue && rest.Value != "/"))
        {
            await next(http);
            return;
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            await Problems.WriteAsync(http, ApiError.AuthRequired());
            return;
        }

        if (!ApiKeySecrets.TryParseAuthorization(header, out var keyId, out var secret))
        {
            await Problems.WriteAsync(http, ApiError.AuthInvalid());
            return;
        }

        var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId, http.RequestAborted);
        if (key is null || key.RevokedAt is not null || !ApiKeySecrets.Matches(key.SecretHash, secret))
        {
            await Problems.WriteAsync(http, ApiError.AuthInvalid());
            return;
        }

        scope.SetCaller(key.Id, key.TenantId, key.MerchantId, key.Livemode, isTenantKey: key.MerchantId is null);

        var limit = limiter.Acquire(key.Id);
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

        var requested = http.Request.Headers[MerchantHeader].ToString();
        if (!string.IsNullOrEmpty(requested))
        {
            // Out of scope looks exactly like nonexistent.
            if (!PublicId.TryParse(PublicId.Merchant, requested, out var merchantId)
                || (key.MerchantId is { } own && own != merchantId)
                || (key.MerchantId is null && !await db.Merchants.AnyAsync(m => m.Id == merchantId, http.RequestAborted)))
            {
                await Problems.WriteAsync(http, ApiError.NotFound($"No merchant {requested} for this key."));
                return;
            }

            scope.ActFor(merchantId);
        }

        await next(http);
    }
}

internal static class MerchantEndpointExtensions
{
    /// <summary>A tenant key calling without Hub-Merchant gets a clear 400 instead of an empty scope.</summary>
    public static TBuilder RequireMerchant<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var scope = context.HttpContext.RequestServices.GetRequiredService<MerchantScope>();
            return scope.MerchantId is null
                ? ApiError.Validation(ApiKeyMiddleware.MerchantHeader,
                    "a tenant key must name the merchant it acts for (Hub-Merchant: mch_…)").ToProblem()
                : await next(context);
        });
}
