using PhoneNumbers;

namespace Hub.Routing;

/// <summary>Phone numbers as people type them ("+237 6 71 23 45 67", "237671234567", "0788123456" with a country), to E.164.</summary>
internal static class PhoneNumberNormalizer
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>Normalizes to E.164 ("+237671234567") and tells the number's country ("CM").</summary>
    public static bool TryNormalize(string input, string? defaultRegion, out string e164, out string? region)
    {
        e164 = "";
        region = null;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return false;
        }

        var number = TryParse(input, defaultRegion);
        // "237671234567": digits with the country code but no "+".
        if (number is null || !Util.IsValidNumber(number))
        {
            var digits = new string(input.Where(char.IsAsciiDigit).ToArray());
            if (!input.TrimStart().StartsWith('+') && digits.Length >= 10 && !digits.StartsWith('0'))
            {
                var international = TryParse("+" + digits, null);
                if (international is not null && Util.IsValidNumber(international))
                {
                    number = international;
                }
            }
        }

        if (number is null || !Util.IsValidNumber(number))
        {
            return false;
        }

        e164 = Util.Format(number, PhoneNumberFormat.E164);
        region = Util.GetRegionCodeForNumber(number);
        return true;
    }

    private static PhoneNumber? TryParse(string input, string? region)
    {
        try
        {
            return Util.Parse(input, region ?? "ZZ");
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}

/// <summary>What routing says about a phone number no account serves.</summary>
internal static class PhoneNumbers
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>"… numbers of CM starting +237 62 …": the country and the operator prefix, never the whole number.</summary>
    public static string NoOperatorDetail(string e164, string currency)
    {
        var (region, prefix) = CountryAndPrefix(e164);
        return $"No enabled connector account of this merchant serves {region} numbers starting {prefix} in {currency} "
            + "(no operator it can reach owns this prefix); check the number, name a provider or add an account.";
    }

    /// <summary>The number's country ("CM") and its first digits with the country code ("+237 62").</summary>
    public static (string Region, string Prefix) CountryAndPrefix(string e164)
    {
        try
        {
            var number = Util.Parse(e164, "ZZ");
            var national = Util.GetNationalSignificantNumber(number);
            return (Util.GetRegionCodeForNumber(number) ?? "unknown",
                $"+{number.CountryCode} {national[..Math.Min(national.Length, 2)]}");
        }
        catch (NumberParseException)
        {
            return ("unknown", e164.Length > 5 ? e164[..5] : e164);
        }
    }
}
