using Simulators.OrangeMoney;

namespace Connectors.OrangeMoney.Tests;

/// <summary>The simulator's sandbox rules (PROVIDERS §1.2–1.3), a pure function: the first rule that matches decides.</summary>
public sealed class OutcomeRulesTests
{
    [Theory]
    [InlineData(1002, 2)]
    [InlineData(1010, 10)]
    [InlineData(3000, 0)]
    [InlineData(5098, 98)]
    public void EvenAmount_SuccessfullAfterLastTwoDigits(long amount, int seconds)
    {
        var outcome = OrangeMoneyOutcomeRules.Decide(new OrangeMoneyRequestFacts(amount, "Order"));

        Assert.Equal(OrangeMoneyOutcomeKind.Settles, outcome.Kind);
        Assert.Equal("SUCCESSFULL", outcome.FinalStatus);
        Assert.Equal(TimeSpan.FromSeconds(seconds), outcome.Delay);
        Assert.Equal(OrangeMoneyOutcomeRules.EvenAmountRule, outcome.Rule);
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(1501)]
    public void OddAmount_FailedAtOnceWith60019(long amount)
    {
        var outcome = OrangeMoneyOutcomeRules.Decide(new OrangeMoneyRequestFacts(amount, null));

        Assert.Equal("FAILED", outcome.FinalStatus);
        Assert.Equal("60019", outcome.Code);
        Assert.Equal(TimeSpan.Zero, outcome.Delay);
    }

    [Fact]
    public void FailOnCreate_BeatsTheAmount_417WithInitTxnStatus60019()
    {
        var outcome = OrangeMoneyOutcomeRules.Decide(new OrangeMoneyRequestFacts(1002, "Order fail_on_create 12"));

        Assert.Equal(OrangeMoneyOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal(417, outcome.HttpStatus);
        Assert.Equal("60019", outcome.Code);
        Assert.Equal("60019 :: Le solde du compte du payeur est insuffisant", outcome.Message);
    }

    [Fact]
    public void Override_BeatsEverything()
    {
        var forced = new OrangeMoneyOverrideOutcome { Status = "FAILED", Reason = "00068", Message = "Compte introuvable" }.ToOutcome();

        var outcome = OrangeMoneyOutcomeRules.Decide(new OrangeMoneyRequestFacts(1002, "fail_on_create", forced));

        Assert.Equal(OrangeMoneyOutcomeRules.OverrideRule, outcome.Rule);
        Assert.Equal("FAILED", outcome.FinalStatus);
        Assert.Equal("00068", outcome.Code);
    }

    [Fact]
    public void OverridePending_ExpiresAt300Seconds()
    {
        var outcome = new OrangeMoneyOverrideOutcome { Status = "PENDING" }.ToOutcome();

        Assert.Equal("EXPIRED", outcome.FinalStatus);
        Assert.Equal(TimeSpan.FromSeconds(300), outcome.Delay);
    }
}
