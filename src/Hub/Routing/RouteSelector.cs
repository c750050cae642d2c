using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Hub.Plugins;
using Microsoft.EntityFrameworkCore;

namespace Hub.Routing;

/// <summary>The connector and account a payment goes to.</summary>
internal sealed record PaymentRoute(LoadedConnector Connector, ConnectorAccountRow Account);

/// <summary>
/// Picks the connector accounts a payment may go to, in the order to try them, among the merchant's enabled accounts
/// (already scoped to the caller's merchant and mode by the database filters): the named provider's, else for mobile
/// money those whose connector declares a prefix of the phone, else those whose connector takes the method, currency
/// and country. Each list is ordered by the account's priority (lower first), then the longest prefix, then age: the
/// first is the route, the others the failover when the first certainly did not receive the request. A named provider
/// is not second-guessed by country: a sandbox's test numbers may be foreign.
/// </summary>
[ScopedService]
internal sealed class RouteSelector(HubDbContext db, ConnectorRegistry registry)
{
    public async Task<Result<PaymentRoute>> SelectAsync(RouteRequest payment, CancellationToken ct)
    {
        var all = await CandidatesAsync(payment, ct);
        return all.IsSuccess ? all.Value![0] : all.Error!;
    }

    /// <summary>Every eligible account in the order to try them; never empty on success.</summary>
    public async Task<Result<IReadOnlyList<PaymentRoute>>> CandidatesAsync(RouteRequest payment, CancellationToken ct)
    {
        var accounts = await db.ConnectorAccounts.AsNoTracking().Where(a => a.Enabled)
            .OrderBy(a => a.Priority).ThenBy(a => a.CreatedAt).ToListAsync(ct);
        var candidates = accounts
            .Select(a => registry.TryGet(a.Connector, out var c) ? new PaymentRoute(c, a) : null)
            .OfType<PaymentRoute>()
            .Where(r => Takes(r.Connector.Descriptor, payment) && Settles(r, payment.Amount.Currency.Code))
            .ToList();
        var needs = payment.Needs;
        var unable = needs != ConnectorCapabilities.None && candidates.Count > 0 && candidates.All(r => !r.Connector.Descriptor.Has(needs));
        candidates = [.. candidates.Where(r => r.Connector.Descriptor.Has(needs))];
        if (unable && payment.Provider is not null)
        {
            return ApiError.NoRoute($"{payment.Provider} cannot do this ({needs.ToString().ToLowerInvariant()}).");
        }

        if (payment.Provider is not null)
        {
            candidates = [.. candidates.Where(r => r.Connector.Descriptor.Id == payment.Provider)];
            return candidates.Count > 0
                ? candidates
                : ApiError.NoRoute(registry.TryGet(payment.Provider, out _)
                    ? $"No enabled {payment.Provider} account of this merchant takes {payment.Method.ToApiString()} in {payment.Amount.Currency.Code}{CountryText(payment)}."
                    : $"The {payment.Provider} connector is not loaded on this hub.");
        }

        if (payment.Method == PaymentMethod.MobileMoney && payment.Phone is { } phone)
        {
            var digits = phone.TrimStart('+');
            var byPhone = candidates
                .Select(r => (Route: r, Prefix: r.Connector.Descriptor.PhonePrefixes
                    .Where(p => digits.StartsWith(p, StringComparison.Ordinal)).MaxBy(p => p.Length)))
                .Where(x => x.Prefix is not null)
                .OrderBy(x => x.Route.Account.Priority)
                .ThenByDescending(x => x.Prefix!.Length)
                .ThenBy(x => x.Route.Account.CreatedAt)
                .Select(x => x.Route)
                .ToList();
            return byPhone.Count > 0
                ? byPhone
                : ApiError.NoRoute(PhoneNumbers.NoOperatorDetail(phone, payment.Amount.Currency.Code));
        }

        // A named provider or a phone prefix already says where; otherwise the country must be one the connector serves.
        var inCountry = candidates.Where(r => payment.Country is null
            || r.Connector.Descriptor.Countries.Contains(payment.Country, StringComparer.Ordinal)).ToList();
        return inCountry.Count > 0
            ? inCountry
            : ApiError.NoRoute($"No enabled connector account of this merchant takes {payment.Method.ToApiString()} in {payment.Amount.Currency.Code}{CountryText(payment)}.");
    }

    private static bool Takes(ConnectorDescriptor d, RouteRequest p) =>
        d.Methods.Contains(p.Method)
        && d.Currencies.Contains(p.Amount.Currency.Code, StringComparer.Ordinal)
        && (d.LimitFor(p.Amount.Currency) is not { } limit || limit.Allows(p.Amount));

    /// <summary>Whether this account settles the currency (an account in one country's environment may not take another's currency).</summary>
    private static bool Settles(PaymentRoute route, string currency)
    {
        var account = new ConnectorAccount
        {
            Id = Common.PublicId.Format(Common.PublicId.ConnectorAccount, route.Account.Id),
            Environment = route.Account.Livemode ? ConnectorEnvironment.Live : ConnectorEnvironment.Sandbox,
            BaseUrl = new Uri(route.Account.BaseUrl ?? "http://invalid.local", UriKind.Absolute),
            Credentials = new Dictionary<string, string>(),
            Settings = route.Account.Settings,
        };
        try
        {
            return route.Connector.Connector.AccountCurrencies(account).Contains(currency, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return route.Connector.Descriptor.Currencies.Contains(currency, StringComparer.Ordinal); // the plug-in's bug is not the payer's
        }
    }

    private static string CountryText(RouteRequest p) => p.Country is null ? "" : $" for {p.Country}";
}
