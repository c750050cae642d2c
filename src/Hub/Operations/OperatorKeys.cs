using System.Security.Cryptography;
using Hub.Common;
using Hub.Persistence;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Hub.Operations;

/// <summary>
/// Operator keys, "opk_….sk_op_…": above tenants, for the hub's own administration (<c>/v1/admin/*</c>). Made by
/// <c>Hub create-operator-key --name N</c>, shown once, kept as a SHA-256 hash like API keys. An API key (tenant or
/// merchant) is never an operator key: <c>/v1/admin</c> answers it 403.
/// </summary>
internal static class OperatorKeys
{
    private const string SecretPrefix = "sk_op_";

    public static async Task<string> CreateAsync(HubDbContext db, TimeProvider clock, string name, CancellationToken ct)
    {
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new OperatorKey { Id = PublicId.NewGuid(clock), Name = name, SecretHash = ApiKeySecrets.Hash(secret), CreatedAt = clock.GetUtcNow() };
        db.OperatorKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return $"{PublicId.Format(PublicId.OperatorKey, key.Id)}.{secret}";
    }

    /// <summary>Null when the request carries a valid operator key, else the problem to answer.</summary>
    public static async Task<ApiError?> CheckAsync(HttpContext http, HubDbContext db)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return ApiError.AuthRequired("Send Authorization: Bearer opk_….sk_op_… (an operator key: Hub create-operator-key).");
        }

        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !PublicId.TryParse(PublicId.OperatorKey, token[..dot], out var id))
        {
            return ApiKeySecrets.TryParseAuthorization(header, out _, out _)
                ? ApiError.Forbidden("Administration needs an operator key; API keys act for tenants and merchants only.")
                : ApiError.AuthInvalid("The operator key is unknown, revoked or malformed.");
        }

        var key = await db.OperatorKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, http.RequestAborted);
        return key is null || key.RevokedAt is not null || !ApiKeySecrets.Matches(key.SecretHash, token[(dot + 1)..])
            ? ApiError.AuthInvalid("The operator key is unknown, revoked or malformed.")
            : null;
    }

    /// <summary>The endpoint takes an operator key instead of an API key.</summary>
    public static RouteHandlerBuilder RequireOperatorKey(this RouteHandlerBuilder endpoint) => endpoint
        .AllowAnonymous() // the API-key scheme steps aside; the filter below decides
        .AddEndpointFilter(async (context, next) =>
            await CheckAsync(context.HttpContext, context.HttpContext.RequestServices.GetRequiredService<HubDbContext>()) is { } denied
                ? denied.ToProblem()
                : await next(context));
}
