using Simulators.Card;

namespace Connectors.Card.Tests;

/// <summary>The simulator's sandbox rules (PROVIDERS §1.3) and its journal masking, on their own.</summary>
public sealed class OutcomeRulesTests
{
    [Theory]
    [InlineData("95643732041", false, 1, null, "4")]
    [InlineData("95643732043", true, 2, null, "6")]
    [InlineData("95643732042", false, 3, "Reject", "05")]
    [InlineData("95643732044", true, 3, "Reject", "05")]
    [InlineData("95643732045", false, 1, "Review", "4")]
    [InlineData("16142765010", true, 1, "Review", "4")]
    public void Document_LastDigitDecides(string document, bool capture, int status, string? fraud, string returnCode)
    {
        var decision = CardOutcomeRules.Decide(Facts(document, capture: capture), CardRuleSet.InfraPsp);

        Assert.Equal((status, fraud, returnCode, CardOutcomeRules.DocumentRule),
            (decision.Status, decision.Fraud, decision.ReturnCode, decision.Rule));
    }

    [Fact]
    public void NotATestCard_IsDenied05_BeforeTheDocument()
    {
        var decision = CardOutcomeRules.Decide(Facts("95643732041", testCard: false), CardRuleSet.InfraPsp);

        Assert.Equal((3, "05", CardOutcomeRules.NotATestCardRule), (decision.Status, decision.ReturnCode, decision.Rule));
    }

    [Fact]
    public void FailOnCreate_InTheCustomerName_Aborts()
    {
        var decision = CardOutcomeRules.Decide(Facts("95643732041") with { CustomerName = "Ada fail_on_create" }, CardRuleSet.InfraPsp);

        Assert.Equal((13, CardOutcomeRules.FailOnCreateRule), (decision.Status, decision.Rule));
    }

    [Theory]
    [InlineData(1000, 1)]
    [InlineData(1001, 3)]
    public void NoDocument_AmountParity(long amount, int status) =>
        Assert.Equal(status, CardOutcomeRules.Decide(Facts(null, amount), CardRuleSet.InfraPsp).Status);

    [Theory]
    [InlineData(0, 1, "4")]
    [InlineData(4, 1, "4")]
    [InlineData(2, 3, "05")]
    [InlineData(3, 3, "57")]
    [InlineData(5, 3, "78")]
    [InlineData(6, 3, "99")]
    [InlineData(7, 3, "77")]
    [InlineData(8, 3, "70")]
    public void CieloTable_LastPanDigit(int digit, int status, string returnCode)
    {
        var decision = CardOutcomeRules.Decide(Facts("95643732042", testCard: false) with { LastPanDigit = digit }, CardRuleSet.Cielo);

        Assert.Equal((status, returnCode), (decision.Status, decision.ReturnCode));
    }

    [Theory]
    [InlineData("4235647728025682", "01/2035", "123", true)]
    [InlineData("371341553758128", "01/2035", "1234", true)]
    [InlineData("371341553758128", "01/2035", "123", false)]
    [InlineData("4235647728025682", "02/2035", "123", false)]
    [InlineData("4024007153763191", "01/2035", "123", false)]
    public void TestCards_NeedTheirExpiryAndCvv(string number, string expiry, string cvv, bool expected) =>
        Assert.Equal(expected, CardOutcomeRules.IsTestCard(number, expiry, cvv));

    [Fact]
    public void Journal_MasksThePanAndDropsTheCvc()
    {
        const string body = """{"MerchantOrderId":"pay01","Payment":{"Type":"CreditCard","Amount":1000,"CreditCard":{"CardNumber":"4235647728025682","Holder":"ADA N","ExpirationDate":"01/2035","SecurityCode":"123","Brand":"Visa"}}}""";

        var masked = CardWire.MaskForJournal(body);

        Assert.Contains("\"CardNumber\":\"423564******5682\"", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("SecurityCode", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("4235647728025682", CardWire.MaskForJournal(body.Replace("{\"MerchantOrderId\"", "{{\"MerchantOrderId\"", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private static SaleFacts Facts(string? document, long amount = 1000, bool capture = false, bool testCard = true) =>
        new("Ada N", document, amount, capture, testCard, 2);
}
