using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.IremboPay;

/// <summary>How far a create got: saved before each step, so a resumed create never repeats one that may have happened.</summary>
internal static class IremboPayStage
{
    /// <summary>The invoice POST is about to go (or went, with no reply): GET by transactionId before anything else.</summary>
    public const string Invoicing = "invoicing";

    /// <summary>The invoice exists; no push was sent.</summary>
    public const string Invoiced = "invoiced";

    /// <summary>The push is about to go (or went): never sent again.</summary>
    public const string Pushing = "pushing";

    /// <summary>The push was accepted.</summary>
    public const string Pushed = "pushed";

    /// <summary>The connector expired the invoice itself (cancel, or after a rejected push).</summary>
    public const string Closed = "closed";
}

/// <summary>Why the connector closed an invoice.</summary>
internal static class IremboPayClosure
{
    public const string Canceled = "canceled";
    public const string PushRejected = "push_rejected";
}

/// <summary>
/// The connector data of an IremboPay payment: the invoice number (also the provider transaction id), the stage of the
/// create, the push's provider, the checkout link, and why the connector closed the invoice, if it did. No phone, no
/// secret. Small JSON, far under the hub's limit.
/// </summary>
internal sealed record IremboPayData
{
    [JsonPropertyName("v")]
    public int Version { get; init; } = 1;

    [JsonPropertyName("stage")]
    public required string Stage { get; init; }

    [JsonPropertyName("invoiceNumber")]
    public string? InvoiceNumber { get; init; }

    /// <summary>MTN or AIRTEL, for a mobile-money invoice.</summary>
    [JsonPropertyName("provider")]
    public string? Provider { get; init; }

    [JsonPropertyName("link")]
    public string? PaymentLinkUrl { get; init; }

    /// <summary><see cref="IremboPayClosure"/>, once the connector closed the invoice.</summary>
    [JsonPropertyName("closed")]
    public string? Closure { get; init; }

    /// <summary>The push error that made the connector close it.</summary>
    [JsonPropertyName("code")]
    public string? ErrorCode { get; init; }

    /// <summary>IremboPay's paymentReference of a paid invoice (MP-123).</summary>
    [JsonPropertyName("paymentReference")]
    public string? PaymentReference { get; init; }

    /// <summary>MTN_MOMO, AIRTEL_MONEY, BK…, of a paid invoice.</summary>
    [JsonPropertyName("paymentMethod")]
    public string? PaymentMethod { get; init; }

    /// <summary>The data stored for a payment, or null when there is none or it is not ours.</summary>
    public static IremboPayData? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, IremboPayJsonContext.Default.IremboPayData);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string Serialize() => JsonSerializer.Serialize(this, IremboPayJsonContext.Default.IremboPayData);
}
