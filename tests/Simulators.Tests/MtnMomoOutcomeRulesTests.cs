using Simulators.MtnMomo;

namespace Simulators.Tests;

public sealed class MtnMomoOutcomeRulesTests
{
    private const string OrdinaryPhone = "237671234567";

    public static TheoryData<string, MtnMomoOutcomeKind, string?, int, string?> MagicPhones => new()
    {
        // phone, kind, reason, HTTP status, code
        { "46733123450", MtnMomoOutcomeKind.Failed, "INTERNAL_PROCESSING_ERROR", 202, null },
        { "46733123451", MtnMomoOutcomeKind.Failed, "APPROVAL_REJECTED", 202, null },
        { "46733123452", MtnMomoOutcomeKind.Failed, "EXPIRED", 202, null },
        { "46733123453", MtnMomoOutcomeKind.SuccessfulWhenAskedAfter, null, 202, null },
        { "46733123454", MtnMomoOutcomeKind.PendingForever, null, 202, null },
        { "46733123455", MtnMomoOutcomeKind.Failed, "PAYER_NOT_FOUND", 202, null },
        { "46733123456", MtnMomoOutcomeKind.Failed, "PAYER_LIMIT_REACHED", 202, null },
        { "46733123457", MtnMomoOutcomeKind.Failed, "PAYEE_NOT_FOUND", 202, null },
        { "46733123458", MtnMomoOutcomeKind.Rejected, null, 500, "NOT_ALLOWED" },
        { "46733123459", MtnMomoOutcomeKind.Rejected, null, 500, "INVALID_CALLBACK_URL_HOST" },
        { "46733123460", MtnMomoOutcomeKind.Rejected, null, 500, "INVALID_CURRENCY" },
        { "46733123461", MtnMomoOutcomeKind.Rejected, null, 500, "INTERNAL_PROCESSING_ERROR" },
        { "46733123462", MtnMomoOutcomeKind.Rejected, null, 503, "SERVICE_UNAVAILABLE" },
        { "46733123463", MtnMomoOutcomeKind.Failed, "COULD_NOT_PERFORM_TRANSACTION", 202, null },
    };

    [Theory]
    [MemberData(nameof(MagicPhones))]
    public void Decide_MtnMagicPhone_GivesItsOutcome(string phone, MtnMomoOutcomeKind kind, string? reason, int httpStatus, string? code)
    {
        // An even amount would otherwise succeed: the phone must win over the amount rule.
        var outcome = MtnMomoOutcomeRules.Decide(new(1002, "EUR", phone, "Order 1"));

        Assert.Equal(kind, outcome.Kind);
        Assert.Equal(reason, outcome.Reason);
        Assert.Equal(httpStatus, outcome.HttpStatus);
        Assert.Equal(code, outcome.Code);
        Assert.Equal(MtnMomoOutcomeRules.MtnMagicPhoneRule, outcome.Rule);
    }

    [Theory]
    [InlineData("+46 733 123 451")]
    [InlineData("0733123451")]
    [InlineData("250733123451")]
    public void Decide_MagicPhone_MatchesOnLastNineDigits(string phone)
    {
        var outcome = MtnMomoOutcomeRules.Decide(new(1002, "EUR", phone, null));

        Assert.Equal(MtnMomoOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("APPROVAL_REJECTED", outcome.Reason);
    }

    [Fact]
    public void Decide_MagicPhone453_SucceedsWhenAskedAfter30Seconds()
    {
        var outcome = MtnMomoOutcomeRules.Decide(new(1001, "EUR", "46733123453", null));

        Assert.Equal(MtnMomoOutcomeKind.SuccessfulWhenAskedAfter, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), outcome.Delay);
    }

