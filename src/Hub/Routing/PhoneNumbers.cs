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
