using Simulators.Kit;

namespace Simulators.IremboPay;

/// <summary>What the simulator does with an invoice or a push.</summary>
public enum IremboPayOutcomeKind
{
    /// <summary>Refused synchronously: <see cref="IremboPayOutcome.HttpStatus"/> with <see cref="IremboPayOutcome.Code"/>.</summary>
    Rejected,

    /// <summary>Accepted; the invoice is PAID at t0 + <see cref="IremboPayOutcome.Delay"/>, then notified.</summary>
    Paid,

    /// <summary>Accepted; the invoice stays as it is (NEW, or the forced status) for ever.</summary>
    Stays,
}

/// <summary>A decision of <see cref="IremboPayOutcomeRules"/>, with the rule that made it.</summary>
public sealed record IremboPayOutcome(IremboPayOutcomeKind Kind, string Rule)
{
    public TimeSpan Delay { get; init; }

    public int HttpStatus { get; init; } = 400;

    public string? Code { get; init; }

    public static IremboPayOutcome Reject(string rule, string code, int httpStatus = 400) =>
        new(IremboPayOutcomeKind.Rejected, rule) { Code = code, HttpStatus = httpStatus };

    public static IremboPayOutcome Pay(string rule, TimeSpan delay) => new(IremboPayOutcomeKind.Paid, rule) { Delay = delay };

    public static IremboPayOutcome Accept(string rule) => new(IremboPayOutcomeKind.Stays, rule);
}

/// <summary>
/// The sandbox outcome rules (PROVIDERS §1.2–1.3, §6), pure functions of the request: the first rule that matches
/// decides. A QA override wins; <c>fail_on_create</c> in the description refuses the invoice (400 BAD_DATA); for a push,
/// Copay's phones, then the amount's parity (even: PAID after its last two digits in seconds; odd: 400
/// PAYMENT_PROVIDER_ERROR). Time enters only through the returned delay, applied on the simulator's clock.
/// </summary>
public static class IremboPayOutcomeRules
{
    public const string OverrideRule = "override";
    public const string FailOnCreateRule = "fail_on_create";
    public const string CopayPhoneRule = "copay_phone";
    public const string EvenAmountRule = "amount_even";
    public const string OddAmountRule = "amount_odd";
    public const string InvoiceRule = "invoice";
    public const string CheckoutRule = "checkout";
    public const string ProviderError = "PAYMENT_PROVIDER_ERROR";

    /// <summary>An invoice: refused by an override or <c>fail_on_create</c>, otherwise accepted as NEW.</summary>
    public static IremboPayOutcome DecideInvoice(string? description, IremboPayOutcome? forced)
    {
        if (forced is { Kind: IremboPayOutcomeKind.Rejected })
        {
            return forced with { Rule = OverrideRule };
        }

        return description?.Contains("fail_on_create", StringComparison.Ordinal) == true
            ? IremboPayOutcome.Reject(FailOnCreateRule, "BAD_DATA")
            : IremboPayOutcome.Accept(InvoiceRule);
    }

    /// <summary>A push that passed IremboPay's checks, on <paramref name="accountIdentifier"/> for <paramref name="amountMinor"/>.</summary>
    public static IremboPayOutcome DecidePush(long amountMinor, string? accountIdentifier, IremboPayOutcome? forced)
    {
        if (forced is { } decided)
        {
            return decided with { Rule = OverrideRule };
        }

        switch (SimWire.LastNineDigits(accountIdentifier))
        {
            // Copay's test phones; a success phone still takes its delay from the amount.
            case "788000001" or "733000001":
                return IremboPayOutcome.Pay(CopayPhoneRule, AmountDelay(amountMinor));
            case "788000002" or "733000002":
                return IremboPayOutcome.Reject(CopayPhoneRule, ProviderError);
        }

        return amountMinor % 2 == 0
            ? IremboPayOutcome.Pay(EvenAmountRule, AmountDelay(amountMinor))
            : IremboPayOutcome.Reject(OddAmountRule, ProviderError);
    }

    /// <summary>The checkout page without <c>?outcome=</c>: the amount rule, paid by bank (BK) or not at all.</summary>
    public static IremboPayOutcome DecideCheckout(long amountMinor, string? outcome) => outcome switch
    {
        "paid" => IremboPayOutcome.Pay(CheckoutRule, TimeSpan.Zero),
        "failed" => IremboPayOutcome.Reject(CheckoutRule, ProviderError),
        _ when amountMinor % 2 == 0 => IremboPayOutcome.Pay(EvenAmountRule, AmountDelay(amountMinor)),
        _ => IremboPayOutcome.Reject(OddAmountRule, ProviderError),
    };

    /// <summary>
    /// IremboPay's own checks of a push's phone and provider, before any rule: a missing or malformed phone, an unknown
    /// provider, or a number of the other operator (an MTN number sent as AIRTEL). Null when it passes.
    /// </summary>
    public static string? CheckPush(string? accountIdentifier, string? paymentProvider)
    {
        if (string.IsNullOrWhiteSpace(accountIdentifier))
        {
            return "PHONE_NUMBER_MISSING";
        }

        var digits = accountIdentifier.Trim();
        var national = digits switch
        {
            { Length: 10 } when digits.StartsWith("07", StringComparison.Ordinal) => digits[1..],
            { Length: 12 } when digits.StartsWith("2507", StringComparison.Ordinal) => digits[3..],
            _ => null,
        };
        if (national is null || !digits.All(char.IsAsciiDigit))
        {
            return "BAD_PHONE_NUMBER";
        }

        if (paymentProvider is not ("MTN" or "AIRTEL"))
        {
            return "BAD_PAYMENT_PROVIDER";
        }

        var owner = national[..2] switch
        {
            "78" or "79" => "MTN",
            "72" or "73" => "AIRTEL",
            _ => null,
        };
        return owner == paymentProvider ? null : ProviderError;
    }

    /// <summary>The last two digits of the amount in minor units, in seconds: 1002 → 2 s, 1010 → 10 s, 3000 → 0 s.</summary>
    public static TimeSpan AmountDelay(long amountMinor) => TimeSpan.FromSeconds(amountMinor % 100);
}
