namespace Connectors.Abstractions;

/// <summary>How personal data appears in logs and audit records.</summary>
public static class Masking
{
    /// <summary>"+237671234567" → "+237******567": country code and last three digits only.</summary>
    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return "";
        }

        var digits = phone.StartsWith('+') ? phone[1..] : phone;
        if (digits.Length <= 6)
        {
            return new string('*', digits.Length);
        }

        var keepStart = Math.Min(3, digits.Length - 6);
        return (phone.StartsWith('+') ? "+" : "") + digits[..keepStart]
            + new string('*', digits.Length - keepStart - 3) + digits[^3..];
    }

    /// <summary>"4235647728025682" → "423564******5682": BIN and last four only (PCI DSS 3.4.1).</summary>
    public static string CardNumber(string? number)
    {
        if (string.IsNullOrEmpty(number) || number.Length < 13)
        {
            return "****";
        }

        return number[..6] + new string('*', number.Length - 10) + number[^4..];
    }

    /// <summary>"sk_live_abcdef9f2a" → "****9f2a": the last four characters of a secret, for display only.</summary>
    public static string Secret(string? secret) =>
        string.IsNullOrEmpty(secret) || secret.Length < 12 ? "****" : "****" + secret[^4..];
}
