using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Hub.Routing;

/// <summary>
/// GET /v1/payment-methods?country=&amp;currency=&amp;amount=: what this merchant can take there, from its enabled
/// connector accounts whose plug-in is loaded — the same facts the router uses, so a listed method routes.
/// </summary>
internal static class PaymentMethodsApi
{
    public static void MapPaymentMethods(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/payment-methods", ListAsync)
            .WithTags("Payments")
            .WithSummary("The methods and providers this merchant can take, optionally for a country, currency and amount")
            .RequireMerchant();

    private static async Task<IResult> ListAsync(HttpRequest request, HubDbContext db, ConnectorRegistry registry, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var country = request.Query["country"].ToString() is { Length: > 0 } c ? c : null;
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
        {
            errors["country"] = ["must be an ISO 3166-1 alpha-2 code in upper case (CM, RW, BR)"];
        }

        var currency = request.Query["currency"].ToString() is { Length: > 0 } code ? code : null;
        if (currency is not null && !Currency.TryFromCode(currency, out _))
        {
            errors["currency"] = ["must be a supported ISO 4217 code in upper case"];
        }

        long? amount = null;
        if (request.Query["amount"].ToString() is { Length: > 0 } amountText)
        {
            if (long.TryParse(amountText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var a) && a > 0)
            {
                amount = a;
            }
            else
            {
                errors["amount"] = ["must be a positive integer in minor units"];
            }
        }

        if (errors.Count > 0)
        {
            return ApiError.Validation(errors).ToProblem();
        }

        var methods = await AvailableAsync(db, registry, country, currency, amount, ct);
        return Results.Json(methods, HubJson.Options);
    }

    /// <summary>
    /// What the merchant in scope can take (its enabled accounts whose plug-in is loaded), optionally for a country,
    /// currency and amount: this endpoint's answer, and what the hosted checkout page offers.
    /// </summary>
    internal static async Task<List<PaymentMethodResponse>> AvailableAsync(HubDbContext db, ConnectorRegistry registry,
        string? country, string? currency, long? amount, CancellationToken ct)
    {
        var connectors = await db.ConnectorAccounts.AsNoTracking().Where(a => a.Enabled)
            .Select(a => a.Connector).Distinct().ToListAsync(ct);
        return connectors
            .Select(id => registry.TryGet(id, out var loaded) ? loaded.Descriptor : null)
            .OfType<ConnectorDescriptor>()
            .Where(d => (country is null || d.Countries.Contains(country, StringComparer.Ordinal))
                && (currency is null || d.Currencies.Contains(currency, StringComparer.Ordinal))
                && (amount is null || currency is null || !Currency.TryFromCode(currency, out var c)
                    || d.LimitFor(c) is not { } limit || limit.Allows(new Money(amount.Value, c))))
            .SelectMany(d => d.Methods.Select(m => new PaymentMethodResponse(m.ToApiString(), d.Id,
                currency is null ? d.Currencies : [currency], Limit(d, currency)?.Min?.Minor, Limit(d, currency)?.Max?.Minor,
                CapabilityWords(d))))
            .OrderBy(m => m.Method, StringComparer.Ordinal).ThenBy(m => m.Provider, StringComparer.Ordinal)
            .ToList();
    }

    private static CurrencyLimit? Limit(ConnectorDescriptor d, string? currency) =>
        currency is not null && Currency.TryFromCode(currency, out var c) ? d.LimitFor(c) : null;

    // API.md's words for what a merchant can do after the payment: refund, payout, cancel, capture, account_holder.
    private static string[] CapabilityWords(ConnectorDescriptor d) =>
        [.. ConnectorsApi.CapabilityNames(d).Where(w => w is "refund" or "payout" or "cancel" or "capture" or "account_holder")];
}

internal sealed record PaymentMethodResponse(string Method, string Provider, IReadOnlyList<string> Currencies,
    long? MinAmount, long? MaxAmount, IReadOnlyList<string> Capabilities);