    [Theory]
    [InlineData(1002, 2)]
    [InlineData(1010, 10)]
    [InlineData(3000, 0)]
    [InlineData(2098, 98)]
    public void Decide_EvenAmount_SucceedsAfterLastTwoDigitsInSeconds(long amountMinor, int seconds)
    {
        var outcome = MtnMomoOutcomeRules.Decide(new(amountMinor, "XAF", OrdinaryPhone, "Order 1"));

        Assert.Equal(MtnMomoOutcomeKind.Successful, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(seconds), outcome.Delay);
        Assert.Null(outcome.Reason);
        Assert.Equal(MtnMomoOutcomeRules.EvenAmountRule, outcome.Rule);
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(1501)]
    [InlineData(3)]
    public void Decide_OddAmount_FailsAtOnceWithNotEnoughFunds(long amountMinor)
    {
        var outcome = MtnMomoOutcomeRules.Decide(new(amountMinor, "XAF", OrdinaryPhone, null));

        Assert.Equal(MtnMomoOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("NOT_ENOUGH_FUNDS", outcome.Reason);
        Assert.Equal(TimeSpan.Zero, outcome.Delay);
        Assert.Equal(MtnMomoOutcomeRules.OddAmountRule, outcome.Rule);
    }

    [Fact]
    public void Decide_FailOnCreate_RejectsWith500NotAllowed()
    {
        var outcome = MtnMomoOutcomeRules.Decide(new(1002, "EUR", OrdinaryPhone, "please fail_on_create now"));

        Assert.Equal(MtnMomoOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal(500, outcome.HttpStatus);
        Assert.Equal("NOT_ALLOWED", outcome.Code);
        Assert.Equal(MtnMomoOutcomeRules.FailOnCreateRule, outcome.Rule);
    }

    [Fact]
    public void Decide_FailOnCreate_WinsOverMagicPhone()
    {
        var outcome = MtnMomoOutcomeRules.Decide(new(1002, "EUR", "46733123454", "fail_on_create"));

        Assert.Equal(MtnMomoOutcomeRules.FailOnCreateRule, outcome.Rule);
    }

    [Fact]
    public void Decide_Override_WinsOverEveryRule()
    {
        var forced = MtnMomoOutcome.Fail("anything", "PAYEE_NOT_ALLOWED_TO_RECEIVE", TimeSpan.FromSeconds(7));

        var outcome = MtnMomoOutcomeRules.Decide(new(1002, "EUR", "46733123450", "fail_on_create", forced));

        Assert.Equal(MtnMomoOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("PAYEE_NOT_ALLOWED_TO_RECEIVE", outcome.Reason);
        Assert.Equal(TimeSpan.FromSeconds(7), outcome.Delay);
        Assert.Equal(MtnMomoOutcomeRules.OverrideRule, outcome.Rule);
    }

    [Theory]
    [InlineData(1004, 4)]
    [InlineData(1001, 1)] // a success phone succeeds whatever the parity, with the amount's delay
    public void Decide_CopaySuccessPhone_SucceedsWithAmountDelay(long amountMinor, int seconds)
    {
        var outcome = MtnMomoOutcomeRules.Decide(new(amountMinor, "RWF", "250788000001", null));

        Assert.Equal(MtnMomoOutcomeKind.Successful, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(seconds), outcome.Delay);
        Assert.Equal(MtnMomoOutcomeRules.CopayPhoneRule, outcome.Rule);
    }

    [Fact]
    public void Decide_CopayFailurePhone_FailsApprovalRejected()
    {
        var outcome = MtnMomoOutcomeRules.Decide(new(1002, "RWF", "+250788000002", null));

        Assert.Equal(MtnMomoOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("APPROVAL_REJECTED", outcome.Reason);
        Assert.Equal(MtnMomoOutcomeRules.CopayPhoneRule, outcome.Rule);
    }

    [Fact]
    public void Decide_NoParty_UsesAmountRule()
    {
        Assert.Equal(MtnMomoOutcomeRules.EvenAmountRule, MtnMomoOutcomeRules.Decide(new(1002, "EUR", null, null)).Rule);
        Assert.Equal(MtnMomoOutcomeRules.OddAmountRule, MtnMomoOutcomeRules.Decide(new(1003, "EUR", "12", null)).Rule);
    }

    [Theory]
    [InlineData("1002", "XAF", 1002)]
    [InlineData("10.10", "EUR", 1010)]
    [InlineData("10.1", "EUR", 1010)]
    [InlineData("10", "EUR", 1000)]
    [InlineData("5000.00", "XAF", 5000)]
    [InlineData("0.05", "GHS", 5)]
    [InlineData("250", "RWF", 250)]
    public void TryToMinor_ValidAmount_ReadsMinorUnits(string amount, string currency, long expected)
    {
        Assert.True(MtnMomoAmounts.TryToMinor(amount, currency, out var minor));
        Assert.Equal(expected, minor);
    }

    [Theory]
    [InlineData("10.5", "XAF")]
    [InlineData("10.101", "EUR")]
    [InlineData("1,000", "XAF")]
    [InlineData("-5", "EUR")]
    [InlineData("10.", "EUR")]
    [InlineData(".5", "EUR")]
    [InlineData("", "EUR")]
    [InlineData("1e3", "EUR")]
    public void TryToMinor_MalformedAmount_IsRefused(string amount, string currency)
    {
        Assert.False(MtnMomoAmounts.TryToMinor(amount, currency, out _));
    }
}
