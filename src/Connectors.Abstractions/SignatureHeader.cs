using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Connectors.Abstractions;

/// <summary>Helpers for providers' signature headers, shared so no connector parses them its own way.</summary>
public static class SignatureHeader
{
    /// <summary>
    /// Parses "t=1653405045000, s=abc" into its parts: split on ',', then on the first '=', trimming each side.
    /// A part without '=' or an empty name makes the header malformed.
    /// </summary>
    public static bool TryParse(string? header, [NotNullWhen(true)] out IReadOnlyDictionary<string, string>? parts)
    {
        parts = null;
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var piece in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = piece.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            result[piece[..eq].Trim()] = piece[(eq + 1)..].Trim();
        }

        parts = result;
        return result.Count > 0;
    }

    /// <summary>Compares two texts in time that does not depend on where they differ. Never use == on a secret.</summary>
    public static bool FixedTimeEquals(string? expected, string? actual)
    {
        if (expected is null || actual is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
    }
}
