using Simulators.Kit;

namespace Simulators.Airtel;

/// <summary>
/// One accepted collection, disbursement or refund; its <see cref="SimTransaction.Reference"/> is the transaction id
/// (ours: pay_…, po_…), or "refund:{airtel_money_id}" for a refund. Mutable, guarded by the simulator's lock.
/// </summary>
public sealed class AirtelRecord : SimTransaction
{
    /// <summary>"collection", "disbursement" or "refund".</summary>
    public required string Operation { get; init; }

    /// <summary>transaction.id as sent (a refund: the refunded transaction's id).</summary>
    public required string TransactionId { get; init; }

    public required string AirtelMoneyId { get; init; }

    /// <summary>The amount as sent on the wire ("5000").</summary>
    public required string Amount { get; init; }

    public required long AmountMinor { get; init; }

    public required string? Msisdn { get; init; }

    /// <summary>Airtel's <c>reference</c> (the hub's free text).</summary>
    public required string? ReferenceText { get; init; }

    public required AirtelOutcome Outcome { get; init; }

    /// <summary>For a refund: the airtel_money_id of the refunded collection.</summary>
    public string? RefundOf { get; init; }

    /// <summary>Set when a refund of this collection succeeded.</summary>
    public bool Refunded { get; set; }

    public string? ResolvedStatus { get; private set; }

    public string? ResolvedCode { get; private set; }

    public void Resolve(string status, string? code)
    {
        ResolvedStatus = status;
        ResolvedCode = code;
    }

    /// <summary>The status at <paramref name="now"/> and its DP response code.</summary>
    public (string Status, string Code) StatusAt(DateTimeOffset now)
    {
        var (status, code) = ResolvedStatus is { } resolved
            ? (resolved, ResolvedCode)
            : now >= FinalAt ? (Outcome.FinalStatus, Outcome.Code) : (AirtelWire.InProgress, null);
        return (status, code ?? UsualCode(status));
    }

    /// <summary>data.transaction.message for the status now.</summary>
    public string MessageAt(DateTimeOffset now)
    {
        var (status, code) = StatusAt(now);
        if (ResolvedStatus is null && now >= FinalAt && Outcome.Message is { } forced)
        {
            return forced;
        }

        return status == AirtelWire.Successful && Operation == AirtelOutcomeRules.Collection
            ? AirtelWire.PaidMessage(AmountMinor, AirtelMoneyId)
            : AirtelWire.MessageFor(status, code);
    }

    private string UsualCode(string status) => (status, Operation) switch
    {
        (AirtelWire.InProgress, _) => AirtelWire.CollectionInProcess,
        (AirtelWire.Ambiguous, _) => AirtelWire.CollectionAmbiguous,
        (AirtelWire.Successful, AirtelOutcomeRules.Disbursement) => AirtelWire.DisbursementSuccess,
        (AirtelWire.Successful, _) => AirtelWire.CollectionSuccess,
        _ => AirtelOutcomeRules.InsufficientFunds,
    };
}

/// <summary>A transaction as the simulator shows it now (its status read on the simulator clock).</summary>
public sealed record SimulatedAirtelTransaction(
    string Reference,
    string Operation,
    string TransactionId,
    string AirtelMoneyId,
    string Amount,
    string? Msisdn,
    string? ReferenceText,
    DateTimeOffset CreatedAt,
    string Status,
    string ResponseCode,
    string Message,
    string Rule,
    string? RefundOf,
    bool Refunded,
    CallbackMode CallbackMode);
