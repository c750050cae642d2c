using Hub.Common;
using Hub.Persistence;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Hub.Callbacks;

/// <summary>Callbacks in: the public intake route and the operators' list.</summary>
internal static class CallbacksModule
{
    public static IServiceCollection AddCallbacks(this IServiceCollection services) => services.AddCallbackRateLimiting();

    public static void MapCallbacks(this IEndpointRouteBuilder app)
    {
        // Public (no API key): the connector verifies the provider's own signature or token. Pix appends "/pix".
        app.MapMethods("/v1/callbacks/{connector}/{account}/{**rest}", ["POST", "PUT", "GET"],
                (string connector, string account, HttpContext http, CallbackIntake intake, CancellationToken ct) =>
                    intake.HandleAsync(http, connector, account, ct))
            .WithTags("Callbacks")
            .WithSummary("Provider callbacks (public; verified by the connector)")
            .RequireRateLimiting(CallbackRateLimitPolicy.Name) // per source and connector, before the body is read
            .AllowAnonymous();

        app.MapGet("/v1/callbacks", ListAsync)
            .WithTags("Callbacks")
            .WithSummary("Recent callbacks with their verdicts (a tenant key sees all its merchants', a merchant key its own)");
    }

    private static async Task<IResult> ListAsync(HttpRequest request, HubDbContext db, MerchantScope scope, CancellationToken ct)
    {
        var page = PageRequest.From(request);
        if (!page.IsSuccess)
        {
            return page.Error!.ToProblem();
        }

        // Merchants are filtered to the caller's tenant by the database filter; a merchant key narrows to its own.
        var merchants = scope.MerchantId is { } own
            ? [own]
            : await db.Merchants.Select(m => m.Id).ToListAsync(ct);
        var query = db.Callbacks.AsNoTracking()
            .Where(c => c.MerchantId != null && merchants.Contains(c.MerchantId.Value) && c.Livemode == scope.Livemode);
        if (request.Query["verdict"].ToString() is { Length: > 0 } verdict)
        {
            query = query.Where(c => c.Verdict == verdict);
        }

        if (request.Query["connector"].ToString() is { Length: > 0 } connector)
        {
            query = query.Where(c => c.Connector == connector);
        }

        if (request.Query["paymentId"].ToString() is { Length: > 0 } paymentId)
        {
            query = PublicId.TryParse(PublicId.Payment, paymentId, out var pid)
                ? query.Where(c => c.PaymentId == pid)
                : query.Where(_ => false);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.ReceivedAt).Skip(page.Value!.Skip).Take(page.Value.PageSize).ToListAsync(ct);
        return Results.Json(new Page<CallbackResponse>([.. rows.Select(ToResponse)], page.Value, total), HubJson.Options);
    }

    private static CallbackResponse ToResponse(CallbackRow c) => new(
        PublicId.Format(PublicId.Callback, c.Id), "callback", c.Connector,
        c.ConnectorAccountId is { } a ? PublicId.Format(PublicId.ConnectorAccount, a) : null,
        c.PaymentId is { } p ? PublicId.Format(PublicId.Payment, p) : null,
        c.Method, c.Path, c.Query, c.Headers, c.Body, c.Verdict, c.Detail, c.ResponseStatus, c.ProviderEventId,
        c.ProviderReference, c.ReceivedAt);
}

internal sealed record CallbackResponse(string Id, string Object, string Connector, string? ConnectorAccountId,
    string? PaymentId, string Method, string Path, string? Query, IReadOnlyDictionary<string, string> Headers, string? Body,
    string Verdict, string? Detail, int ResponseStatus, string? ProviderEventId, string? ProviderReference,
    DateTimeOffset ReceivedAt);
