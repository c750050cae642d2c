using Hub.Common;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hub.Tenancy;

/// <summary>
/// What a tenant key manages: its merchants and the API keys of the tenant and its merchants. A merchant key sees
/// its own merchant only and cannot manage keys (403). Keys are created in the caller's mode (test or live) and their
/// secret is shown once.
/// </summary>
internal static class MerchantsApi
{
    public static void MapMerchants(this IEndpointRouteBuilder app)
    {
        var merchants = app.MapGroup("/v1/merchants").WithTags("Tenancy");
        merchants.MapGet("/", ListMerchantsAsync).WithSummary("The tenant's merchants (a merchant key: its own)");
        merchants.MapGet("/{id}", GetMerchantAsync);
        merchants.MapPost("/", CreateMerchantAsync).WithSummary("Create a merchant (tenant key)").RequireTenantKey();

        var keys = app.MapGroup("/v1/api-keys").WithTags("Tenancy").RequireTenantKey();
        keys.MapGet("/", ListKeysAsync).WithSummary("The tenant's API keys, without secrets (tenant key)");
        keys.MapPost("/", CreateKeyAsync).WithSummary("Create a key for the tenant or one of its merchants; the secret is shown once");
        keys.MapDelete("/{id}", RevokeKeyAsync).WithSummary("Revoke a key");
    }

    private static async Task<IResult> ListMerchantsAsync(HttpRequest request, HubDbContext db, MerchantScope scope, CancellationToken ct)
    {
        var page = PageRequest.From(request);
        if (!page.IsSuccess)
        {
            return page.Error!.ToProblem();
        }

        var query = db.Merchants.AsNoTracking().Where(m => scope.IsTenantKey || m.Id == scope.MerchantId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(m => m.Id).Skip(page.Value!.Skip).Take(page.Value.PageSize).ToListAsync(ct);
        return Results.Json(new Page<MerchantResponse>([.. rows.Select(ToResponse)], page.Value, total), HubJson.Options);
    }

    private static async Task<IResult> GetMerchantAsync(string id, HubDbContext db, MerchantScope scope, CancellationToken ct)
    {
        var merchant = PublicId.TryParse(PublicId.Merchant, id, out var guid)
            ? await db.Merchants.AsNoTracking().FirstOrDefaultAsync(m => m.Id == guid && (scope.IsTenantKey || m.Id == scope.MerchantId), ct)
            : null;
        return merchant is null ? ApiError.NotFound($"No merchant {id}.").ToProblem() : Results.Json(ToResponse(merchant), HubJson.Options);
    }

    private static async Task<IResult> CreateMerchantAsync(HttpRequest request, TenantAdmin admin, MerchantScope scope, CancellationToken ct)
    {
        var body = await BodyReader.ReadAsync(request, ct);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var name = body.Value!.String("name", required: true, maxLength: 200);
        if (body.Value.HasErrors)
        {
            return body.Value.ToError().ToProblem();
        }

        var merchant = await admin.CreateMerchantAsync(scope.TenantId!.Value, name!, ct);
        return Results.Json(ToResponse(merchant), HubJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListKeysAsync(HttpRequest request, HubDbContext db, MerchantScope scope, CancellationToken ct)
    {
        var page = PageRequest.From(request);
        if (!page.IsSuccess)
        {
            return page.Error!.ToProblem();
        }

        var query = db.ApiKeys.AsNoTracking().Where(k => k.TenantId == scope.TenantId && k.Livemode == scope.Livemode);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(k => k.Id).Skip(page.Value!.Skip).Take(page.Value.PageSize).ToListAsync(ct);
        return Results.Json(new Page<ApiKeyResponse>([.. rows.Select(k => ToResponse(k, null))], page.Value, total), HubJson.Options);
    }

    private static async Task<IResult> CreateKeyAsync(HttpRequest request, HubDbContext db, TenantAdmin admin, MerchantScope scope, CancellationToken ct)
    {
        var body = await BodyReader.ReadAsync(request, ct);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var merchantText = body.Value!.String("merchantId", maxLength: 40);
        var description = body.Value.String("description", maxLength: 200);
        Guid? merchantId = null;
        if (merchantText is not null)
        {
            // The database filter keeps this to the caller's tenant: another tenant's merchant is "not found".
            if (!PublicId.TryParse(PublicId.Merchant, merchantText, out var guid) || !await db.Merchants.AnyAsync(m => m.Id == guid, ct))
            {
                return ApiError.NotFound($"No merchant {merchantText}.").ToProblem();
            }

            merchantId = guid;
        }

        if (body.Value.HasErrors)
        {
            return body.Value.ToError().ToProblem();
        }

        var composed = await admin.CreateKeyAsync(scope.TenantId!.Value, merchantId, scope.Livemode, description, ct);
        PublicId.TryParse(PublicId.ApiKey, composed[..composed.IndexOf('.', StringComparison.Ordinal)], out var keyId);
        var key = await db.ApiKeys.AsNoTracking().FirstAsync(k => k.Id == keyId, ct);
        return Results.Json(ToResponse(key, composed), HubJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeKeyAsync(string id, HubDbContext db, MerchantScope scope, ApiKeyCache cache, TimeProvider clock,
        CancellationToken ct)
    {
        var key = PublicId.TryParse(PublicId.ApiKey, id, out var guid)
            ? await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == guid && k.TenantId == scope.TenantId, ct)
            : null;
        if (key is null)
        {
            return ApiError.NotFound($"No API key {id}.").ToProblem();
        }

        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        cache.Invalidate(key.Id); // at once here; other instances within ApiKeyCache.TimeToLive
        return Results.Json(ToResponse(key, null), HubJson.Options);
    }

    private static MerchantResponse ToResponse(Merchant m) =>
        new(PublicId.Format(PublicId.Merchant, m.Id), "merchant", m.Name, PublicId.Format(PublicId.Tenant, m.TenantId), m.CreatedAt);

    private static ApiKeyResponse ToResponse(ApiKey k, string? composed) => new(
        PublicId.Format(PublicId.ApiKey, k.Id), "api_key", k.MerchantId is { } m ? PublicId.Format(PublicId.Merchant, m) : null,
        k.MerchantId is null ? "tenant" : "merchant", k.Livemode, k.Description, composed, k.CreatedAt, k.RevokedAt);
}

internal sealed record MerchantResponse(string Id, string Object, string Name, string TenantId, DateTimeOffset CreatedAt);

/// <summary>An API key; <see cref="Key"/> ("key_….sk_…") only in the creation reply.</summary>
internal sealed record ApiKeyResponse(string Id, string Object, string? MerchantId, string Kind, bool Livemode,
    string? Description, string? Key, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
