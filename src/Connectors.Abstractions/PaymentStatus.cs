namespace Connectors.Abstractions;

/// <summary>The one status vocabulary of every provider; each connector maps its own statuses to these.</summary>
public enum PaymentStatus
{
    /// <summary>Recorded by the hub, not yet accepted by the provider.</summary>
    Created,

    /// <summary>Waiting for the payer (a PIN prompt, a QR code, a redirect).</summary>
    Pending,

    /// <summary>The provider is working on it, or the outcome is unknown until reconciliation settles it.</summary>
    Processing,

    /// <summary>A card authorization waiting for capture.</summary>
    Authorized,

    /// <summary>Waiting for a person: anti-fraud review, or a manual payment waiting for approval.</summary>
    UnderReview,

    /// <summary>The money moved.</summary>
    Paid,

    /// <summary>Final: the provider or the payer refused.</summary>
    Failed,

    /// <summary>Final: canceled before it was paid.</summary>
    Canceled,

    /// <summary>Final: the payer did not act in time.</summary>
    Expired,

    /// <summary>Final: the whole amount was returned.</summary>
    Refunded,

    /// <summary>Final: a dispute was lost.</summary>
    Chargedback,
}

/// <summary>
/// The one table of legal status moves. Nothing else decides whether a move is legal: a provider update
/// that would move backwards or repeat a status is recorded and changes nothing.
/// </summary>
public static class PaymentStatusTransitions
{
    /// <summary>Whether a payment in <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool IsAllowed(PaymentStatus from, PaymentStatus to) => from != to && from switch
    {
        PaymentStatus.Created => true,
        // A card in 3-D Secure is pending until the issuer answers: then authorized, or held for review.
        PaymentStatus.Pending => to is PaymentStatus.Processing or PaymentStatus.Authorized or PaymentStatus.UnderReview
            or PaymentStatus.Paid or PaymentStatus.Failed or PaymentStatus.Canceled or PaymentStatus.Expired,
        // An unknown outcome (a timed-out card sale) settles as whatever the provider did, authorize-only included.
        PaymentStatus.Processing => to is PaymentStatus.Authorized or PaymentStatus.UnderReview or PaymentStatus.Paid
            or PaymentStatus.Failed or PaymentStatus.Canceled or PaymentStatus.Expired,
        PaymentStatus.UnderReview => to is PaymentStatus.Authorized or PaymentStatus.Paid or PaymentStatus.Failed
            or PaymentStatus.Canceled,
        PaymentStatus.Authorized => to is PaymentStatus.Paid or PaymentStatus.Canceled or PaymentStatus.Failed
            or PaymentStatus.Expired,
        PaymentStatus.Paid => to is PaymentStatus.Refunded or PaymentStatus.Chargedback,
        PaymentStatus.Failed or PaymentStatus.Canceled or PaymentStatus.Expired or PaymentStatus.Refunded
            or PaymentStatus.Chargedback => false,
    };

    /// <summary>Whether no move leaves <paramref name="status"/>.</summary>
    public static bool IsFinal(PaymentStatus status) => status switch
    {
        PaymentStatus.Failed or PaymentStatus.Canceled or PaymentStatus.Expired or PaymentStatus.Refunded
            or PaymentStatus.Chargedback => true,
        PaymentStatus.Created or PaymentStatus.Pending or PaymentStatus.Processing or PaymentStatus.Authorized
            or PaymentStatus.UnderReview or PaymentStatus.Paid => false,
    };

    /// <summary>The API's word for a status: "under_review", "paid".</summary>
    public static string ToApiString(this PaymentStatus status) => status switch
    {
        PaymentStatus.Created => "created",
        PaymentStatus.Pending => "pending",
        PaymentStatus.Processing => "processing",
        PaymentStatus.Authorized => "authorized",
        PaymentStatus.UnderReview => "under_review",
        PaymentStatus.Paid => "paid",
        PaymentStatus.Failed => "failed",
        PaymentStatus.Canceled => "canceled",
        PaymentStatus.Expired => "expired",
        PaymentStatus.Refunded => "refunded",
        PaymentStatus.Chargedback => "chargedback",
    };

    /// <summary>Parses the API's word for a status.</summary>
    public static bool TryParseApiString(string? text, out PaymentStatus status)
    {
        foreach (var candidate in Enum.GetValues<PaymentStatus>())
        {
            if (string.Equals(candidate.ToApiString(), text, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
