using System.Text.Json;
using Hub.Common;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hub.Events;

/// <summary>The merchant's events (the outbox as the API shows it), and redelivery by hand.</summary>
[ScopedService]
internal sealed class EventService(HubDbContext db, IEventRedelivery redelivery)
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
        if (types.FirstOrDefault(t => !EventTypes.Known.Contains(t)) is { } unknown)
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

    /// <summary>Sends the event again (to one endpoint, or to every active matching one), once it was sent a first time.</summary>
    public async Task<Result<RedeliveryResponse>> RedeliverAsync(string id, string? endpointId, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } ev)
        {
            return NotFound(id);
        }

        if (await db.EventQueue.AnyAsync(q => q.EventId == ev.Id, ct))
        {
            return ApiError.InvalidState($"Event {id} has not been sent a first time yet; it will be shortly.");
        }

        return await redelivery.RedeliverAsync(ev, endpointId, ct);
    }

    private async Task<EventRow?> FindAsync(string id, CancellationToken ct) =>
        PublicId.TryParse(PublicId.Event, id, out var guid) ? await db.Events.FirstOrDefaultAsync(e => e.Id == guid, ct) : null;

    private static ApiError NotFound(string id) => ApiError.NotFound($"No event {id}.");

    private static List<string> Split(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>
/// Who sends an event again when a merchant asks (webhook delivery implements it), so that events know nothing of
/// their consumers.
/// </summary>
internal interface IEventRedelivery
{
    /// <summary>The event's deliveries, started over: to <paramref name="endpointId"/> or to every active matching endpoint.</summary>
    Task<Result<RedeliveryResponse>> RedeliverAsync(EventRow ev, string? endpointId, CancellationToken ct);
}

internal sealed record EventResponse(string Id, string Object, string Type, string CreatedAt, JsonElement Data)
{
    public static EventResponse From(EventRow row)
    {
        using var data = JsonDocument.Parse(row.Data);
        return new EventResponse(PublicId.Format(PublicId.Event, row.Id), "event", row.Type,
            ApiTime.Format(row.CreatedAt)!, data.RootElement.Clone());
    }
}

/// <summary>The deliveries a redelivery started (webhook deliveries, as their API shows them).</summary>
internal sealed record RedeliveryResponse(IReadOnlyList<object> Data);
