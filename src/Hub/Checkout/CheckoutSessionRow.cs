namespace Hub.Checkout;

/// <summary>
/// A hosted checkout session (cs_…): what the payer is asked to pay, where they go back to, and the one payment the
/// page made for it. The unguessable id is the page's only credential, as with Stripe Checkout.
/// </summary>
internal sealed class CheckoutSessionRow
{
    public Guid Id { get; set; }

    public Guid MerchantId { get; set; }

    public bool Livemode { get; set; }

    /// <summary><see cref="CheckoutStatus"/>: open, complete or expired.</summary>
    public required string Status { get; set; }

    public long Amount { get; set; }

    public required string Currency { get; set; }

    public required string ReturnUrl { get; set; }

    public string? Description { get; set; }

    public string? ExternalId { get; set; }

    /// <summary>The methods the merchant allows on the page (API words); empty: every one it can take.</summary>
    public List<string> Methods { get; set; } = [];

    public CheckoutPayer? Payer { get; set; }

    /// <summary>The page's latest payment; a new one is made only once this one ended without being paid.</summary>
    public Guid? PaymentId { get; set; }

    /// <summary>How many payments the page made: the next one's idempotency key is derived from it.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public uint Version { get; set; }
}

/// <summary>What the merchant already knows of the payer, passed on to the payment (the phone prefills the page).</summary>
internal sealed record CheckoutPayer(string? Phone, string? Name, string? Email, string? DocumentType, string? DocumentNumber);

/// <summary>A session's statuses, in the API's words.</summary>
internal static class CheckoutStatus
{
    public const string Open = "open";
    public const string Complete = "complete";
    public const string Expired = "expired";
}
