using System.Globalization;
using System.Text;
using CsCheck;

namespace Hub.Tests.Safety;

/// <summary>
/// CsCheck generators of hostile requests for <see cref="FuzzTests"/>: bodies (malformed JSON, duplicate members, wrong
/// types, huge numbers, deep nesting, U+0000 and lone surrogates, control characters, invalid UTF-8, overlong strings),
/// content types, path and query values (percent-encoded bytes, invalid UTF-8 included) and header values.
/// </summary>
internal static class HostileInput
{
    /// <summary>Member names the hub's bodies use, so that generated objects reach the validators, not only the parser.</summary>
    private static readonly string[] Fields =
    [
        "amount", "currency", "method", "provider", "payer", "phone", "name", "email", "documentNumber", "description",
        "metadata", "externalId", "expiresInSeconds", "returnUrl", "card", "number", "expiry", "cvc", "capture",
        "threeDSecure", "connector", "environment", "baseUrl", "credentials", "settings", "enabled", "priority", "url",
        "events", "reason", "seconds", "livemode", "merchantId", "splits", "accountHolderId", "percent", "country",
        "recipient", "status", "mode", "type", "id", "limit", "page", "transactionReference", "notes",
    ];

    private static readonly string[] Words =
    [
        "XAF", "BRL", "RWF", "USD", "xaf", "mobile_money", "card", "bank_transfer", "pix", "mtn_momo", "manual", "card",
        "sandbox", "production", "+237671234567", "+237 6 71 23 45 67", "4235647728025682", "12/2030", "123",
        "payment.*", "http://127.0.0.1:9/hook", "https://169.254.169.254/", "pay_01J9ZZZZZZZZZZZZZZZZZZZZZZ", "true",
    ];

    public static readonly Gen<string> HostileText = Any(
        (4, Gen.OneOf(Words)),
        (2, Gen.Char.Array[0, 40].Select(c => new string(c))),
        (2, Gen.Char['\0', '\u001f'].Array[1, 8].Select(c => "a" + new string(c) + "b")),
        (2, Gen.OneOf("\0", "x\0y", "\ud800", "a\udfffb", "\ud83d", "\u2028\u2029", "\ufeff", "\uffff", "é\u0301")),
        (1, Gen.Int[256, 70_000].Select(n => new string('x', n))),
        (1, Gen.Const("")));

    /// <summary>A JSON string literal; unescaped control characters and raw lone surrogates sometimes, escapes other times.</summary>
    private static readonly Gen<string> JsonString = Gen.Select(HostileText, Gen.Int[0, 3], (text, style) => style switch
    {
        0 => "\"" + text + "\"",
        1 => "\"" + Escape(text, all: true) + "\"",
        _ => System.Text.Json.JsonSerializer.Serialize(text),
    });

