namespace Connectors.Abstractions;

/// <summary>What a connector can do. A capability that is not declared is refused early by the hub with a clear
/// error (<c>CANCEL_NOT_SUPPORTED</c>, <c>NO_ROUTE</c>); it is never discovered by catching an exception.</summary>
[Flags]
public enum ConnectorCapabilities
{
    /// <summary>Nothing beyond creating a payment and reading its status.</summary>
    None = 0,

    /// <summary>Full refunds (<see cref="IRefundConnector"/>).</summary>
    Refund = 1 << 0,

    /// <summary>Refunds of part of the amount, possibly repeated.</summary>
    PartialRefund = 1 << 1,

    /// <summary>Payouts (<see cref="IPayoutConnector"/>).</summary>
    Payout = 1 << 2,

    /// <summary>Cancelling a payment before it is paid (<see cref="ICancelConnector"/>).</summary>
    Cancel = 1 << 3,

    /// <summary>Capturing an authorization (<see cref="ICaptureConnector"/>).</summary>
    Capture = 1 << 4,

    /// <summary>Looking up an account holder (<see cref="IAccountHolderConnector"/>).</summary>
    AccountHolder = 1 << 5,

    /// <summary>The provider posts callbacks.</summary>
    Callbacks = 1 << 6,

    /// <summary>The provider answers status queries (sync and reconciliation).</summary>
    Polling = 1 << 7,

    /// <summary>The provider reports disputes on paid payments in its status answers (<see cref="PaymentResult.Chargebacks"/>).</summary>
    Chargebacks = 1 << 8,

    /// <summary>
    /// No provider decides: payments wait in <c>under_review</c> until the merchant or its tenant approves (→ paid) or
    /// rejects (→ failed) them, and each carries a <see cref="CreatePaymentRequest.TransactionReference"/> (bank
    /// transfers and wallets outside any provider API).
    /// </summary>
    ManualApproval = 1 << 9,
}

/// <summary>Whether a provider's callbacks can be trusted on their own.</summary>
public enum CallbackTrust
{
    /// <summary>
    /// The provider signs its callbacks (HMAC, token): once the connector verified one, its status is applied.
    /// </summary>
    Signed,

    /// <summary>
    /// The provider does not sign (MTN MoMo, Cielo): a callback is only a hint. The hub never moves a payment by
    /// it; it fetches the status from the provider and applies what the provider answers, whatever the connector's
    /// verification says.
    /// </summary>
    Unsigned,
}

/// <summary>
/// The smallest and largest amount a connector takes in one currency. Absent bounds are no bound. Both, when given,
/// are in <see cref="Currency"/>.
/// </summary>
public sealed record CurrencyLimit
{
    /// <summary>Creates a limit; a bound in another currency is refused.</summary>
    public CurrencyLimit(Currency currency, Money? min = null, Money? max = null)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if ((min is { } a && a.Currency != currency) || (max is { } b && b.Currency != currency))
        {
            throw new ArgumentException($"a {currency.Code} limit takes {currency.Code} bounds");
        }

        Currency = currency;
        Min = min;
        Max = max;
    }

    /// <summary>The currency.</summary>
    public Currency Currency { get; }

    /// <summary>The smallest amount, inclusive.</summary>
    public Money? Min { get; }

    /// <summary>The largest amount, inclusive.</summary>
    public Money? Max { get; }

    /// <summary>Whether <paramref name="amount"/> (in this currency) is within the bounds.</summary>
    public bool Allows(Money amount) =>
        amount.Currency == Currency && (Min is not { } min || amount >= min) && (Max is not { } max || amount <= max);
}

/// <summary>How a connector describes itself to the hub.</summary>
public sealed record ConnectorDescriptor
{
    /// <summary>
    /// The connector id, lowercase with underscores: "mtn_momo". It is the connector's own word: the hub keeps no
    /// list of ids, and routes, stores and publishes whatever loaded plug-ins declare. Two plug-ins may not share one.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>A human name: "MTN Mobile Money".</summary>
    public required string DisplayName { get; init; }

    /// <summary>The connector's own version, "1.0.0".</summary>
    public required string Version { get; init; }

    /// <summary>The payment methods it takes.</summary>
    public required IReadOnlyList<PaymentMethod> Methods { get; init; }

    /// <summary>ISO 3166-1 alpha-2 countries it serves: "CM", "RW".</summary>
    public required IReadOnlyList<string> Countries { get; init; }

    /// <summary>ISO 4217 currencies it settles: "XAF".</summary>
    public required IReadOnlyList<string> Currencies { get; init; }

    /// <summary>
    /// Amount limits per currency, where the provider publishes them (a currency without an entry has none). The hub
    /// routes around a connector whose limit an amount breaks, and <c>GET /v1/payment-methods</c> shows them.
    /// </summary>
    public IReadOnlyList<CurrencyLimit> Limits { get; init; } = [];

    /// <summary>What it can do beyond create and status.</summary>
    public required ConnectorCapabilities Capabilities { get; init; }

    /// <summary>Whether its callbacks are signed, or only hints to re-query.</summary>
    public required CallbackTrust CallbackTrust { get; init; }

    /// <summary>The credentials and settings an account needs (validated and published by the hub).</summary>
    public required AccountSchema Account { get; init; }

    /// <summary>
    /// The phone-number prefixes, in E.164 without the "+", that route mobile money to this connector when the
    /// request names no provider: "23767", "237650". The longest matching prefix wins among connectors; accounts with
    /// the same prefix are ordered by their priority.
    /// </summary>
    public IReadOnlyList<string> PhonePrefixes { get; init; } = [];

    /// <summary>Whether the descriptor declares <paramref name="capability"/>.</summary>
    public bool Has(ConnectorCapabilities capability) => (Capabilities & capability) == capability;

    /// <summary>The limit for <paramref name="currency"/>, or null when there is none.</summary>
    public CurrencyLimit? LimitFor(Currency currency) => Limits.FirstOrDefault(l => l.Currency == currency);
}
