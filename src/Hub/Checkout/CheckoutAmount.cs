using System.Globalization;
using System.Text;
using Connectors.Abstractions;

namespace Hub.Checkout;

/// <summary>
/// An amount as a payer reads it where the currency is spent: "5 000 FCFA" in Cameroon, "R$ 10,10" in Brazil,
/// "RWF 5,000" in Rwanda; elsewhere the ISO code and the amount with a comma between thousands. Integer arithmetic on
/// the minor units and the currency's own exponent, never a double.
/// </summary>
internal static class CheckoutAmount
{
    public static string Format(Money money) => money.Currency.Code switch
    {
        // The CFA francs (BEAC's XAF, BCEAO's XOF) are written "FCFA" after the number, thousands apart by a space.
        "XAF" or "XOF" => Number(money, ' ', ',') + " FCFA",
        "BRL" => "R$ " + Number(money, '.', ','),
        _ => money.Currency.Code + " " + Number(money, ',', '.'),
    };

    private static string Number(Money money, char thousands, char decimals)
    {
        var exponent = money.Currency.Exponent;
        long unit = 1;
        for (var i = 0; i < exponent; i++)
        {
            unit *= 10;
        }

        var whole = (money.Minor / unit).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        for (var i = 0; i < whole.Length; i++)
        {
            if (i > 0 && (whole.Length - i) % 3 == 0)
            {
                text.Append(thousands);
            }

            text.Append(whole[i]);
        }

        if (exponent > 0)
        {
            text.Append(decimals).Append((money.Minor % unit).ToString(CultureInfo.InvariantCulture).PadLeft(exponent, '0'));
        }

        return text.ToString();
    }
}
