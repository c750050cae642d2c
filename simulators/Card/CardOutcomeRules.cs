namespace Simulators.Card;

/// <summary>Which sandbox table decides a card (the setting <c>cardRules</c>, per merchant or for the simulator).</summary>
public enum CardRuleSet
{
    /// <summary>InfraPSP's: only its test cards with expiry 01/2035 and their CVV work, the document decides.</summary>
    InfraPsp,

    /// <summary>Cielo's own: the last digit of the card number decides.</summary>
    Cielo,
}

/// <summary>The facts of a sale that the sandbox rules read: nothing here is the card number or the CVC.</summary>
/// <param name="CustomerName">Customer.Name, where <c>fail_on_create</c> is read.</param>
/// <param name="Identity">Customer.Identity (the payer's document), digits.</param>
/// <param name="Amount">Payment.Amount in centavos.</param>
/// <param name="Capture">Payment.Capture.</param>
/// <param name="IsTestCard">Whether the card is one of InfraPSP's test cards with expiry 01/2035 and its CVV.</param>
/// <param name="LastPanDigit">The card number's last digit (Cielo's table).</param>
public sealed record SaleFacts(string? CustomerName, string? Identity, long Amount, bool Capture, bool IsTestCard, int LastPanDigit);

/// <summary>What a sale becomes: its Status, ReturnCode and anti-fraud verdict, and the rule that decided.</summary>
public sealed record SaleDecision(int Status, string? ReturnCode, string ReturnMessage, string? Fraud, string Rule);

/// <summary>
/// The card sandbox rules (PROVIDERS §1.3 step 2 and 4), pure functions of the sale's facts; synchronous, no delay. A QA
/// override is applied by the simulator before these.
/// </summary>
public static class CardOutcomeRules
{
    public const string OverrideRule = "override";
    public const string FailOnCreateRule = "fail_on_create";
    public const string NotATestCardRule = "not_a_test_card";
    public const string DocumentRule = "document";
    public const string AmountRule = "amount_parity";
    public const string CieloRule = "cielo_pan_digit";

    /// <summary>InfraPSP's test cards: number → CVV. All expire 01/2035.</summary>
    public static readonly IReadOnlyDictionary<string, string> TestCards = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["5448280000000007"] = "123",
        ["4235647728025682"] = "123",
        ["4389351648020055"] = "123",
        ["371341553758128"] = "1234",
        ["4389358876174389"] = "123",
    };

    public const string TestCardExpiry = "01/2035";

    /// <summary>Whether number, expiry and CVV are one of InfraPSP's test cards exactly.</summary>
    public static bool IsTestCard(string? number, string? expiry, string? cvv) =>
        number is not null && TestCards.TryGetValue(number, out var expected)
        && string.Equals(expiry, TestCardExpiry, StringComparison.Ordinal) && string.Equals(cvv, expected, StringComparison.Ordinal);

    /// <summary>
    /// The sale's outcome: <c>fail_on_create</c> in Customer.Name → Status 13 Aborted; then the card table (InfraPSP's by
    /// default: not a test card → 3/05, the document's last digit 1 or 3 → authorized, 2 or 4 → 3 with Reject, another
    /// → Review, no document → amount parity; Cielo's: the PAN's last digit, 9 by amount parity).
    /// </summary>
    public static SaleDecision Decide(SaleFacts sale, CardRuleSet rules)
    {
        if (sale.CustomerName?.Contains("fail_on_create", StringComparison.Ordinal) == true)
        {
            return new SaleDecision(13, null, "Aborted", null, FailOnCreateRule);
        }

        return rules == CardRuleSet.Cielo ? Cielo(sale) : InfraPsp(sale);
    }

    private static SaleDecision InfraPsp(SaleFacts sale)
    {
        if (!sale.IsTestCard)
        {
            return Denied("05", "Not Authorized", NotATestCardRule);
        }

        var digits = sale.Identity is null ? "" : new string([.. sale.Identity.Where(char.IsAsciiDigit)]);
        if (digits.Length == 0)
        {
            return Parity(sale);
        }

        return digits[^1] switch
        {
            '1' or '3' => Approved(sale, DocumentRule),
            '2' or '4' => new SaleDecision(3, "05", "Not Authorized", "Reject", DocumentRule),
            _ => new SaleDecision(1, "4", "Operation Successful", "Review", DocumentRule),
        };
    }

    private static SaleDecision Cielo(SaleFacts sale) => sale.LastPanDigit switch
    {
        0 or 1 or 4 => Approved(sale, CieloRule),
        2 => Denied("05", "Not Authorized", CieloRule),
        3 => Denied("57", "Card Expired", CieloRule),
        5 => Denied("78", "Blocked Card", CieloRule),
        6 => Denied("99", "Time Out", CieloRule),
        7 => Denied("77", "Card Canceled", CieloRule),
        8 => Denied("70", "Problems with Credit Card", CieloRule),
        _ => Parity(sale),
    };

    private static SaleDecision Parity(SaleFacts sale) =>
        sale.Amount % 2 == 0 ? Approved(sale, AmountRule) : Denied("05", "Not Authorized", AmountRule);

    private static SaleDecision Approved(SaleFacts sale, string rule) => sale.Capture
        ? new SaleDecision(2, "6", "Operation Successful", null, rule)
        : new SaleDecision(1, "4", "Operation Successful", null, rule);

    private static SaleDecision Denied(string returnCode, string message, string rule) =>
        new(3, returnCode, message, null, rule);
}
