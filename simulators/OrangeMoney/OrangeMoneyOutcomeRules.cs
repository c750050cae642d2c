namespace Simulators.OrangeMoney;

/// <summary>What the simulator will do with an mp/pay or a cashin/pay.</summary>
public enum OrangeMoneyOutcomeKind
{
    /// <summary>Refused synchronously: <see cref="OrangeMoneyOutcome.HttpStatus"/> (417) with a FAILED transaction.</summary>
    Rejected,

    /// <summary>Accepted (PENDING), then <see cref="OrangeMoneyOutcome.FinalStatus"/> at t0 + <see cref="OrangeMoneyOutcome.Delay"/>.</summary>
    Settles,
}

/// <summary>The decision of <see cref="OrangeMoneyOutcomeRules.Decide"/>, with the rule that made it.</summary>
public sealed record OrangeMoneyOutcome(OrangeMoneyOutcomeKind Kind, string Rule)
{
    /// <summary>The status once settled: SUCCESSFULL, FAILED, EXPIRED, or whatever QA forced.</summary>
    public string FinalStatus { get; init; } = "SUCCESSFULL";

    public TimeSpan Delay { get; init; }

    /// <summary>The code: confirmtxnstatus of a settled FAILED, inittxnstatus of a rejection.</summary>
    public string? Code { get; init; }

    /// <summary>The message that goes with <see cref="Code"/>.</summary>
    public string? Message { get; init; }

    public int HttpStatus { get; init; } = 200;

    public static OrangeMoneyOutcome Reject(string rule, int httpStatus, string code, string message) =>
        new(OrangeMoneyOutcomeKind.Rejected, rule) { FinalStatus = "FAILED", HttpStatus = httpStatus, Code = code, Message = message };

    public static OrangeMoneyOutcome Settle(string rule, string status, TimeSpan delay, string? code = null, string? message = null) =>
        new(OrangeMoneyOutcomeKind.Settles, rule) { FinalStatus = status, Delay = delay, Code = code, Message = message };
}

/// <summary>The facts of a pay request that the outcome rules look at.</summary>
/// <param name="AmountMinor">The amount; XAF has no decimals, so it is the wire's "amount".</param>
/// <param name="Description">The hub's free-text field, where <c>fail_on_create</c> is looked for.</param>
/// <param name="Override">A QA override that matched this request, if any; it wins over every rule.</param>
public sealed record OrangeMoneyRequestFacts(long AmountMinor, string? Description, OrangeMoneyOutcome? Override = null);

/// <summary>
/// The sandbox outcome rules (PROVIDERS.md §1.2–1.3, §4), as a pure function of the request: the first rule that
/// matches decides. Orange has no magic phones. Time enters only through the returned delay, on the simulator's clock.
/// </summary>
public static class OrangeMoneyOutcomeRules
{
    public const string OverrideRule = "override";
    public const string FailOnCreateRule = "fail_on_create";
    public const string EvenAmountRule = "amount_even";
    public const string OddAmountRule = "amount_odd";

    public const string InsufficientFundsCode = "60019";
    public const string InsufficientFundsMessage = "60019 :: Le solde du compte du payeur est insuffisant";

    /// <summary>[S] An unresolved PENDING becomes EXPIRED (and is notified) this long after the pay call.</summary>
    public static readonly TimeSpan ExpireAfter = TimeSpan.FromSeconds(300);

    public static OrangeMoneyOutcome Decide(OrangeMoneyRequestFacts facts)
    {
        if (facts.Override is { } forced)
        {
            return forced with { Rule = OverrideRule };
        }

        if (facts.Description?.Contains("fail_on_create", StringComparison.Ordinal) == true)
        {
            return OrangeMoneyOutcome.Reject(FailOnCreateRule, 417, InsufficientFundsCode, InsufficientFundsMessage);
        }

        return facts.AmountMinor % 2 == 0
            ? OrangeMoneyOutcome.Settle(EvenAmountRule, "SUCCESSFULL", AmountDelay(facts.AmountMinor))
            : OrangeMoneyOutcome.Settle(OddAmountRule, "FAILED", TimeSpan.Zero, InsufficientFundsCode, InsufficientFundsMessage);
    }

    /// <summary>The last two digits of the amount, in seconds: 1002 → 2 s, 1010 → 10 s, 3000 → 0 s.</summary>
    public static TimeSpan AmountDelay(long amountMinor) => TimeSpan.FromSeconds(amountMinor % 100);
}
