using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Airtel;

/// <summary>What the connector keeps per object: Airtel's id, and a refund's final answer (Airtel has no refund enquiry).</summary>
internal sealed record AirtelObjectData
{
    [JsonPropertyName("airtelMoneyId")]
    public string? AirtelMoneyId { get; init; }

    /// <summary>A refund's answer, as the connector mapped it (Airtel has no refund enquiry): "Completed", "Failed"…</summary>
    [JsonPropertyName("refund")]
    public string? Refund { get; init; }

    /// <summary>Airtel's raw status or code of that answer.</summary>
    [JsonPropertyName("providerStatus")]
    public string? ProviderStatus { get; init; }

    /// <summary>A failed refund's canonical failure ("ProviderError") and raw code.</summary>
    [JsonPropertyName("failure")]
    public string? Failure { get; init; }

    [JsonPropertyName("failureCode")]
    public string? FailureCode { get; init; }

    public string Serialize() => JsonSerializer.Serialize(this, AirtelJsonContext.Default.AirtelObjectData);

    public static AirtelObjectData? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, AirtelJsonContext.Default.AirtelObjectData);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