    private static readonly Gen<string> JsonNumber = Any(
        (3, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Int[-5, 100_000].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("1e400", "-1e400", "1e-400", "99999999999999999999999999999", "-0", "0.5", "1.0", "1E2",
            "9223372036854775808", "-9223372036854775809", "2147483648", "4294967296", "NaN", "Infinity", "01", "+1", ".5")),
        (1, Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture))));

    private static readonly Gen<string> Scalar = Any(
        (4, JsonString), (3, JsonNumber), (1, Gen.OneOf("true", "false", "null", "{}", "[]", "nul", "tru")));

    public static readonly Gen<string> Json = Value(4);

    private static Gen<string> Value(int depth) => depth == 0 ? Scalar : Any(
        (4, Scalar),
        (3, Object(depth - 1)),
        (1, Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")));

    private static Gen<string> Object(int depth) =>
        Gen.Select(Any((3, Gen.OneOf(Fields)), (1, HostileText.Select(t => Escape(t, all: false)))), Value(depth), (name, value) => (name, value))
            .Array[0, 8]
            .SelectMany(members => Gen.Bool.Select(duplicate =>
            {
                var parts = members.Select(m => "\"" + m.name + "\":" + m.value).ToList();
                if (duplicate && parts.Count > 0)
                {
                    parts.Add(parts[0]); // the same member twice
                }

                return "{" + string.Join(",", parts) + "}";
            }));

    /// <summary>A whole body as bytes: JSON (valid or hostile), broken JSON, deep nesting, invalid UTF-8, or nothing.</summary>
    public static readonly Gen<byte[]?> Body = Any(
        (8, Object(3).Select(Utf8)),
        (2, Json.Select(Utf8)),
        (2, Gen.Select(Object(3), Gen.Int[0, 100], (json, cut) => Utf8(json[..(json.Length * cut / 100)]))),
        (1, Gen.Select(Gen.Int[50, 5000], Gen.Bool, (n, array) =>
            Utf8(array ? new string('[', n) + new string(']', n) : string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n)))),
        (1, Gen.Byte.Array[0, 64].Select(b => (byte[]?)b)),
        (1, Gen.Select(Object(2), Gen.OneOf<byte[]>([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82]),
            (json, bad) => (byte[]?)[.. Encoding.UTF8.GetBytes(json[..^1]), .. Encoding.UTF8.GetBytes(",\"x\":\""), .. bad, .. "\"}"u8])),
        (1, Gen.Int[1, 3].Select(n => n == 1 ? Utf8("") : n == 2 ? Utf8("   ") : null)));

    public static readonly Gen<string?> ContentType = Any(
        (8, Gen.Const<string?>("application/json")),
        (3, Gen.OneOf<string?>(null, "text/plain", "application/json; charset=latin1", "application/json; charset=utf-16",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "*/*", "application/json;;;",
            "application/problem+json", "APPLICATION/JSON", "json", "application/json; charset=\"\0\"")));

    /// <summary>A path segment or query value, already percent-encoded (bytes that are not UTF-8 included).</summary>
    public static readonly Gen<string> UrlValue = Any(
        (4, HostileText.Select(t => Uri.EscapeDataString(ToValidUtf16(t)))),
        (2, Gen.Byte.Array[1, 12].Select(bytes => string.Concat(bytes.Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture))))),
        (1, Gen.OneOf("%00", "%ED%A0%80", "%C0%AF", "..", "%2e%2e%2f", "%2F", "%", "%G1", "-1", "0", "99999999999999999999")));

    public static readonly Gen<string> Query = Gen.Select(
            Gen.OneOf("status", "limit", "page", "pageSize", "createdAtGte", "createdAtLte", "verdict", "connector",
                "paymentId", "cursor", "externalId", "livemode", "x", "%00", "status[]").Select(n => n),
            UrlValue, (name, value) => name + "=" + value)
        .Array[0, 4].Select(parts => parts.Length == 0 ? "" : "?" + string.Join("&", parts));

    /// <summary>Header values HttpClient will send (no CR/LF): long, empty, odd.</summary>
    public static readonly Gen<string> HeaderValue = Any(
        (3, Gen.Char[' ', '~'].Array[0, 40].Select(c => new string(c))),
        (1, Gen.Int[200, 9000].Select(n => new string('k', n))),
        (1, Gen.OneOf("", " ", "mch_", "mch_01J9ZZZZZZZZZZZZZZZZZZZZZZ", "\t")));

    /// <summary>One of the generators, by weight.</summary>
    private static Gen<T> Any<T>(params (int Weight, Gen<T> Gen)[] choices) =>
        Gen.Frequency([.. choices.Select(c => (c.Weight, (IGen<T>)c.Gen))]);

    /// <summary>UTF-8 of the text (a raw lone surrogate becomes U+FFFD; the escaped form reaches the parser as is).</summary>
    private static byte[]? Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string ToValidUtf16(string text) =>
        new([.. text.Select((c, i) => char.IsSurrogate(c) && !IsPaired(text, i) ? '\ufffd' : c)]);

    private static bool IsPaired(string text, int i) =>
        char.IsHighSurrogate(text[i]) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
        : i > 0 && char.IsHighSurrogate(text[i - 1]);

    private static string Escape(string text, bool all)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '"' || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (all ? c < 0x20 || char.IsSurrogate(c) || c > 0x7e : c < 0x20)
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
