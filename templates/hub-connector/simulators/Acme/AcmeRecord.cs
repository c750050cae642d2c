using Simulators.Kit;

namespace Simulators.Acme;

/// <summary>One accepted charge; mutable, guarded by the simulator's lock.</summary>
public sealed class AcmeRecord : SimTransaction
{
    /// <summary>Acme's own id: "ch_…".</summary>
    public required string ChargeId { get; init; }

    public required long Amount { get; init; }

    public required string Currency { get; init; }

    public required string Phone { get; init; }

    public required string? Description { get; init; }

    public required string? CallbackUrl { get; init; }

    public required AcmeOutcome Outcome { get; init; }

    public string? ResolvedStatus { get; private set; }

    public string? ResolvedCode { get; private set; }

    public void Resolve(string status, string? code)
    {
        ResolvedStatus = status;
        ResolvedCode = code;
    }

    /// <summary>The status and failure code at <paramref name="now"/>.</summary>
    public (string Status, string? FailureCode) StatusAt(DateTimeOffset now) =>
        ResolvedStatus is not null ? (ResolvedStatus, ResolvedCode)
        : now >= FinalAt ? (Outcome.FinalStatus, Outcome.FinalStatus is "failed" or "expired" ? Outcome.Code : null)
        : ("pending", null);
}
