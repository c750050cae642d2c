using System.Globalization;

namespace Connectors.Abstractions;

/// <summary>
/// An amount in minor units of its currency: 5000 XAF is 5000, R$10,00 is 1000. No floating point is ever
/// used for money; conversion to a provider's major-unit text is integer arithmetic.
/// </summary>
public readonly record struct Money
{
    /// <summary>Creates an amount; a negative amount is a bug, not a value.</summary>
    public Money(long minor, Currency currency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minor);
        ArgumentNullException.ThrowIfNull(currency);
        Minor = minor;
        Currency = currency;
    }

    /// <summary>The amount in minor units.</summary>
    public long Minor { get; }

    /// <summary>The currency, which fixes the exponent.</summary>
    public Currency Currency { get; }

    /// <summary>Adds two amounts of one currency.</summary>
    public static Money operator +(Money a, Money b) => new(checked(a.Minor + b.Minor), SameCurrency(a, b));

    /// <summary>Subtracts two amounts of one currency; a negative result throws.</summary>
    public static Money operator -(Money a, Money b) => new(a.Minor - b.Minor, SameCurrency(a, b));

    /// <summary>Compares two amounts of one currency.</summary>
    public static bool operator <(Money a, Money b) => a.Minor < SameCurrencyMinor(a, b);

    /// <summary>Compares two amounts of one currency.</summary>
    public static bool operator >(Money a, Money b) => a.Minor > SameCurrencyMinor(a, b);

    /// <summary>Compares two amounts of one currency.</summary>
    public static bool operator <=(Money a, Money b) => a.Minor <= SameCurrencyMinor(a, b);

    /// <summary>Compares two amounts of one currency.</summary>
    public static bool operator >=(Money a, Money b) => a.Minor >= SameCurrencyMinor(a, b);

    /// <summary>
    /// The amount in major units as invariant text with exactly the currency's decimals: 5000 XAF is "5000",
    /// 1010 BRL is "10.10". This is what MTN ("amount":"5000") and Pix ("valor":"10.10") want on the wire.
    /// </summary>
    public string ToMajorString()
    {
        if (Currency.Exponent == 0)
        {
            return Minor.ToString(CultureInfo.InvariantCulture);
        }

        var scale = Pow10(Currency.Exponent);
        var whole = Minor / scale;
        var fraction = Minor % scale;
        return string.Create(CultureInfo.InvariantCulture,
            $"{whole}.{fraction.ToString(new string('0', Currency.Exponent), CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// Parses a provider's major-unit text ("5000", "10.10", "10.1") into minor units of <paramref name="currency"/>.
    /// More decimals than the currency has, a sign, an exponent or any other character fails.
    /// </summary>
    public static bool TryParseMajor(string? text, Currency currency, out Money money)
    {
        money = default;
        if (string.IsNullOrEmpty(text) || currency is null)
        {
            return false;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var wholeText = dot < 0 ? text : text[..dot];
        var fractionText = dot < 0 ? "" : text[(dot + 1)..];
        if (wholeText.Length == 0 || fractionText.Length > currency.Exponent || (dot >= 0 && fractionText.Length == 0)
            || !wholeText.All(char.IsAsciiDigit) || !fractionText.All(char.IsAsciiDigit)
            || !long.TryParse(wholeText, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
        {
            return false;
        }

        var fraction = fractionText.Length == 0 ? 0 : long.Parse(fractionText, CultureInfo.InvariantCulture);
        fraction *= Pow10(currency.Exponent - fractionText.Length);
        try
        {
            money = new Money(checked((whole * Pow10(currency.Exponent)) + fraction), currency);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{ToMajorString()} {Currency.Code}";

    private static long Pow10(int exponent)
    {
        long result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static Currency SameCurrency(Money a, Money b) => a.Currency == b.Currency
        ? a.Currency
        : throw new InvalidOperationException($"cannot combine {a.Currency.Code} with {b.Currency.Code}");

    private static long SameCurrencyMinor(Money a, Money b) => SameCurrency(a, b) is not null ? b.Minor : 0;
}
