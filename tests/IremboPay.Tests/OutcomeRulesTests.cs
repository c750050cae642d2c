using Simulators.IremboPay;

namespace Connectors.IremboPay.Tests;

/// <summary>The simulator's pure rules (PROVIDERS §1.2–1.3, §6): which rule wins, and IremboPay's own push checks.</summary>
public sealed class OutcomeRulesTests
{
    [Theory]
    [InlineData("0788000001", 1003L, IremboPayOutcomeKind.Paid, "copay_phone", 3)]
    [InlineData("250788000002", 1002L, IremboPayOutcomeKind.Rejected, "copay_phone", 0)]
    [InlineData("0733000001", 1001L, IremboPayOutcomeKind.Paid, "copay_phone", 1)]
    [InlineData("0733000002", 1000L, IremboPayOutcomeKind.Rejected, "copay_phone", 0)]
    [InlineData("0781234567", 1010L, IremboPayOutcomeKind.Paid, "amount_even", 10)]
    [InlineData("0781234567", 3000L, IremboPayOutcomeKind.Paid, "amount_even", 0)]
    [InlineData("0721234567", 1001L, IremboPayOutcomeKind.Rejected, "amount_odd", 0)]
    public void Push_CopayPhonesThenParity(string phone, long amount, IremboPayOutcomeKind kind, string rule, int delay)
    {
        var outcome = IremboPayOutcomeRules.DecidePush(amount, phone, null);

        Assert.Equal((kind, rule, TimeSpan.FromSeconds(delay)), (outcome.Kind, outcome.Rule, outcome.Delay));
        if (kind == IremboPayOutcomeKind.Rejected)
        {
            Assert.Equal(("PAYMENT_PROVIDER_ERROR", 400), (outcome.Code, outcome.HttpStatus));
        }
    }

    [Fact]
    public void Push_OverrideWinsOverCopayPhones()
    {
        var outcome = IremboPayOutcomeRules.DecidePush(1000, "0788000001", IremboPayOutcome.Reject("x", "BAD_PHONE_NUMBER"));

        Assert.Equal(("override", "BAD_PHONE_NUMBER"), (outcome.Rule, outcome.Code));
    }

    [Theory]
    [InlineData("Rent fail_on_create", null, IremboPayOutcomeKind.Rejected, "fail_on_create")]
    [InlineData("Rent", null, IremboPayOutcomeKind.Stays, "invoice")]
    [InlineData("Rent fail_on_create", "INVOICE_ALREADY_IN_BATCH", IremboPayOutcomeKind.Rejected, "override")]
    public void Invoice_OverrideThenFailOnCreate(string description, string? forcedCode, IremboPayOutcomeKind kind, string rule)
    {
        var outcome = IremboPayOutcomeRules.DecideInvoice(description, forcedCode is null ? null : IremboPayOutcome.Reject("", forcedCode));

        Assert.Equal((kind, rule), (outcome.Kind, outcome.Rule));
        if (rule == "fail_on_create")
        {
            Assert.Equal(("BAD_DATA", 400), (outcome.Code, outcome.HttpStatus));
        }
    }

    [Theory]
    [InlineData("0788123456", "MTN", null)]
    [InlineData("250788123456", "MTN", null)]
    [InlineData("0731234567", "AIRTEL", null)]
    [InlineData("0788123456", "AIRTEL", "PAYMENT_PROVIDER_ERROR")]
    [InlineData("0731234567", "MTN", "PAYMENT_PROVIDER_ERROR")]
    [InlineData("0788123456", "TIGO", "BAD_PAYMENT_PROVIDER")]
    [InlineData("078812345", "MTN", "BAD_PHONE_NUMBER")]
    [InlineData("+250788123456", "MTN", "BAD_PHONE_NUMBER")]
    [InlineData("", "MTN", "PHONE_NUMBER_MISSING")]
    [InlineData(null, "MTN", "PHONE_NUMBER_MISSING")]
    public void PushChecks_PhoneAndProvider(string? phone, string provider, string? expected) =>
        Assert.Equal(expected, IremboPayOutcomeRules.CheckPush(phone, provider));

    [Theory]
    [InlineData("paid", 1001L, IremboPayOutcomeKind.Paid, 0)]
    [InlineData("failed", 1002L, IremboPayOutcomeKind.Rejected, 0)]
    [InlineData(null, 1004L, IremboPayOutcomeKind.Paid, 4)]
    [InlineData(null, 1003L, IremboPayOutcomeKind.Rejected, 0)]
    public void Checkout_OutcomeOrTheAmountRule(string? wanted, long amount, IremboPayOutcomeKind kind, int delay)
    {
        var outcome = IremboPayOutcomeRules.DecideCheckout(amount, wanted);

        Assert.Equal((kind, TimeSpan.FromSeconds(delay)), (outcome.Kind, outcome.Delay));
    }
}
