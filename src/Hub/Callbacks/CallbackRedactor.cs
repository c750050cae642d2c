using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Abstractions;

namespace Hub.Callbacks;

/// <summary>
/// What of a callback is kept for audit: secrets (signatures, tokens, keys) removed, card numbers cut to BIN and
/// last four, CVCs removed, phone numbers masked. The stored callback is evidence, never a leak.
/// </summary>
internal static partial class CallbackRedactor
{
    public const int MaxBodyChars = 64 * 1024;
    private const string Redacted = "[redacted]";

    // PostgreSQL's jsonb holds no U+0000 either: a hostile header (a NUL in a Content-Type's charset) is kept spelled out.
    public static Dictionary<string, string> Headers(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers.ToDictionary(h => h.Key, h => IsSecretName(h.Key) ? Redacted : h.Value.Replace("\0", "\\u0000", StringComparison.Ordinal),
            StringComparer.OrdinalIgnoreCase);

    public static string Query(IEnumerable<KeyValuePair<string, string>> query) => string.Join('&', query.Select(q =>
        $"{Uri.EscapeDataString(q.Key)}={(IsSecretName(q.Key) ? Redacted : Uri.EscapeDataString(q.Value))}"));

    public static string Body(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body);
        string redacted;
        try
        {
            var node = JsonNode.Parse(text);
            redacted = node is null ? text : Walk(node, null)?.ToJsonString() ?? "null";
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            // Not JSON, or JSON no object model takes (duplicate members): kept as text, card-like digits masked.
            redacted = CardLike().Replace(text, m => LooksLikeCard(m.Value) ? Masking.CardNumber(m.Value) : m.Value);
        }

        // PostgreSQL text holds no U+0000: a hostile body is still kept, with its NULs spelled out.
        redacted = redacted.Replace("\0", "\\u0000", StringComparison.Ordinal);
        return redacted.Length <= MaxBodyChars ? redacted : redacted[..MaxBodyChars] + "…[cut]";
    }

    private static JsonNode? Walk(JsonNode node, string? name)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj.ToList())
                {
                    obj[property.Key] = property.Value is null ? null : Walk(property.Value, property.Key);
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = array[i] is { } item ? Walk(item, name) : null;
                }

                return array;
            case JsonValue value:
                if (name is null)
                {
                    return value;
                }

                var raw = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                if (IsSecretName(name) || IsCvcName(name))
                {
                    return JsonValue.Create(Redacted);
                }

                if (IsPhoneName(name))
                {
                    return JsonValue.Create(Masking.Phone(raw));
                }

                return LooksLikeCard(raw) ? JsonValue.Create(Masking.CardNumber(raw)) : value;
            default:
                return node;
        }
    }

    private static bool IsSecretName(string name)
    {
        var n = name.ToLowerInvariant();
        return n.Contains("authorization", StringComparison.Ordinal) || n.Contains("signature", StringComparison.Ordinal)
            || n.Contains("token", StringComparison.Ordinal) || n.Contains("secret", StringComparison.Ordinal)
            || n.Contains("password", StringComparison.Ordinal) || n.Contains("hmac", StringComparison.Ordinal)
            || n.Contains("cookie", StringComparison.Ordinal) || n.EndsWith("key", StringComparison.Ordinal)
            || n == "pin";
    }

    private static bool IsCvcName(string name) =>
        name.ToLowerInvariant() is "cvc" or "cvv" or "cvv2" or "securitycode" or "security_code";

    private static bool IsPhoneName(string name)
    {
        var n = name.ToLowerInvariant();
        return n.Contains("phone", StringComparison.Ordinal) || n.Contains("msisdn", StringComparison.Ordinal)
            || n is "partyid" or "accountidentifier" or "subscriber_msisdn";
    }

    private static bool LooksLikeCard(string text)
    {
        if (text.Length is < 13 or > 19 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var d = text[text.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d = d * 2 > 9 ? (d * 2) - 9 : d * 2;
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex(@"(?<!\d)\d{13,19}(?!\d)")]
    private static partial Regex CardLike();
}
