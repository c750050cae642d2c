using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.OrangeMoney;

/// <summary>
/// The one table from Orange's statuses and codes to ours, for creation, polling and callbacks alike (PROVIDERS §4.2:
/// <c>INITIATED</c> before the push, <c>PENDING</c>, the misspelt <c>SUCCESSFULL</c>, <c>FAILED</c>, <c>EXPIRED</c>).
/// Anything else throws <see cref="UnknownProviderStatusException"/>: never mapped silently, not even "SUCCESSFUL".
/// </summary>
internal static class OrangeMoneyStatusMap
{
    /// <summary>Orange's success code in <c>inittxnstatus</c>/<c>confirmtxnstatus</c>.</summary>
    public const string SuccessCode = "200";

    /// <summary>"Le solde du compte du payeur est insuffisant".</summary>
    public const string InsufficientFundsCode = "60019";

    public static PaymentStatus ToPaymentStatus(string? status) => status switch
    {
        "INITIATED" => PaymentStatus.Pending,
        "PENDING" => PaymentStatus.Pending,
        "SUCCESSFULL" => PaymentStatus.Paid,
        "FAILED" => PaymentStatus.Failed,
        "EXPIRED" => PaymentStatus.Expired,
        _ => throw new UnknownProviderStatusException(OrangeMoneyConnector.Id, status),
    };

    /// <summary>A cashin (payout or refund): PENDING is Orange working on it; an EXPIRED transfer did not happen.</summary>
    public static TransferStatus ToTransferStatus(string? status) => status switch
    {
        "INITIATED" => TransferStatus.Pending,
        "PENDING" => TransferStatus.Processing,
        "SUCCESSFULL" => TransferStatus.Completed,
        "FAILED" => TransferStatus.Failed,
        "EXPIRED" => TransferStatus.Failed,
        _ => throw new UnknownProviderStatusException(OrangeMoneyConnector.Id, status),
    };

    /// <summary><c>60019</c> → insufficient funds; a message saying "introuvable" → payer not found; else provider error.</summary>
    public static FailureCode ToFailureCode(string? code, string? message)
    {
        if (code == InsufficientFundsCode)
        {
            return FailureCode.InsufficientFunds;
        }

        return message?.Contains("introuvable", StringComparison.OrdinalIgnoreCase) == true
            ? FailureCode.PayerNotFound
            : FailureCode.ProviderError;
    }

    /// <summary>
    /// The failure of a FAILED or EXPIRED transaction, null for any other status. The raw code is the first of
    /// <c>confirmtxnstatus</c> and <c>inittxnstatus</c> that is not Orange's 200, else the code that prefixes the reply's
    /// message ("60019 :: Le solde…"); the message is ours, never Orange's free text.
    /// </summary>
    public static Failure? ToFailure(OrangeMoneyTransaction transaction, string? replyMessage)
    {
        if (transaction.Status is not ("FAILED" or "EXPIRED"))
        {
            return null;
        }

        var (code, message) = transaction switch
        {
            { ConfirmTxnStatus: { Length: > 0 } c } when c != SuccessCode => (c, transaction.ConfirmTxnMessage),
            { InitTxnStatus: { Length: > 0 } i } when i != SuccessCode => (i, transaction.InitTxnMessage),
            _ => (CodeOf(replyMessage), replyMessage),
        };
        message ??= replyMessage;
        return transaction.Status == "EXPIRED"
            ? FailureMessages.Failure(FailureCode.Expired, code)
            : FailureMessages.Failure(ToFailureCode(code, message), code);
    }

    /// <summary>A refusal without a transaction (a 4xx, a WSO2 fault): the code and message Orange gave.</summary>
    public static Failure ToRefusal(string? code, string? message) =>
        FailureMessages.Failure(ToFailureCode(code ?? CodeOf(message), message), code ?? CodeOf(message));

    /// <summary>"60019 :: Le solde du compte…" → "60019"; null when the message does not start with a code.</summary>
    public static string? CodeOf(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var separator = message.IndexOf("::", StringComparison.Ordinal);
        var head = (separator < 0 ? message : message[..separator]).Trim();
        return head.Length is > 0 and <= 10 && head.All(char.IsAsciiDigit) ? head : null;
    }
}
