namespace Connectors.Abstractions;

/// <summary>How the payer pays.</summary>
public enum PaymentMethod
{
    /// <summary>A mobile money wallet (MTN MoMo, Orange Money, Airtel Money).</summary>
    MobileMoney,

    /// <summary>Brazil's instant payment scheme.</summary>
    Pix,

    /// <summary>A payment card.</summary>
    Card,

    /// <summary>A bank transfer.</summary>
    BankTransfer,

    /// <summary>A local wallet outside any provider API.</summary>
    LocalWallet,
}

/// <summary>The API's words for payment methods.</summary>
public static class PaymentMethodNames
{
    /// <summary>The API's word: "mobile_money", "bank_transfer".</summary>
    public static string ToApiString(this PaymentMethod method) => method switch
    {
        PaymentMethod.MobileMoney => "mobile_money",
        PaymentMethod.Pix => "pix",
        PaymentMethod.Card => "card",
        PaymentMethod.BankTransfer => "bank_transfer",
        PaymentMethod.LocalWallet => "local_wallet",
    };

    /// <summary>Parses the API's word for a method.</summary>
    public static bool TryParseApiString(string? text, out PaymentMethod method)
    {
        foreach (var candidate in Enum.GetValues<PaymentMethod>())
        {
            if (string.Equals(candidate.ToApiString(), text, StringComparison.Ordinal))
            {
                method = candidate;
                return true;
            }
        }

        method = default;
        return false;
    }
}
