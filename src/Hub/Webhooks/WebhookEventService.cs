using System.Globalization;
using System.Text.Json;
using Hub.Common;
using Hub.Payments;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hub.Webhooks;

/// <summary>The merchant's events (the outbox as the API shows it), and redelivery by hand.</summary>
[ScopedService]
internal sealed class WebhookEventService(HubDbContext db, TimeProvider clock)
{
    public async Task<Result<Page<EventResponse>>> ListAsync(HttpRequest request, CancellationToken ct)
    {
        var page = PageRequest.From(request);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = db.Events.AsNoTracking();
        var types = Split(request.Query["type"].ToString());
        if (types.FirstOrDefault(t => !WebhookEventTypes.Known.Contains(t)) is { } unknown)
        {
            errors["type"] = [$"'{unknown}' is not an event type (payment.paid, refund.completed…)"];
        }
        else if (types.Count > 0)
        {
            query = query.Where(e => types.Contains(e.Type));
        }

        var (gte, lte) = ListFilters.CreatedRange(request, errors);
        if (gte is { } from)
        {
            query = query.Where(e => e.CreatedAt >= from);
        }

        if (lte is { } to)
        {
            query = query.Where(e => e.CreatedAt <= to);
        }

        if (errors.Count > 0)
        {
            return ApiError.Validation(errors);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.Sequence).Skip(page.Value!.Skip).Take(page.Value.PageSize).ToListAsync(ct);
        return new Page<EventResponse>([.. rows.Select(EventResponse.From)], page.Value, total);
    }

    public async Task<Result<EventResponse>> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) is { } row ? EventResponse.From(row) : NotFound(id);

    /// <summary>
    /// Sends the event again: to one endpoint, or to every active endpoint whose patterns match it. A delivery that
    /// already ended (succeeded or failed) starts over as pending with a fresh 24 h of retries; one still pending is
    /// left to its schedule. The (event, endpoint) pair is unique, so the delivery row is reused.
    /// </summary>
    public async Task<Result<RedeliveryResponse>> RedeliverAsync(string id, string? endpointId, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } ev)
        {
            return NotFound(id);
        }

        if (ev.FannedOutAt is null)
        {
            return ApiError.InvalidState($"Event {id} has not been sent a first time yet; it will be shortly.");
        }

        List<WebhookEndpointRow> endpoints;
        if (endpointId is not null)
        {
            var endpoint = PublicId.TryParse(PublicId.WebhookEndpoint, endpointId, out var endpointGuid)
                ? await db.WebhookEndpoints.FirstOrDefaultAsync(w => w.Id == endpointGuid, ct)
                : null;
            if (endpoint is null)
            {
                return ApiError.NotFound($"No webhook endpoint {endpointId}.");
            }

            if (endpoint.Status != WebhookEndpointService.Active)
            {
                return ApiError.InvalidState($"Webhook endpoint {endpointId} is {endpoint.Status}; activate it first.");
            }

            endpoints = [endpoint];
        }
        else
        {
            endpoints = [.. (await db.WebhookEndpoints.Where(w => w.Status == WebhookEndpointService.Active)
                    .Where(w => w.Livemode == ev.Livemode).ToListAsync(ct))
                .Where(w => WebhookEventTypes.Matches(w.Events, ev.Type))];
        }

        var endpointIds = endpoints.Select(w => w.Id).ToList();
        var existing = await db.WebhookDeliveries.Where(d => d.EventId == ev.Id && endpointIds.Contains(d.EndpointId))
            .ToDictionaryAsync(d => d.EndpointId, ct);
        var now = clock.GetUtcNow();
        var deliveries = new List<WebhookDeliveryRow>();
        foreach (var endpoint in endpoints)
        {
            if (!existing.TryGetValue(endpoint.Id, out var delivery))
            {
                delivery = new WebhookDeliveryRow
                {
                    Id = PublicId.NewGuid(clock),
                    EventId = ev.Id,
                    EventSequence = ev.Sequence,
                    EndpointId = endpoint.Id,
                    MerchantId = ev.MerchantId,
                    ObjectId = ev.ObjectId,
                    Status = WebhookDeliveryStatus.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                };
                db.WebhookDeliveries.Add(delivery);
            }
            else if (delivery.Status != WebhookDeliveryStatus.Pending)
            {
                delivery.Status = WebhookDeliveryStatus.Pending;
                delivery.Attempts = 0;
                delivery.NextAttemptAt = now;
                delivery.LastAttemptAt = null;
                delivery.LastStatusCode = null;
                delivery.LastError = null;
                delivery.CompletedAt = null;
                delivery.CreatedAt = now;
            }

            deliveries.Add(delivery);
        }

        await db.SaveChangesAsync(ct);
        return new RedeliveryResponse([.. deliveries.Select(d => WebhookDeliveryResponse.From(d, ev.Type))]);
    }

    private async Task<EventRow?> FindAsync(string id, CancellationToken ct) =>
        PublicId.TryParse(PublicId.Event, id, out var guid) ? await db.Events.FirstOrDefaultAsync(e => e.Id == guid, ct) : null;

    private static ApiError NotFound(string id) => ApiError.NotFound($"No event {id}.");

    private static List<string> Split(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

}

internal sealed record EventResponse(string Id, string Object, string Type, string CreatedAt, JsonElement Data)
{
    public static EventResponse From(EventRow row)
    {
        using var data = JsonDocument.Parse(row.Data);
        return new EventResponse(PublicId.Format(PublicId.Event, row.Id), "event", row.Type,
            PaymentResponses.Time(row.CreatedAt)!, data.RootElement.Clone());
    }
}

internal sealed record RedeliveryResponse(IReadOnlyList<WebhookDeliveryResponse> Data);
