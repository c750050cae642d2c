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
    /// it; it fetches the status from the provider and applies what the provider answers.
    /// </summary>
    Unsigned,
}

/// <summary>How a connector describes itself to the hub.</summary>
public sealed record ConnectorDescriptor
{
    /// <summary>The connector id, one of <see cref="ConnectorIds"/>: "mtn_momo".</summary>
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

    /// <summary>What it can do beyond create and status.</summary>
    public required ConnectorCapabilities Capabilities { get; init; }

    /// <summary>Whether its callbacks are signed, or only hints to re-query.</summary>
    public required CallbackTrust CallbackTrust { get; init; }

    /// <summary>Smallest amount in minor units, when the provider publishes one (none do today).</summary>
    public long? MinAmount { get; init; }

    /// <summary>Largest amount in minor units, when the provider publishes one.</summary>
    public long? MaxAmount { get; init; }

    /// <summary>
    /// The credential names the account must carry (for validation and masking), e.g. "apiUser", "apiKey",
    /// "subscriptionKey". Their values are secrets: never logged, never returned.
    /// </summary>
    public IReadOnlyList<string> RequiredCredentials { get; init; } = [];

    /// <summary>
    /// The phone-number prefixes, in E.164 without the "+", that route mobile money to this connector when the
    /// request names no provider: "23767", "237650". The longest matching prefix wins among connectors.
    /// </summary>
    public IReadOnlyList<string> PhonePrefixes { get; init; } = [];

    /// <summary>Whether the descriptor declares <paramref name="capability"/>.</summary>
    public bool Has(ConnectorCapabilities capability) => (Capabilities & capability) == capability;
}
