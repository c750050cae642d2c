using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Acme;

/// <summary>The one table from Acme's charge statuses and failure codes to ours: creation, polling and callbacks use it.</summary>
internal static class AcmeStatusMap
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Expired = "expired";

    /// <summary>A charge status; anything undocumented throws (never mapped silently).</summary>
    public static PaymentStatus ToPaymentStatus(string? status) => status switch
    {
        Pending => PaymentStatus.Pending,
        Succeeded => PaymentStatus.Paid,
        Failed => PaymentStatus.Failed,
        Expired => PaymentStatus.Expired,
        _ => throw new UnknownProviderStatusException(AcmeConnector.Id, status),
    };

    /// <summary>A failure code (of a failed charge or a refused creation) in our words; anything new is a provider error.</summary>
    public static FailureCode ToFailureCode(string? code) => code switch
    {
        "INSUFFICIENT_FUNDS" => FailureCode.InsufficientFunds,
        "DECLINED" => FailureCode.PayerDeclined,
        "PAYER_NOT_FOUND" => FailureCode.PayerNotFound,
        "LIMIT_EXCEEDED" => FailureCode.LimitExceeded,
        "EXPIRED" => FailureCode.Expired,
        _ => FailureCode.ProviderError,
    };

    /// <summary>The failure with the kit's message (Acme's free text is never shown) and Acme's raw code.</summary>
    public static Failure ToFailure(string? code) => FailureMessages.Failure(ToFailureCode(code), code);

    /// <summary>The result of a charge as Acme shows it.</summary>
    public static PaymentResult ToResult(AcmeCharge charge, string? phone)
    {
        var status = ToPaymentStatus(charge.Status);
        return status switch
        {
            PaymentStatus.Failed => PaymentResult.Known(status, charge.Status, ToFailure(charge.FailureCode), providerTransactionId: charge.Id),
            PaymentStatus.Expired => PaymentResult.Known(status, charge.Status, ToFailure(charge.FailureCode ?? "EXPIRED"), providerTransactionId: charge.Id),
            PaymentStatus.Pending when phone is not null => PaymentResult.Known(status, charge.Status,
                nextAction: new NextAction { Type = NextActionType.ApproveOnPhone, Message = $"Approve the payment on {Masking.Phone(phone)}." },
                providerTransactionId: charge.Id),
            _ => PaymentResult.Known(status, charge.Status, providerTransactionId: charge.Id),
        };
    }
}
