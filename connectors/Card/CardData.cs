using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Card;

/// <summary>Where a create stands: the POST may have gone (look the sale up first), or Cielo answered.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CardStage>))]
internal enum CardStage
{
    /// <summary>Saved just before POST /1/sales/: a resumed create looks up ?merchantOrderId= before any re-POST.</summary>
    Posting,

    /// <summary>Cielo answered with its PaymentId.</summary>
    Created,
}

/// <summary>
/// The payment's connector data: the create's stage and Cielo's PaymentId. Never a card number, a CVC or a secret.
/// </summary>
internal sealed record CardData
{
    [JsonPropertyName("stage")]
    public required CardStage Stage { get; init; }

    [JsonPropertyName("paymentId")]
    public string? PaymentId { get; init; }

    public string Serialize() => JsonSerializer.Serialize(this, CardJsonContext.Default.CardData);

    public static CardData? Parse(string? data)
    {
        if (string.IsNullOrWhiteSpace(data))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(data, CardJsonContext.Default.CardData);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Where a refund (a void with an amount) stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CardRefundStage>))]
internal enum CardRefundStage
{
    /// <summary>Saved just before PUT …/void: a retry first checks Payment.VoidedAmount against <see cref="CardRefundData.Target"/>.</summary>
    Voiding,

    /// <summary>Cielo confirmed the void.</summary>
    Voided,
}

/// <summary>
/// A refund's connector data: the sale's PaymentId, and the VoidedAmount the sale shows once this refund is applied
/// (what it showed before plus the refund's amount), so a retry or a status query can tell whether it happened.
/// </summary>
internal sealed record CardRefundData
{
    [JsonPropertyName("stage")]
    public required CardRefundStage Stage { get; init; }

    [JsonPropertyName("paymentId")]
    public required string PaymentId { get; init; }

    [JsonPropertyName("target")]
    public required long Target { get; init; }

    public string Serialize() => JsonSerializer.Serialize(this, CardJsonContext.Default.CardRefundData);

    public static CardRefundData? Parse(string? data)
    {
        if (string.IsNullOrWhiteSpace(data))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(data, CardJsonContext.Default.CardRefundData);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
