using System.Security.Claims;
using System.Text.Encodings.Web;
using Hub.Common;
using Hub.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hub.Tenancy;

/// <summary>
/// API keys as an ASP.NET Core authentication scheme, and the policies the endpoints ask for. Every /v1 endpoint needs
/// a key unless it says <c>AllowAnonymous</c> (provider callbacks); outside /v1 (health, metrics, OpenAPI, docs) is
/// public. A tenant key acts for one of its merchants with Hub-Merchant; a merchant that is not the caller's answers
/// 404, never 403, so ids leak nothing.
/// </summary>
internal static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";

    public const string MerchantHeader = "Hub-Merchant";

    /// <summary>Any valid key (the fallback policy of every endpoint that names none).</summary>
    public const string CallerPolicy = "ApiCaller";

    /// <summary>A key acting for one merchant: a merchant key, or a tenant key with Hub-Merchant.</summary>
    public const string MerchantPolicy = "ApiMerchant";

    /// <summary>A tenant key (managing merchants and keys).</summary>
    public const string TenantKeyPolicy = "ApiTenantKey";

    public const string KeyIdClaim = "hub:key_id";

    public const string TenantIdClaim = "hub:tenant_id";

    public const string KindClaim = "hub:key_kind";

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyCache>();
        services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(Scheme, null);
        services.AddSingleton<IAuthorizationHandler, ApiKeyAuthorizationHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(CallerPolicy, Caller().Build())
            .AddPolicy(MerchantPolicy, Caller().AddRequirements(new MerchantRequirement()).Build())
            .AddPolicy(TenantKeyPolicy, Caller().AddRequirements(new TenantKeyRequirement()).Build())
            .SetDefaultPolicy(Caller().Build())
            .SetFallbackPolicy(Caller().Build());
        return services;
    }

    /// <summary>The API's own paths; what lies outside is public (and an unknown page there stays a 404).</summary>
    public static bool IsApiPath(PathString path) => path.StartsWithSegments("/v1");

    private static AuthorizationPolicyBuilder Caller() =>
        new AuthorizationPolicyBuilder(Scheme).AddRequirements(new CallerRequirement());

    /// <summary>A valid key, and a Hub-Merchant (if any) that is the caller's.</summary>
    internal sealed class CallerRequirement : IAuthorizationRequirement;

    internal sealed class MerchantRequirement : IAuthorizationRequirement;

    internal sealed class TenantKeyRequirement : IAuthorizationRequirement;
}

/// <summary>Reads "Bearer key_….secret" or Basic, checks it against the key's hash and fixes the request's <see cref="MerchantScope"/>.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    MerchantScope scope, HubDbContext db, ApiKeyCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>HttpContext.Items entry: the Hub-Merchant named a merchant the key may not act for.</summary>
    internal const string UnknownMerchantItem = "hub:unknown_merchant";

    /// <summary>HttpContext.Items entry: the <see cref="ApiError"/> a failed policy answers with.</summary>
    internal const string DeniedItem = "hub:denied";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return AuthenticateResult.NoResult(); // provider callbacks, health, docs: no key is looked at
        }

        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeySecrets.TryParseAuthorization(header, out var keyId, out var secret))
        {
            return AuthenticateResult.Fail("malformed Authorization");
        }

        var key = await cache.FindAsync(keyId, db, Context.RequestAborted);
        if (key is null || key.Revoked || !ApiKeySecrets.Matches(key.SecretHash, secret))
        {
            return AuthenticateResult.Fail("unknown, revoked or wrong key");
        }

        scope.SetCaller(key.Id, key.TenantId, key.MerchantId, key.Livemode, isTenantKey: key.MerchantId is null);

        var requested = Request.Headers[ApiKeyAuthentication.MerchantHeader].ToString();
        if (!string.IsNullOrEmpty(requested))
        {
            // Out of scope looks exactly like nonexistent (the caller policy answers 404).
            if (!PublicId.TryParse(PublicId.Merchant, requested, out var merchantId)
                || (key.MerchantId is { } own && own != merchantId)
                || (key.MerchantId is null && !await db.Merchants.AnyAsync(m => m.Id == merchantId, Context.RequestAborted)))
            {
                Context.Items[UnknownMerchantItem] = requested;
            }
            else
            {
                scope.ActFor(merchantId);
            }
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ApiKeyAuthentication.KeyIdClaim, key.Id.ToString()),
            new Claim(ApiKeyAuthentication.TenantIdClaim, key.TenantId.ToString()),
            new Claim(ApiKeyAuthentication.KindClaim, key.MerchantId is null ? "tenant" : "merchant"),
        ], ApiKeyAuthentication.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyAuthentication.Scheme));
    }

    /// <summary>401 AUTH_REQUIRED without a key, AUTH_INVALID with a bad one.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await Problems.WriteAsync(Context, result.Failure is null ? ApiError.AuthRequired() : ApiError.AuthInvalid());
    }

    /// <summary>What the failed policy said: 404 for a foreign Hub-Merchant, 400 without one, 403 for a merchant key.</summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, Context.Items[DeniedItem] as ApiError ?? ApiError.Forbidden("This key may not do this."));
}

