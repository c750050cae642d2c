using Connectors.Abstractions;

namespace Hub.Routing;

/// <summary>
/// What routing needs to know of a payment to pick its connector account: the amount, the method, the provider if
/// the merchant named one, the country and the payer's phone (E.164, for the operator's prefix). Routing is told
/// this by Payments and knows nothing else of it.
/// </summary>
internal sealed record RouteRequest(Money Amount, PaymentMethod Method, string? Provider, string? Country, string? Phone)
{
    /// <summary>What the connector must be able to do beyond taking the method (a payout, a manual approval).</summary>
    public ConnectorCapabilities Needs { get; init; }
}
