using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Hub.Common;
using Hub.Idempotency;
using Hub.Payments;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Routing;
using Microsoft.EntityFrameworkCore;

namespace Hub.Checkout;

/// <summary>
/// The page's payments. Each goes through <see cref="PaymentCreator"/> exactly as <c>POST /v1/payments</c> does, under
/// an idempotency key derived from the session and the attempt ("checkout:cs_…:1"): a double click replays the first
/// answer, a second concurrent one waits (409), and a new payment is made only once the previous one ended unpaid.
/// The card's number and code pass through to the connector and are neither logged nor stored.
/// </summary>
[ScopedService]
internal sealed class CheckoutPayments(
    HubDbContext db, ConnectorRegistry registry, RouteSelector routes, PaymentCreator creator, TimeProvider clock)
{
    /// <summary>The methods the page offers: those the merchant can take for this amount, within the session's list.</summary>
    public async Task<IReadOnlyList<PaymentMethod>> OfferedAsync(CheckoutVisit visit, CancellationToken ct)
    {
        var available = await PaymentMethodsApi.AvailableAsync(db, registry, null, visit.Session.Currency, visit.Session.Amount, ct);
        return [.. NewCheckoutSessionReader.PageMethods
            .Where(m => available.Any(a => a.Method == m.ToApiString()))
            .Where(m => visit.Session.Methods.Count == 0 || visit.Session.Methods.Contains(m.ToApiString()))];
    }

    /// <summary>The operator of a phone number: the connector routing would pick for a mobile-money payment of the session.</summary>
    public async Task<Result<CheckoutOperator>> OperatorAsync(CheckoutVisit visit, string? phone, CancellationToken ct)
    {
        var region = NewPaymentReader.CurrencyCountry.GetValueOrDefault(visit.Session.Currency);
        if (phone is null || !PhoneNumberNormalizer.TryNormalize(phone, region, out var e164, out var country))
        {
            return ApiError.Validation("phone", "is not a valid phone number (use E.164, e.g. +237671234567)");
        }

        var route = await routes.SelectAsync(new RouteRequest(visit.Amount, PaymentMethod.MobileMoney, null, country, e164), ct);
        return route.IsSuccess
            ? new CheckoutOperator(route.Value!.Connector.Descriptor.Id, route.Value.Connector.Descriptor.DisplayName)
            : route.Error!;
    }

    public async Task<Result<PaymentResponse>> PayAsync(CheckoutVisit visit, BodyReader input, IdempotencyKey key, int attempt,
        CancellationToken ct)
    {
        var methodText = input.String("method", required: true, maxLength: 20);
        var offered = await OfferedAsync(visit, ct);
        PaymentMethod? method = methodText is not null && PaymentMethodNames.TryParseApiString(methodText, out var parsed)
            && offered.Contains(parsed) ? parsed : null;
        if (methodText is not null && method is null)
        {
            input.AddError("method", $"must be one of the methods this page offers: {string.Join(", ", offered.Select(m => m.ToApiString()))}");
        }

        var phone = input.String("phone", required: method == PaymentMethod.MobileMoney, maxLength: 32);
        var card = method == PaymentMethod.Card ? input.Object("card", required: true) : null;
        if (card is not null)
        {
            CheckNotExpired(card);
        }

        if (input.HasErrors)
        {
            return input.ToError();
        }

        var payment = PaymentRequest(visit, method!.Value, phone, card is not null ? input.Root.GetProperty("card") : null);
        var created = await creator.CreateAsync(BodyReader.FromObject(payment), key, ct);
        if (created.IsSuccess && PublicId.TryParse(PublicId.Payment, created.Value!.Id, out var paymentId))
        {
            // The session's latest payment; a late replay of an older attempt never moves it back.
            await db.CheckoutSessions.IgnoreQueryFilters()
                .Where(s => s.Id == visit.Session.Id && s.Attempts < attempt)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.PaymentId, paymentId).SetProperty(s => s.Attempts, attempt), ct);
        }

        return created;
    }

    /// <summary>The POST /v1/payments body the merchant would have sent for this session.</summary>
    private JsonElement PaymentRequest(CheckoutVisit visit, PaymentMethod method, string? phone, JsonElement? card)
    {
        var session = visit.Session;
        var payer = session.Payer;
        var body = new JsonObject
        {
            ["amount"] = session.Amount,
            ["currency"] = session.Currency,
            ["method"] = method.ToApiString(),
            ["payer"] = new JsonObject
            {
                ["phone"] = phone ?? payer?.Phone,
                ["name"] = payer?.Name,
                ["email"] = payer?.Email,
                ["documentType"] = payer?.DocumentType,
                ["documentNumber"] = payer?.DocumentNumber,
            },
            ["description"] = session.Description,
            ["externalId"] = session.ExternalId,
            ["returnUrl"] = session.ReturnUrl,
            ["metadata"] = new JsonObject { ["checkoutSession"] = visit.Id },
        };
        if (card is { } c)
        {
            body["card"] = JsonNode.Parse(c.GetRawText());
        }

        // The payment waits no longer than the page does (at least the minute payments require).
        var left = session.ExpiresAt - clock.GetUtcNow();
        if (left < TimeSpan.FromHours(1))
        {
            body["expiresInSeconds"] = Math.Max(60, (long)left.TotalSeconds);
        }

        RemoveNulls(body);
        return JsonSerializer.SerializeToElement(body);
    }

    /// <summary>The payment edge checks the number (Luhn), month and year; a card past its month is the page's to refuse.</summary>
    private void CheckNotExpired(BodyReader card)
    {
        if (card.Root.TryGetProperty("expMonth", out var m) && m.TryGetInt32(out var month) && month is >= 1 and <= 12
            && card.Root.TryGetProperty("expYear", out var y) && y.TryGetInt32(out var year))
        {
            var now = clock.GetUtcNow();
            if (year < now.Year || (year == now.Year && month < now.Month))
            {
                card.AddError("expYear", "the card has expired");
            }
        }
    }

    private static void RemoveNulls(JsonObject node)
    {
        foreach (var (name, value) in node.ToList())
        {
            if (value is null)
            {
                node.Remove(name);
            }
            else if (value is JsonObject child)
            {
                RemoveNulls(child);
            }
        }
    }
}

internal sealed record CheckoutOperator(string Provider, string Operator);