/// <summary>Decides the policies' requirements, in order, and leaves the first refusal for the handler's 403/404/400.</summary>
internal sealed class ApiKeyAuthorizationHandler : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.Resource is not HttpContext http)
        {
            return Task.CompletedTask;
        }

        var authenticated = context.User.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyAuthentication.Scheme };
        var scope = http.RequestServices.GetRequiredService<MerchantScope>();
        foreach (var requirement in context.PendingRequirements.ToList())
        {
            switch (requirement)
            {
                case ApiKeyAuthentication.CallerRequirement when !authenticated:
                    if (!ApiKeyAuthentication.IsApiPath(http.Request.Path))
                    {
                        context.Succeed(requirement); // an unknown page outside the API: routing answers 404
                    }

                    break; // else unmet: the handler's challenge answers 401
                case ApiKeyAuthentication.CallerRequirement:
                    if (http.Items[ApiKeyAuthenticationHandler.UnknownMerchantItem] is string requested)
                    {
                        Deny(context, http, ApiError.NotFound($"No merchant {requested} for this key."));
                    }
                    else
                    {
                        context.Succeed(requirement);
                    }

                    break;
                case ApiKeyAuthentication.MerchantRequirement when authenticated:
                    // A tenant key calling without Hub-Merchant gets a clear 400 instead of an empty scope.
                    if (scope.MerchantId is null)
                    {
                        Deny(context, http, ApiError.Validation(ApiKeyAuthentication.MerchantHeader,
                            "a tenant key must name the merchant it acts for (Hub-Merchant: mch_…)"));
                    }
                    else
                    {
                        context.Succeed(requirement);
                    }

                    break;
                case ApiKeyAuthentication.TenantKeyRequirement when authenticated:
                    if (!scope.IsTenantKey)
                    {
                        Deny(context, http, ApiError.Forbidden("Only a tenant key manages merchants and keys."));
                    }
                    else
                    {
                        context.Succeed(requirement);
                    }

                    break;
            }
        }

        return Task.CompletedTask;
    }

    private static void Deny(AuthorizationHandlerContext context, HttpContext http, ApiError error)
    {
        http.Items.TryAdd(ApiKeyAuthenticationHandler.DeniedItem, error);
        context.Fail();
    }
}

internal static class MerchantEndpointExtensions
{
    /// <summary>The endpoints act for one merchant: a tenant key must name it with Hub-Merchant (else 400).</summary>
    public static TBuilder RequireMerchant<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ApiKeyAuthentication.MerchantPolicy);

    /// <summary>The endpoints manage the tenant: a merchant key gets 403 FORBIDDEN.</summary>
    public static TBuilder RequireTenantKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ApiKeyAuthentication.TenantKeyPolicy);
}
