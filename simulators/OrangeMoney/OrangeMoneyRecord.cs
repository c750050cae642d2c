using Simulators.Kit;

namespace Simulators.OrangeMoney;

/// <summary>
/// One accepted mp/pay or cashin/pay (its <see cref="SimTransaction.Reference"/> is the payToken); mutable, guarded by
/// the simulator's lock. <see cref="SimTransaction.FinalAt"/> is when its outcome shows.
/// </summary>
public sealed class OrangeMoneyRecord : SimTransaction
{
    /// <summary>"mp" or "cashin".</summary>
    public required string Operation { get; init; }

    public required long Id { get; init; }

    public required string OrderId { get; init; }

    public required string Amount { get; init; }

    public required long AmountMinor { get; init; }

    public required string SubscriberMsisdn { get; init; }

    public required string ChannelUserMsisdn { get; init; }

    public required string? Description { get; init; }

    public required string? NotifUrl { get; init; }

    public required string TxnId { get; init; }

    public required OrangeMoneyOutcome Outcome { get; init; }

    /// <summary>USSD pushes sent to the subscriber: one by the pay call, one per mp/push (a repeated pay sends none).</summary>
    public int Pushes { get; set; } = 1;

    public string? ResolvedStatus { get; private set; }

    public string? ResolvedCode { get; private set; }

    public void Resolve(string status, string? code)
    {
        ResolvedStatus = status;
        ResolvedCode = status == "FAILED" ? code ?? OrangeMoneyOutcomeRules.InsufficientFundsCode : null;
    }

    /// <summary>The status at <paramref name="now"/>, with confirmtxnstatus and confirmtxnmessage.</summary>
    public (string Status, string? Code, string? Message) StatusAt(DateTimeOffset now)
    {
        if (ResolvedStatus is { } resolved)
        {
            return (resolved, ResolvedCode ?? (resolved == "SUCCESSFULL" ? "200" : null), MessageFor(resolved, ResolvedCode, null));
        }

        if (now >= FinalAt)
        {
            var status = Outcome.FinalStatus;
            var code = status == "SUCCESSFULL" ? "200" : Outcome.Code;
            return (status, code, MessageFor(status, code, Outcome.Message));
        }

        return ("PENDING", null, null);
    }

    private string? MessageFor(string status, string? code, string? message) => status switch
    {
        "SUCCESSFULL" => $"Successful Payment of {Amount} XAF. Transaction ID:{TxnId}, Order:{OrderId}",
        "FAILED" => message ?? (code == OrangeMoneyOutcomeRules.InsufficientFundsCode
            ? OrangeMoneyOutcomeRules.InsufficientFundsMessage
            : $"{code} :: Transaction échouée"),
        "EXPIRED" => null,
        _ => message,
    };
}

/// <summary>A payToken from mp/init or cashin/init; until its pay call it reads INITIATED (FAILED after a 417).</summary>
public sealed record OrangeMoneyInit(string PayToken, string Operation, long Id, DateTimeOffset CreatedAt)
{
    /// <summary>Set by a synchronous rejection of its pay call (417): the code and message of inittxnstatus.</summary>
    public (string Code, string Message, string OrderId, string Amount, string SubscriberMsisdn)? Rejection { get; set; }
}

/// <summary>A transaction as the simulator shows it now (its status read on the simulator clock).</summary>
public sealed record SimulatedOrangeTransaction(
    string PayToken,
    string Operation,
    string OrderId,
    string Amount,
    string SubscriberMsisdn,
    string ChannelUserMsisdn,
    string? Description,
    string? NotifUrl,
    DateTimeOffset CreatedAt,
    string Status,
    string? ConfirmTxnStatus,
    string? TxnId,
    string Rule,
    int Pushes,
    CallbackMode CallbackMode);
