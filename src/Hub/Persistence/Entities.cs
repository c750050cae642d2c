using Connectors.Abstractions;

namespace Hub.Persistence;

internal sealed class Tenant
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class Merchant
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An API key. Only the SHA-256 of its secret is kept; the secret is shown once.</summary>
internal sealed class ApiKey
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Null for a tenant key.</summary>
    public Guid? MerchantId { get; set; }

    public bool Livemode { get; set; }

    public required byte[] SecretHash { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>A merchant's credentials at a provider; the credentials are encrypted at rest.</summary>
internal sealed class ConnectorAccountRow
{
    public Guid Id { get; set; }

    public Guid MerchantId { get; set; }

    public required string Connector { get; set; }

    /// <summary>Sandbox accounts are test objects, live accounts live ones.</summary>
    public bool Livemode { get; set; }

    public string? BaseUrl { get; set; }

    /// <summary>The credentials as JSON, protected by ASP.NET Core Data Protection (keys in this database).</summary>
    public required string ProtectedCredentials { get; set; }

    /// <summary>Masked credentials ("****9f2a") computed when written, so reading never decrypts.</summary>
    public Dictionary<string, string> CredentialHints { get; set; } = [];

    public Dictionary<string, string> Settings { get; set; } = [];

    public bool Enabled { get; set; } = true;

    /// <summary>Routing and failover order among a merchant's eligible accounts: lower first.</summary>
    public int Priority { get; set; } = 100;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}

internal sealed class Payment
{
    public Guid Id { get; set; }

    public Guid MerchantId { get; set; }

    public bool Livemode { get; set; }

    public PaymentStatus Status { get; set; }

    public long Amount { get; set; }

    public required string Currency { get; set; }

    public PaymentMethod Method { get; set; }

    public required string Provider { get; set; }

    public Guid ConnectorAccountId { get; set; }

    public required string ConnectorVersion { get; set; }

    /// <summary>The hub-chosen reference, stored before the first provider call and reused on every retry.</summary>
    public required string ProviderReference { get; set; }

    /// <summary>The provider's own id, when it differs.</summary>
    public string? ProviderTransactionId { get; set; }

    public string? ProviderStatus { get; set; }

    /// <summary>The connector's opaque per-payment data (contract 2.0), handed back on every later call; never read here.</summary>
    public string? ConnectorData { get; set; }

    /// <summary>The sum of this payment's completed refunds, in minor units.</summary>
    public long AmountRefunded { get; set; }

    public string? Country { get; set; }

    public string? PayerPhone { get; set; }

    public string? PayerName { get; set; }

    public string? PayerEmail { get; set; }

    public string? PayerDocumentType { get; set; }

    public string? PayerDocumentNumber { get; set; }

    /// <summary>Brand, bin, last4 and expiry only: never the number or the CVC.</summary>
    public CardSummary? Card { get; set; }

    public bool Capture { get; set; } = true;

    public int Installments { get; set; } = 1;

    public FailureInfo? Failure { get; set; }

    public NextActionInfo? NextAction { get; set; }

    public string? Description { get; set; }

    public string? ExternalId { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];

    public string? ReturnUrl { get; set; }

    public string? IdempotencyKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When the reconciler next asks the provider; null when nothing is left to ask.</summary>
    public DateTimeOffset? NextReconcileAt { get; set; }

    /// <summary>How many times the reconciler asked (the interval grows with it).</summary>
    public int ReconcileAttempts { get; set; }

    /// <summary>PostgreSQL's xmin: a callback and a poll racing each other cannot both win.</summary>
    public uint Version { get; set; }

    public List<PaymentStatusChange> StatusHistory { get; set; } = [];

    /// <summary>The request's options for its method ("pix": {"payerRequest"}), kept so a resumed create sends the same.</summary>
    public Dictionary<string, string> MethodOptions { get; set; } = [];

    /// <summary>The merchant asked to authenticate the payer (3-D Secure).</summary>
    public bool ThreeDSecure { get; set; }

    /// <summary>The payer's own reference of money sent outside any provider API; unique per merchant and mode.</summary>
    public string? TransactionReference { get; set; }

    /// <summary>The merchant's notes on a manual payment.</summary>
    public string? Notes { get; set; }

    /// <summary>How the money is shared between merchants of the tenant (API.md Splits); empty when not split.</summary>
    public List<PaymentSplit> Splits { get; set; } = [];

    /// <summary>Every connector account the create was sent to, in order (failover when one certainly did not receive it).</summary>
    public List<PaymentAttempt> Attempts { get; set; } = [];

    /// <summary>The amount with its currency, as connectors take it.</summary>
    public Money ToMoney() => new(Amount, Connectors.Abstractions.Currency.FromCode(Currency));
}

internal sealed class PaymentStatusChange
{
    public long Id { get; set; }

    public Guid PaymentId { get; set; }

    public PaymentStatus Status { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>"api", "provider", "callback", "sync", "reconciler"…; null for the creation.</summary>
    public string? Source { get; set; }

    public string? ProviderStatus { get; set; }

    public string? Reason { get; set; }
}

/// <summary>One try of a payment's create at one connector account: not_sent, unknown (no answer) or answered.</summary>
internal sealed record PaymentAttempt(string Connector, Guid ConnectorAccountId, string Outcome, DateTimeOffset At)
{
    public const string NotSent = "not_sent";
    public const string Unknown = "unknown";
    public const string Answered = "answered";
}

/// <summary>One merchant's share of a payment, and how much of it refunds have taken back.</summary>
internal sealed record PaymentSplit(Guid MerchantId, long Amount, bool ChargeFees, long AmountRefunded = 0);

/// <summary>One merchant's share of a refund.</summary>
internal sealed record RefundSplit(Guid MerchantId, long Amount);

internal sealed record CardSummary(string Brand, string Bin, string Last4, int ExpMonth, int ExpYear);

internal sealed record FailureInfo(string Code, string Message, string? ProviderCode);

internal sealed record NextActionInfo(string Type, string? Message, string? Url, string? QrCode, string? QrImageUrl,
    DateTimeOffset? ExpiresAt);

/// <summary>One idempotency key of one merchant in one mode: the request's fingerprint and, once done, the response.</summary>
internal sealed class IdempotencyRecord
{
    public Guid MerchantId { get; set; }

    /// <summary>Test and live keys of one merchant are separate namespaces: a key value may name one request in each.</summary>
    public bool Livemode { get; set; }

    public required string Key { get; set; }

    public required string Method { get; set; }

    public required string Path { get; set; }

    public required byte[] RequestHash { get; set; }

    public int? ResponseStatus { get; set; }

    public byte[]? ResponseBody { get; set; }

    public Dictionary<string, string> ResponseHeaders { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The request running the key now (a random id per request); null when none is.</summary>
    public Guid? LeaseOwner { get; set; }

    /// <summary>Until when <see cref="LeaseOwner"/> holds the key unless it renews; past it another request may take over.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}

/// <summary>Something about a payment an operator must look at; never deleted by the hub.</summary>
internal sealed class AnomalyRow
{
    /// <summary>The provider reported a success after the payment had ended otherwise (expired, failed, canceled).</summary>
    public const string LateSuccess = "late_success";

    public Guid Id { get; set; }

    public Guid MerchantId { get; set; }

    public bool Livemode { get; set; }

    public Guid PaymentId { get; set; }

    public required string Kind { get; set; }

    /// <summary>The payment's status when the report came (it is not changed).</summary>
    public required string PaymentStatus { get; set; }

    public required string ReportedStatus { get; set; }

    /// <summary>"callback", "sync", "reconciler"…</summary>
    public required string Source { get; set; }

    public required string Provider { get; set; }

    public string? ProviderStatus { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// An operator key: above tenants, for the hub's own administration (<c>/v1/admin/*</c>: plug-in reloads). Made by
/// the <c>create-operator-key</c> command, shown once, stored only as a SHA-256 hash.
/// </summary>
internal sealed class OperatorKey
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required byte[] SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
