using Hub.Common;
using Hub.Events;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hub.Webhooks;

/// <summary>
/// Sends an event again: to one endpoint, or to every active endpoint whose patterns match it. A delivery that
/// already ended (succeeded or failed) starts over as pending with a fresh 24 h of retries; one still pending is
/// left to its schedule. The (event, endpoint) pair is unique, so the delivery row is reused.
/// </summary>
internal sealed class WebhookRedelivery(HubDbContext db, TimeProvider clock) : IEventRedelivery
{
    public async Task<Result<RedeliveryResponse>> RedeliverAsync(EventRow ev, string? endpointId, CancellationToken ct)
    {
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
        return new RedeliveryResponse([.. deliveries.Select(d => (object)WebhookDeliveryResponse.From(d, ev.Type))]);
    }
}
