using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Connectors.Abstractions;

namespace Connectors.Conformance.Runner;

/// <summary>
/// How the provider signs a callback, declared instead of coded: HMAC-SHA256 (or SHA-512) with the account credential
/// <see cref="SecretCredential"/> over <see cref="SignedMessage"/>, written into <see cref="Header"/> as
/// <see cref="HeaderValue"/>. Placeholders: <c>{timestamp}</c>, <c>{body}</c> (the raw body), <c>{signature}</c>.
/// Example (Acme): header "Acme-Signature", value "t={timestamp},v1={signature}", message "{timestamp}.{body}", hex,
/// unix_seconds.
/// </summary>
public sealed record CallbackSigning
{
    public required string Header { get; init; }

    public string HeaderValue { get; init; } = "{signature}";

    public string SignedMessage { get; init; } = "{body}";

    /// <summary>hex or base64.</summary>
    public string Encoding { get; init; } = "hex";

    /// <summary>unix_seconds, unix_milliseconds or iso8601.</summary>
    public string Timestamp { get; init; } = "unix_seconds";

    /// <summary>sha256 or sha512.</summary>
    public string Algorithm { get; init; } = "sha256";

    /// <summary>The account credential holding the secret.</summary>
    public string SecretCredential { get; init; } = "callbackSecret";

    /// <summary>The header's value for <paramref name="body"/> signed at <paramref name="at"/> with <paramref name="secret"/>.</summary>
    public string Sign(string secret, DateTimeOffset at, string body)
    {
        var timestamp = Timestamp switch
        {
            "unix_seconds" => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "unix_milliseconds" => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            "iso8601" => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            _ => throw new ConformanceSetupException($"callbackSigning.timestamp '{Timestamp}' is not unix_seconds, unix_milliseconds or iso8601"),
        };
        var message = System.Text.Encoding.UTF8.GetBytes(SignedMessage.Replace("{timestamp}", timestamp, StringComparison.Ordinal)
            .Replace("{body}", body, StringComparison.Ordinal));
        var key = System.Text.Encoding.UTF8.GetBytes(secret);
        var mac = Algorithm switch
        {
            "sha256" => HMACSHA256.HashData(key, message),
            "sha512" => HMACSHA512.HashData(key, message),
            _ => throw new ConformanceSetupException($"callbackSigning.algorithm '{Algorithm}' is not sha256 or sha512"),
        };
        var signature = Encoding switch
        {
            "hex" => Convert.ToHexStringLower(mac),
            "base64" => Convert.ToBase64String(mac),
            _ => throw new ConformanceSetupException($"callbackSigning.encoding '{Encoding}' is not hex or base64"),
        };
        return HeaderValue.Replace("{timestamp}", timestamp, StringComparison.Ordinal).Replace("{signature}", signature, StringComparison.Ordinal);
    }

    /// <summary><paramref name="unsigned"/> with the signature header added, signed with the account's secret now.</summary>
    public CallbackRequest SignRequest(CallbackRequest unsigned, ConnectorContext context)
    {
        var secret = context.Account.Credential(SecretCredential)
            ?? throw new ConformanceSetupException($"the sandbox account has no credential '{SecretCredential}' to sign callbacks with");
        var body = System.Text.Encoding.UTF8.GetString(unsigned.Body.Span);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" };
        headers[Header] = Sign(secret, context.Clock.GetUtcNow(), body);
        return new CallbackRequest(unsigned.Method, unsigned.Path, unsigned.Query, headers, unsigned.Body);
    }
}
