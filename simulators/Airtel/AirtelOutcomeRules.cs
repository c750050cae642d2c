namespace Simulators.Airtel;

/// <summary>What the simulator will do with a collection, a disbursement or a refund.</summary>
public enum AirtelOutcomeKind
{
    /// <summary>Refused synchronously: <see cref="AirtelOutcome.HttpStatus"/> with ESB <see cref="AirtelOutcome.ResultCode"/>.</summary>
    Rejected,

    /// <summary>Accepted (TIP), then <see cref="AirtelOutcome.FinalStatus"/> at t0 + <see cref="AirtelOutcome.Delay"/>.</summary>
    Settles,
}

/// <summary>The decision of <see cref="AirtelOutcomeRules.Decide"/>, with the rule that made it.</summary>
public sealed record AirtelOutcome(AirtelOutcomeKind Kind, string Rule)
{
    /// <summary>TS, TF, TA, TIP (for ever), or whatever QA forced.</summary>
    public string FinalStatus { get; init; } = AirtelWire.Successful;

    public TimeSpan Delay { get; init; }

    /// <summary>The DP response code of the final status (a TF's reason); null: the status's usual one.</summary>
    public string? Code { get; init; }

    /// <summary>data.transaction.message; null: the code's usual text.</summary>
    public string? Message { get; init; }

    public int HttpStatus { get; init; } = 200;

    /// <summary>A rejection's ESB result code.</summary>
    public string? ResultCode { get; init; }

    public static AirtelOutcome Reject(string rule, int httpStatus, string resultCode, string? code = null, string? message = null) =>
        new(AirtelOutcomeKind.Rejected, rule) { FinalStatus = AirtelWire.Failed, HttpStatus = httpStatus, ResultCode = resultCode, Code = code, Message = message };

    public static AirtelOutcome Settle(string rule, string status, TimeSpan delay, string? code = null, string? message = null) =>
        new(AirtelOutcomeKind.Settles, rule) { FinalStatus = status, Delay = delay, Code = code, Message = message };
}

/// <summary>The facts of a request that the outcome rules look at.</summary>
/// <param name="Operation">"collection", "disbursement" or "refund".</param>
/// <param name="AmountMinor">The amount (RWF has no decimals: the wire's number).</param>
/// <param name="Msisdn">The payer's or payee's msisdn (the Copay phones match on the last 9 digits).</param>
/// <param name="Reference">Airtel's <c>reference</c>, the hub's free text, where <c>fail_on_create</c> is looked for.</param>
/// <param name="Override">A QA override that matched this request; it wins over every rule.</param>
public sealed record AirtelRequestFacts(string Operation, long AmountMinor, string? Msisdn, string? Reference,
    AirtelOutcome? Override = null);

/// <summary>
/// The sandbox outcome rules (PROVIDERS.md §1.2–1.3, §5), a pure function of the request; the first rule that matches
/// decides: a QA override, <c>fail_on_create</c> in the reference, Copay's phones (733000001 success with the amount's
/// delay, 733000002 refused), then the amount's parity (even: TS after its last two digits in seconds; odd: TF at once).
/// A refund (it has no amount) succeeds at once. Time enters only through the returned delay, on the simulator clock.
/// </summary>
public static class AirtelOutcomeRules
{
    public const string Collection = "collection";
    public const string Disbursement = "disbursement";
    public const string Refund = "refund";
    public const string Kyc = "kyc";

    public const string OverrideRule = "override";
    public const string FailOnCreateRule = "fail_on_create";
    public const string CopaySuccessRule = "copay_success_phone";
    public const string CopayFailureRule = "copay_failure_phone";
    public const string EvenAmountRule = "amount_even";
    public const string OddAmountRule = "amount_odd";
    public const string RefundRule = "refund_at_once";

    /// <summary>Copay's Airtel success phone, last 9 digits.</summary>
    public const string CopaySuccessPhone = "733000001";

    /// <summary>Copay's Airtel failure phone, last 9 digits.</summary>
    public const string CopayFailurePhone = "733000002";

    /// <summary>Not enough balance.</summary>
    public const string InsufficientFunds = "DP00800001007";

    /// <summary>Refused by the payer.</summary>
    public const string Refused = "DP00800001008";

    /// <summary>[S] ESB's initiation error, for fail_on_create.</summary>
    public const string InitiationError = "ESB000004";

    public static AirtelOutcome Decide(AirtelRequestFacts facts)
    {
        if (facts.Override is { } forced)
        {
            return forced with { Rule = OverrideRule };
        }

        if (facts.Operation == Refund)
        {
            return AirtelOutcome.Settle(RefundRule, AirtelWire.Successful, TimeSpan.Zero);
        }

        if (facts.Reference?.Contains("fail_on_create", StringComparison.Ordinal) == true)
        {
            return AirtelOutcome.Reject(FailOnCreateRule, 400, InitiationError);
        }

        var lastNine = facts.Msisdn is { Length: >= 9 } m ? m[^9..] : facts.Msisdn;
        if (lastNine == CopaySuccessPhone)
        {
            return AirtelOutcome.Settle(CopaySuccessRule, AirtelWire.Successful, AmountDelay(facts.AmountMinor));
        }

        if (lastNine == CopayFailurePhone)
        {
            return AirtelOutcome.Settle(CopayFailureRule, AirtelWire.Failed, TimeSpan.Zero, Refused);
        }

        return facts.AmountMinor % 2 == 0
            ? AirtelOutcome.Settle(EvenAmountRule, AirtelWire.Successful, AmountDelay(facts.AmountMinor))
            : AirtelOutcome.Settle(OddAmountRule, AirtelWire.Failed, TimeSpan.Zero, InsufficientFunds);
    }

    /// <summary>The last two digits of the amount, in seconds: 1002 → 2 s, 1010 → 10 s, 3000 → 0 s.</summary>
    public static TimeSpan AmountDelay(long amountMinor) => TimeSpan.FromSeconds(amountMinor % 100);
}
