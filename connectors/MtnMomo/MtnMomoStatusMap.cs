using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.MtnMomo;

/// <summary>
/// The one table from MTN's statuses and reasons to ours, for creation, polling and callbacks alike
/// (MTN's "Common Error Codes" page under https://momodeveloper.mtn.com/api-documentation, checked 2026-11).
/// </summary>
internal static class MtnMomoStatusMap
{
    public static PaymentStatus ToPaymentStatus(string? status, string? reason) => (status, reason) switch
    {
        ("PENDING", _) => PaymentStatus.Pending,
        ("SUCCESSFUL", _) => PaymentStatus.Paid,
        // An unanswered PIN prompt (about five minutes) comes back as FAILED with one of these reasons.
        ("FAILED", "EXPIRED" or "COULD_NOT_PERFORM_TRANSACTION") => PaymentStatus.Expired,
        ("FAILED", _) => PaymentStatus.Failed,
        _ => throw new UnknownProviderStatusException(MtnMomoConnector.Id, status),
    };

    /// <summary>
    /// A transfer's or refund's status (PROVIDERS §3.3): FAILED is failed whatever the reason, EXPIRED included (the
    /// reason's failure code still says expired).
    /// </summary>
    public static TransferStatus ToTransferStatus(string? status) => status switch
    {
        "PENDING" => TransferStatus.Pending,
        "SUCCESSFUL" => TransferStatus.Completed,
        "FAILED" => TransferStatus.Failed,
        _ => throw new UnknownProviderStatusException(MtnMomoConnector.Id, status),
    };

    /// <summary>A reason (of a FAILED status, or a business error code) in our words.</summary>
    public static FailureCode ToFailureCode(string? reason) => reason switch
    {
        "NOT_ENOUGH_FUNDS" => FailureCode.InsufficientFunds,
        "APPROVAL_REJECTED" or "PAYMENT_NOT_APPROVED" => FailureCode.PayerDeclined,
        "PAYER_NOT_FOUND" or "PAYEE_NOT_FOUND" => FailureCode.PayerNotFound,
        "PAYER_LIMIT_REACHED" => FailureCode.LimitExceeded,
        "PAYEE_NOT_ALLOWED_TO_RECEIVE" or "SENDER_ACCOUNT_NOT_ACTIVE" => FailureCode.InvalidAccount,
        "EXPIRED" or "COULD_NOT_PERFORM_TRANSACTION" => FailureCode.Expired,
        // INTERNAL_PROCESSING_ERROR is "predominantly" insufficient funds, says MTN, but not always: we do not guess.
        _ => FailureCode.ProviderError,
    };

    /// <summary>The failure of a FAILED status, or null for any other status.</summary>
    public static Failure? ToFailure(string? status, MtnMomoReason? reason) => status == "FAILED"
        ? ToFailure(reason?.Code)
        : null;

    /// <summary>
    /// A failure from MTN's code, keeping the raw code for audit. The message is ours: MTN's free text is not shown
    /// to merchants (an unsigned callback could carry anything).
    /// </summary>
    public static Failure ToFailure(string? providerCode)
    {
        var code = ToFailureCode(providerCode);
        return new Failure(code, Describe(code), providerCode);
    }

    private static string Describe(FailureCode code) => code switch
    {
        FailureCode.PayerNotFound => "MTN knows no wallet for this number.",
        FailureCode.ProviderError => "MTN refused or failed the request.",
        _ => FailureMessages.For(code),
    };
}
