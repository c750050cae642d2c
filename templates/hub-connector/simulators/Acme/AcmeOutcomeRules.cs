namespace Simulators.Acme;

/// <summary>What the simulator does with a charge: refuse it at once, or end it in a status after a delay.</summary>
/// <param name="Rule">Which rule decided, for /__sim/transactions.</param>
/// <param name="HttpStatus">201, or the synchronous refusal's status.</param>
/// <param name="Code">The refusal's error code, or the failed charge's failure_code.</param>
/// <param name="FinalStatus">succeeded, failed, expired, or pending (for ever).</param>
/// <param name="Delay">When the final status applies, after the creation.</param>
public sealed record AcmeOutcome(string Rule, int HttpStatus, string? Code, string FinalStatus, TimeSpan Delay)
{
    /// <summary>Refused before anything is stored.</summary>
    public bool Rejected => HttpStatus != 201;
}

/// <summary>
/// Acme's sandbox rules. An override (<c>/__sim/overrides</c>) comes first; then a payer phone ending in 0000 is refused
/// at once (422 PAYER_NOT_FOUND, nothing stored); then the amount decides: even → succeeded, odd → failed
/// INSUFFICIENT_FUNDS, after the amount's last two digits in seconds (1002 → 2 s, 1000 → at once).
/// </summary>
public static class AcmeOutcomeRules
{
    public static AcmeOutcome Decide(long amount, string phone, AcmeOverrideOutcome? forced)
    {
        if (forced is not null)
        {
            return new AcmeOutcome("override", forced.HttpStatus ?? 201, forced.HttpStatus is null ? forced.FailureCode : forced.Code,
                forced.Status, TimeSpan.FromSeconds(forced.DelaySeconds));
        }

        if (phone.EndsWith("0000", StringComparison.Ordinal))
        {
            return new AcmeOutcome("phone ending 0000", 422, "PAYER_NOT_FOUND", "failed", TimeSpan.Zero);
        }

        var delay = TimeSpan.FromSeconds(amount % 100);
        return amount % 2 == 0
            ? new AcmeOutcome("even amount", 201, null, "succeeded", delay)
            : new AcmeOutcome("odd amount", 201, "INSUFFICIENT_FUNDS", "failed", delay);
    }
}

/// <summary>The outcome payload of <c>/__sim/overrides</c>: <c>{"status":"failed","failureCode":"DECLINED"}</c>.</summary>
public sealed record AcmeOverrideOutcome
{
    /// <summary>pending (for ever), succeeded, failed, expired, or anything else (an undocumented status).</summary>
    public string Status { get; init; } = "succeeded";

    /// <summary>The failure_code of a failed or expired charge.</summary>
    public string? FailureCode { get; init; }

    public int DelaySeconds { get; init; }

    /// <summary>A synchronous refusal instead of the 201 (e.g. 422 with <see cref="Code"/>).</summary>
    public int? HttpStatus { get; init; }

    public string? Code { get; init; }
}
