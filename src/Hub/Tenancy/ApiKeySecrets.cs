using System.Security.Cryptography;
using System.Text;
using Hub.Common;

namespace Hub.Tenancy;

/// <summary>
/// API key secrets: 32 random bytes, shown once as "key_….sk_test_…", stored only as SHA-256 (a fast hash is
/// right for 256-bit random secrets; slow hashes are for guessable passwords).
/// </summary>
internal static class ApiKeySecrets
{
    public static string NewSecret(bool livemode) =>
        (livemode ? "sk_live_" : "sk_test_") + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(byte[] storedHash, string secret) =>
        CryptographicOperations.FixedTimeEquals(storedHash, Hash(secret));

    public static string Compose(Guid keyId, string secret) => $"{PublicId.Format(PublicId.ApiKey, keyId)}.{secret}";

    /// <summary>Reads "Bearer key_….secret" or "Basic base64(key_…:secret)".</summary>
    public static bool TryParseAuthorization(string? header, out Guid keyId, out string secret)
    {
        keyId = Guid.Empty;
        secret = "";
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        string? id = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header[7..].Trim();
            var dot = token.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0)
            {
                id = token[..dot];
                secret = token[(dot + 1)..];
            }
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    id = decoded[..colon];
                    secret = decoded[(colon + 1)..];
                }
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return id is not null && secret.Length > 0 && PublicId.TryParse(PublicId.ApiKey, id, out keyId);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
