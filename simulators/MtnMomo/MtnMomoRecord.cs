using Simulators.Kit;

namespace Simulators.MtnMomo;

/// <summary>One accepted request to pay, transfer or refund; mutable, guarded by the simulator's lock.</summary>
public sealed class MtnMomoRecord : SimTransaction
{
    /// <summary>requesttopay, transfer or refund.</summary>
    public required string Operation { get; init; }

    public required string? ExternalId { get; init; }

    public required string Amount { get; init; }

    public required string Currency { get; init; }

    public required long AmountMinor { get; init; }

    /// <summary>"payer", "payee", or null for a refund.</summary>
    public required string? PartyField { get; init; }

    public required string? PartyIdType { get; init; }

    public required string? PartyId { get; init; }

    public required string? PayerMessage { get; init; }

    public required string? PayeeNote { get; init; }

    public required string? ReferenceIdToRefund { get; init; }

    public required string? CallbackUrl { get; init; }

    public required string TargetEnvironment { get; init; }

    public required string ApiUser { get; init; }

    public required MtnMomoOutcome Outcome { get; init; }

    public required string FinancialTransactionId { get; init; }

    public string? ResolvedStatus { get; private set; }

    public string? ResolvedReason { get; private set; }

    private bool _seenSuccessful;

    public void Resolve(string status, string? reason)
    {
        ResolvedStatus = status;
        ResolvedReason = status == "FAILED" ? reason ?? "INTERNAL_PROCESSING_ERROR" : null;
    }

    /// <summary>The status at <paramref name="now"/>; <paramref name="asked"/> is true for a GET, which is what moves
    /// 46733123453 on once 30 s have passed.</summary>
    public (string Status, string? Reason) StatusAt(DateTimeOffset now, bool asked)
    {
        if (ResolvedStatus is not null)
        {
            return (ResolvedStatus, ResolvedReason);
        }

        return Outcome.Kind switch
        {
            MtnMomoOutcomeKind.Successful when now >= FinalAt => ("SUCCESSFUL", null),
            MtnMomoOutcomeKind.Failed when now >= FinalAt => ("FAILED", Outcome.Reason),
            MtnMomoOutcomeKind.SuccessfulWhenAskedAfter when _seenSuccessful || (asked && now >= FinalAt) => Seen(),
            _ => ("PENDING", null),
        };
    }

    public SimulatedTransaction Snapshot(DateTimeOffset now)
    {
        var (status, reason) = StatusAt(now, asked: false);
        return new SimulatedTransaction(
            Reference, Operation, ExternalId, Amount, Currency, AmountMinor, PartyIdType, PartyId, PayerMessage,
            PayeeNote, ReferenceIdToRefund, CallbackUrl, TargetEnvironment, ApiUser, CreatedAt, status, reason,
            status == "SUCCESSFUL" ? FinancialTransactionId : null, Outcome.Rule, (MtnMomoCallbackMode)CallbackMode);
    }

    private (string, string?) Seen()
    {
        _seenSuccessful = true;
        return ("SUCCESSFUL", null);
    }
}
