using System.Text.Json;
using System.Text.Json.Serialization;
using Hub.Common;
using Hub.Payments;
using Hub.Persistence;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Hub.Webhooks;

/// <summary>
/// A merchant's webhook endpoints. The secret is shown twice only: when the endpoint is created and when it is
/// rotated; it is kept encrypted, and never logged.
/// </summary>
[ScopedService]
internal sealed class WebhookEndpointService(
    HubDbContext db,
    MerchantScope scope,
    WebhookSecretProtector protector,
    WebhookAddressPolicy addresses,
    TimeProvider clock)
{
    public const string Active = "active";
    public const string Disabled = "disabled";

    /// <summary>How long the secret before a rotation still signs, so receivers can switch without losing a message.</summary>
    public static readonly TimeSpan PreviousSecretLifetime = TimeSpan.FromHours(24);

    public async Task<Result<WebhookEndpointResponse>> CreateAsync(BodyReader body, CancellationToken ct)
    {
        var url = body.String("url", required: true, maxLength: 2000);
        var events = ReadEvents(body, required: true);
        var description = body.String("description", maxLength: 500);
        var status = ReadStatus(body) ?? Active;
        await ValidateUrlAsync(body, url, ct);
        if (body.HasErrors)
        {
            return body.ToError();
        }

        var secret = WebhookSigner.NewSecret();
        var now = clock.GetUtcNow();
        var row = new WebhookEndpointRow
        {
            Id = PublicId.NewGuid(clock),
            MerchantId = scope.MerchantId!.Value,
            Livemode = scope.Livemode,
            Url = url!,
            Events = events!,
            Description = description,
            Status = status,
            DisabledReason = status == Disabled ? "disabled by the merchant" : null,
            ProtectedSecret = protector.Protect(secret),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.WebhookEndpoints.Add(row);
        await db.SaveChangesAsync(ct);
        return ToResponse(row, secret);
    }

    public async Task<Result<WebhookEndpointResponse>> UpdateAsync(string id, BodyReader body, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } row)
        {
            return NotFound(id);
        }

        var url = body.String("url", maxLength: 2000);
        var events = ReadEvents(body, required: false);
        var description = body.String("description", maxLength: 500);
        var status = ReadStatus(body);
        await ValidateUrlAsync(body, url, ct);
        if (body.HasErrors)
        {
            return body.ToError();
        }

        row.Url = url ?? row.Url;
        row.Events = events ?? row.Events;
        // An explicit null clears the description; leaving the field out keeps it.
        row.Description = body.Root.TryGetProperty("description", out _) ? description : row.Description;
        if (status is not null && status != row.Status)
        {
            row.Status = status;
            row.DisabledReason = status == Disabled ? "disabled by the merchant" : null;
        }

        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return ToResponse(row);
    }

    public async Task<Result<WebhookEndpointResponse>> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) is { } row ? ToResponse(row) : NotFound(id);

    public async Task<Page<WebhookEndpointResponse>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var query = db.WebhookEndpoints.AsNoTracking().OrderByDescending(w => w.Id);
        var total = await query.CountAsync(ct);
        var rows = await query.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new Page<WebhookEndpointResponse>([.. rows.Select(r => ToResponse(r))], page, total);
    }

    public async Task<Result<WebhookEndpointDeleted>> DeleteAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } row)
        {
            return NotFound(id);
        }

        // Deliveries keep pointing at the endpoint (their history stays readable), so it is retired, not removed;
        // the dispatcher fails what was still pending for it.
        row.DeletedAt = clock.GetUtcNow();
        row.Status = Disabled;
        row.DisabledReason = "deleted by the merchant";
        await db.SaveChangesAsync(ct);
        return new WebhookEndpointDeleted(id, "webhook_endpoint", true);
    }

    public async Task<Result<WebhookSecretRotated>> RotateSecretAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } row)
        {
            return NotFound(id);
        }

        var now = clock.GetUtcNow();
        var secret = WebhookSigner.NewSecret();
        row.ProtectedPreviousSecret = row.ProtectedSecret;
        row.PreviousSecretExpiresAt = now + PreviousSecretLifetime;
        row.ProtectedSecret = protector.Protect(secret);
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return new WebhookSecretRotated(id, "webhook_endpoint", secret, PaymentResponses.Time(row.PreviousSecretExpiresAt)!);
    }

    public async Task<Result<Page<WebhookDeliveryResponse>>> ListDeliveriesAsync(string id, PageRequest page,
        IReadOnlyList<string> statuses, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } endpoint)
        {
            return NotFound(id);
        }

        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpoint.Id);
        if (statuses.Count > 0)
        {
            query = query.Where(d => statuses.Contains(d.Status));
        }

        var total = await query.CountAsync(ct);
        var rows = await query
            .Join(db.Events, d => d.EventId, e => e.Id, (d, e) => new { Delivery = d, e.Type })
            .OrderByDescending(x => x.Delivery.EventSequence).ThenByDescending(x => x.Delivery.Id)
            .Skip(page.Skip).Take(page.PageSize)
            .ToListAsync(ct);
        return new Page<WebhookDeliveryResponse>([.. rows.Select(r => WebhookDeliveryResponse.From(r.Delivery, r.Type))], page, total);
    }

    internal async Task<WebhookEndpointRow?> FindAsync(string id, CancellationToken ct) =>
        PublicId.TryParse(PublicId.WebhookEndpoint, id, out var guid)
            ? await db.WebhookEndpoints.FirstOrDefaultAsync(w => w.Id == guid, ct)
            : null;

    private static ApiError NotFound(string id) => ApiError.NotFound($"No webhook endpoint {id}.");

    private async Task ValidateUrlAsync(BodyReader body, string? url, CancellationToken ct)
    {
        if (url is null)
        {
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            body.AddError("url", "must be an absolute http or https URL");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // Credentials in a URL end up in proxies' and receivers' logs; the signature is the authentication.
            body.AddError("url", "must not carry a user name or password");
        }
        else if (await addresses.CheckUrlAsync(uri, ct) is { } refusal)
        {
            body.AddError("url", refusal);
        }
    }

    private static List<string>? ReadEvents(BodyReader body, bool required)
    {
        if (!body.Root.TryGetProperty("events", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                body.AddError("events", "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            body.AddError("events", "must be an array of event types");
            return null;
        }

        var events = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var pattern = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (pattern is null || !WebhookEventTypes.IsValidPattern(pattern))
            {
                body.AddError($"events[{index}]", "must be an event type (payment.paid), a family (payment.*) or *");
            }
            else if (!events.Contains(pattern, StringComparer.Ordinal))
            {
                events.Add(pattern);
            }

            index++;
        }

        if (index == 0)
        {
            body.AddError("events", "must name at least one event type");
        }

        return events;
    }

    private static string? ReadStatus(BodyReader body)
    {
        var status = body.String("status", maxLength: 20);
        if (status is null or Active or Disabled)
        {
            return status;
        }

        body.AddError("status", "must be active or disabled");
        return null;
    }

    private static WebhookEndpointResponse ToResponse(WebhookEndpointRow row, string? secret = null) => new(
        PublicId.Format(PublicId.WebhookEndpoint, row.Id), "webhook_endpoint", row.Url, row.Events, row.Description,
        row.Status, row.DisabledReason, secret, PaymentResponses.Time(row.CreatedAt)!, PaymentResponses.Time(row.UpdatedAt)!);
}

