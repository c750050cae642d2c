using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Pix;

/// <summary>
/// What the connector keeps per object: that a money-moving PUT has been sent (so a retry reads before it writes: a
/// reused devolução id is a 400), and the Pix's endToEndId once paid. Opaque to the hub; no secret.
/// </summary>
internal sealed record PixData
{
    /// <summary>The create, devolução or payout PUT has gone (or may have).</summary>
    [JsonPropertyName("sent")]
    public bool Sent { get; init; }

    /// <summary>The received Pix of a paid charge, or the refunded Pix of a devolução.</summary>
    [JsonPropertyName("e2e")]
    public string? EndToEndId { get; init; }

    public string Serialize() => JsonSerializer.Serialize(this, PixDataContext.Default.PixData);

    /// <summary>The data, or null when there is none or it is not ours.</summary>
    public static PixData? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, PixDataContext.Default.PixData);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PixData))]
internal sealed partial class PixDataContext : JsonSerializerContext;
