using Hub.Common;
using Hub.Tenancy;

namespace Hub.Events;

/// <summary>/v1/events (API.md, "Webhooks out"): merchant-scoped, 404 outside the scope.</summary>
internal static class EventsApi
{
    public static void MapEvents(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/v1/events").WithTags("Events").RequireMerchant();

        events.MapGet("/", async (HttpRequest request, EventService service, CancellationToken ct) =>
            (await service.ListAsync(request, ct)).ToHttp())
            .WithSummary("List events, newest first (type, createdAtGte, createdAtLte, page, pageSize)");

        events.MapGet("/{id}", async (string id, EventService service, CancellationToken ct) =>
            (await service.GetAsync(id, ct)).ToHttp());

        events.MapPost("/{id}/redeliver", async (string id, string? endpointId, EventService service, CancellationToken ct) =>
            (await service.RedeliverAsync(id, endpointId, ct)).ToHttp(StatusCodes.Status202Accepted))
            .WithSummary("Send the event again to every active matching endpoint, or to ?endpointId=");
    }
}
