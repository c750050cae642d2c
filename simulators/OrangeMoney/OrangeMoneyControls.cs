using Simulators.Kit;

namespace Simulators.OrangeMoney;

/// <summary>Forces the outcome of the pay calls it matches (<c>POST /__sim/overrides</c>); <see cref="OverrideMatch.Reference"/>
/// is the orderId (the hub's reference), <see cref="OverrideMatch.Operation"/> "mp" or "cashin".</summary>
public sealed record OrangeMoneyOverride : SimOverride<OrangeMoneyOverrideOutcome>;

public sealed record OrangeMoneyOverrideOutcome
{
    /// <summary>
    /// The status once due: SUCCESSFULL, FAILED, EXPIRED, PENDING (then EXPIRED 300 s after the pay call), or any text
    /// (to test a connector against a status Orange does not document). Ignored when <see cref="HttpStatus"/> is set.
    /// </summary>
    public string Status { get; init; } = "SUCCESSFULL";

    /// <summary>The code: confirmtxnstatus of a FAILED status ("60019"), or inittxnstatus of a synchronous refusal.</summary>
    public string? Reason { get; init; }

    /// <summary>confirmtxnmessage (or inittxnmessage): e.g. "Compte du payeur introuvable".</summary>
    public string? Message { get; init; }

    public int DelaySeconds { get; init; }

    /// <summary>A synchronous refusal instead of the 200 (417: FAILED with inittxnstatus <see cref="Reason"/>, default 60019).</summary>
    public int? HttpStatus { get; init; }

    public CallbackMode? CallbackMode { get; init; }

    /// <summary>As the outcome rules take it.</summary>
    public OrangeMoneyOutcome ToOutcome()
    {
        if (HttpStatus is { } status && status is not (200 or 201))
        {
            var code = Reason ?? OrangeMoneyOutcomeRules.InsufficientFundsCode;
            return OrangeMoneyOutcome.Reject(OrangeMoneyOutcomeRules.OverrideRule, status, code,
                Message ?? (code == OrangeMoneyOutcomeRules.InsufficientFundsCode ? OrangeMoneyOutcomeRules.InsufficientFundsMessage : $"{code} :: Transaction refusée"));
        }

        var pending = string.Equals(Status, "PENDING", StringComparison.OrdinalIgnoreCase);
        var final = pending ? "EXPIRED" : Status;
        var delay = pending ? OrangeMoneyOutcomeRules.ExpireAfter : TimeSpan.FromSeconds(DelaySeconds);
        return OrangeMoneyOutcome.Settle(OrangeMoneyOutcomeRules.OverrideRule, final, delay,
            final == "FAILED" ? Reason ?? OrangeMoneyOutcomeRules.InsufficientFundsCode : Reason, Message);
    }
}
