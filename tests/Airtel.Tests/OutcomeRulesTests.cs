using Simulators.Airtel;

namespace Connectors.Airtel.Tests;

/// <summary>The simulator's pure rules (PROVIDERS §1.2–1.3): override, fail_on_create, Copay's phones, amount parity.</summary>
public sealed class OutcomeRulesTests
{
    [Theory]
    [InlineData(1002L, "733123456", "Order", "amount_even", "TS", null, 2)]
    [InlineData(1010L, "733123456", "Order", "amount_even", "TS", null, 10)]
    [InlineData(3000L, "733123456", "Order", "amount_even", "TS", null, 0)]
    [InlineData(1001L, "733123456", "Order", "amount_odd", "TF", "DP00800001007", 0)]
    [InlineData(1004L, "733000001", "Order", "copay_success_phone", "TS", null, 4)]
    [InlineData(1001L, "733000001", "Order", "copay_success_phone", "TS", null, 1)]
    [InlineData(1002L, "733000002", "Order", "copay_failure_phone", "TF", "DP00800001008", 0)]
    public void Collection_Decides(long amount, string msisdn, string reference, string rule, string status, string? code, int delay)
    {
        var outcome = AirtelOutcomeRules.Decide(new AirtelRequestFacts("collection", amount, msisdn, reference));

        Assert.Equal((AirtelOutcomeKind.Settles, rule, status, code, TimeSpan.FromSeconds(delay)),
            (outcome.Kind, outcome.Rule, outcome.FinalStatus, outcome.Code, outcome.Delay));
    }

    /// <summary>fail_on_create wins over Copay's success phone: 400 ESB000004.</summary>
    [Fact]
    public void FailOnCreate_WinsOverPhones()
    {
        var outcome = AirtelOutcomeRules.Decide(new AirtelRequestFacts("collection", 1002, "733000001", "x fail_on_create"));

        Assert.Equal((AirtelOutcomeKind.Rejected, 400, "ESB000004"), (outcome.Kind, outcome.HttpStatus, outcome.ResultCode));
    }

    [Fact]
    public void Override_WinsOverEverything()
    {
        var forced = new AirtelOverrideOutcome { Status = "TA" }.ToOutcome();

        var outcome = AirtelOutcomeRules.Decide(new AirtelRequestFacts("collection", 1001, "733000002", "fail_on_create", forced));

        Assert.Equal(("override", "TA"), (outcome.Rule, outcome.FinalStatus));
    }

    [Theory]
    [InlineData(2000L, "733123456", "TS", null)]
    [InlineData(2001L, "733123456", "TF", "DP00800001007")]
    [InlineData(2000L, "733000002", "TF", "DP00800001008")]
    public void Disbursement_FollowsTheTransferRule(long amount, string msisdn, string status, string? code)
    {
        var outcome = AirtelOutcomeRules.Decide(new AirtelRequestFacts("disbursement", amount, msisdn, "Payout"));

        Assert.Equal((status, code), (outcome.FinalStatus, outcome.Code));
    }

    [Fact]
    public void Refund_SucceedsAtOnce()
    {
        var outcome = AirtelOutcomeRules.Decide(new AirtelRequestFacts("refund", 1001, "733000002", null));

        Assert.Equal(("refund_at_once", "TS", TimeSpan.Zero), (outcome.Rule, outcome.FinalStatus, outcome.Delay));
    }

    [Fact]
    public void OverrideWithHttpStatus_IsARejection()
    {
        var outcome = new AirtelOverrideOutcome { HttpStatus = 400, ResultCode = "ESB000035" }.ToOutcome();

        Assert.Equal((AirtelOutcomeKind.Rejected, 400, "ESB000035"), (outcome.Kind, outcome.HttpStatus, outcome.ResultCode));
    }
}
