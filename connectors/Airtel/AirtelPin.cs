using System.Security.Cryptography;
using System.Text;

namespace Connectors.Airtel;

/// <summary>
/// The disbursement PIN as Airtel takes it: base64 of the PIN encrypted with Airtel's RSA public key (PKCS#1 v1.5, as
/// Airtel's samples do). A sandbox account without a key sends base64 of the PIN itself (the simulator takes any
/// non-empty base64). The PIN is never logged nor kept.
/// </summary>
internal static class AirtelPin
{
    /// <summary>The <c>pin</c> field for <paramref name="pin"/>.</summary>
    public static string Encode(string pin, string? publicKey)
    {
        var clear = Encoding.UTF8.GetBytes(pin);
        if (publicKey is null)
        {
            return Convert.ToBase64String(clear);
        }

        using var rsa = Import(publicKey);
        return Convert.ToBase64String(rsa.Encrypt(clear, RSAEncryptionPadding.Pkcs1));
    }

    /// <summary>Whether <paramref name="publicKey"/> reads as an RSA public key.</summary>
    public static bool IsValidKey(string publicKey)
    {
        try
        {
            using var rsa = Import(publicKey);
            return rsa.KeySize >= 1024;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    private static RSA Import(string publicKey)
    {
        var rsa = RSA.Create();
        try
        {
            var text = publicKey.Trim();
            if (text.StartsWith("-----", StringComparison.Ordinal))
            {
                rsa.ImportFromPem(text);
            }
            else
            {
                rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(text), out _);
            }

            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }
}
