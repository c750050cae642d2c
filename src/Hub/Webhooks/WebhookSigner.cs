using System.Security.Cryptography;
using System.Text;

namespace Hub.Webhooks;

/// <summary>
/// Standard Webhooks signatures (standardwebhooks.com, "Symmetric signatures"): a secret is "whsec_" and base64 of
/// random bytes; a signature is "v1," and base64 of HMAC-SHA256 keyed with those bytes over "{id}.{timestamp}.{body}".
/// Written by hand because no Standard Webhooks package is on our feed; pinned by the specification's test vector.
/// </summary>
internal static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    // 24 bytes (192 bits) as the specification's examples use; any length from 24 to 64 is allowed there.
    private const int SecretBytes = 24;

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>
    /// The webhook-signature header: one "v1,…" per secret, space-separated, in the order given (the current secret
    /// first, then one still honoured after a rotation), so a receiver accepts the message if any of them verifies.
    /// </summary>
    public static string Sign(string id, long timestamp, string body, IReadOnlyList<string> secrets)
    {
        if (secrets.Count == 0)
        {
            throw new ArgumentException("at least one secret is needed to sign", nameof(secrets));
        }

        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{body}");
        return string.Join(' ', secrets.Select(s => "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key(s), content))));
    }

    /// <summary>The key bytes: base64 after "whsec_" (our secrets always carry the prefix).</summary>
    private static byte[] Key(string secret) => secret.StartsWith(SecretPrefix, StringComparison.Ordinal)
        ? Convert.FromBase64String(secret[SecretPrefix.Length..])
        : throw new ArgumentException("a webhook secret starts with whsec_", nameof(secret));
}