internal sealed record WebhookEndpointResponse(
    string Id, string Object, string Url, IReadOnlyList<string> Events, string? Description, string Status,
    string? DisabledReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret,
    string CreatedAt, string UpdatedAt);

internal sealed record WebhookSecretRotated(string Id, string Object, string Secret, string PreviousSecretExpiresAt);

internal sealed record WebhookEndpointDeleted(string Id, string Object, bool Deleted);

internal sealed record WebhookDeliveryResponse(
    string Id, string Object, string EventId, string EventType, string EndpointId, string Status, int Attempts,
    string? NextAttemptAt, string? LastAttemptAt, int? LastStatusCode, string? LastError, string CreatedAt, string? CompletedAt)
{
    /// <summary>Deliveries have no id prefix in API.md's list yet; "whd" (webhook delivery) until one is chosen.</summary>
    public const string IdPrefix = "whd";

    public static WebhookDeliveryResponse From(WebhookDeliveryRow d, string eventType) => new(
        PublicId.Format(IdPrefix, d.Id), "webhook_delivery", PublicId.Format(PublicId.Event, d.EventId), eventType,
        PublicId.Format(PublicId.WebhookEndpoint, d.EndpointId), d.Status, d.Attempts,
        d.Status == WebhookDeliveryStatus.Pending ? PaymentResponses.Time(d.NextAttemptAt) : null,
        PaymentResponses.Time(d.LastAttemptAt), d.LastStatusCode, d.LastError, PaymentResponses.Time(d.CreatedAt)!,
        PaymentResponses.Time(d.CompletedAt));
}

/// <summary>A delivery's statuses, as stored and as the API shows them.</summary>
internal static class WebhookDeliveryStatus
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
