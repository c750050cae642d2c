using Hub.Common;
using Hub.Persistence;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Hub.Operations;

/// <summary>
/// GET /v1/anomalies: what an operator must look at (a provider success after the hub ended a payment otherwise).
/// Operator keys do not exist yet, so a tenant key reads its own merchants' anomalies, in its mode; a merchant key
/// gets 403. Newest first.
/// </summary>
internal static class AnomaliesApi
{
    public static void MapAnomalies(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/anomalies", ListAsync).WithTags("Operations")
            .WithSummary("Payment anomalies of the tenant's merchants (tenant key): a provider success after expired, failed or canceled");

    private static async Task<IResult> ListAsync(HttpRequest request, HubDbContext db, MerchantScope scope, CancellationToken ct)
    {
        if (scope.TenantId is not { } tenantId)
        {
            return ApiError.AuthRequired().ToProblem();
        }

        if (!scope.IsTenantKey)
        {
            return ApiError.Forbidden("Anomalies are listed with a tenant key.").ToProblem();
        }

        var page = PageRequest.From(request);
        if (!page.IsSuccess)
        {
            return page.Error!.ToProblem();
        }

        var query = from a in db.Anomalies.AsNoTracking()
                    join m in db.Merchants on a.MerchantId equals m.Id
                    where m.TenantId == tenantId && a.Livemode == scope.Livemode
                    orderby a.CreatedAt descending, a.Id descending
                    select a;
        var total = await query.CountAsync(ct);
        var rows = await query.Skip(page.Value!.Skip).Take(page.Value.PageSize).ToListAsync(ct);
        return Results.Json(new Page<AnomalyResponse>([.. rows.Select(ToResponse)], page.Value, total), HubJson.Options);
    }

    private static AnomalyResponse ToResponse(AnomalyRow a) => new(
        PublicId.Format("anm", a.Id), "anomaly", a.Kind, PublicId.Format(PublicId.Merchant, a.MerchantId),
        PublicId.Format(PublicId.Payment, a.PaymentId), a.PaymentStatus, a.ReportedStatus, a.Source, a.Provider,
        a.ProviderStatus, a.Livemode, a.CreatedAt);
}

internal sealed record AnomalyResponse(string Id, string Object, string Kind, string MerchantId, string PaymentId,
    string PaymentStatus, string ReportedStatus, string Source, string Provider, string? ProviderStatus, bool Livemode,
    DateTimeOffset CreatedAt);
