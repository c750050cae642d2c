using Connectors.Abstractions;

namespace Connectors.Airtel;

/// <summary>What a DP <c>response_code</c> says, beside the transaction's status.</summary>
internal enum AirtelCodeKind
{
    /// <summary>DP00800001000: ambiguous, re-query (processing).</summary>
    Ambiguous,

    /// <summary>DP00800001001, DP00900001001: the transaction succeeded.</summary>
    Success,

    /// <summary>DP00800001006: the push was sent, the payer has not answered (pending).</summary>
    InProcess,

    /// <summary>DP00800001025: no such transaction.</summary>
    NotFound,

    /// <summary>A failure, with its canonical code.</summary>
    Failure,
}

/// <summary>A DP code's meaning.</summary>
/// <param name="Kind">What it says.</param>
/// <param name="Failure">For <see cref="AirtelCodeKind.Failure"/>: the canonical code.</param>
internal sealed record AirtelCode(AirtelCodeKind Kind, FailureCode? Failure = null);

/// <summary>ESB's <c>result_code</c> (PROVIDERS §5.2).</summary>
internal enum AirtelEsbResult
{
    /// <summary>ESB000010.</summary>
    Success,

    /// <summary>ESB000001.</summary>
    Error,

    /// <summary>ESB000004.</summary>
    InitiationError,

    /// <summary>ESB000008.</summary>
    ValidationError,

    /// <summary>ESB000034.</summary>
    InvalidCountry,

    /// <summary>ESB000035.</summary>
    InvalidCurrency,

    /// <summary>ESB000041: the transaction id was used before; the answer is its status (GET), never a second charge.</summary>
    DuplicateTransactionId,

    /// <summary>ESB000045.</summary>
    NotFound,
}

/// <summary>
/// The one table from Airtel's words to ours, for create replies, status queries, refunds, payouts and callbacks alike:
/// the transaction statuses TIP/TA/TS/TF, every documented DP response code and every documented ESB result code.
/// An undocumented status throws <see cref="UnknownProviderStatusException"/>; an undocumented code is null (a TF with
/// one still fails, as provider_error).
/// </summary>
internal static class AirtelStatusMap
{
    public const string InProgress = "TIP";
    public const string Ambiguous = "TA";
    public const string Successful = "TS";
    public const string Failed = "TF";

    /// <summary>The refund reply's word for done.</summary>
    public const string RefundSuccess = "SUCCESS";

    public const string DuplicateCode = "ESB000041";
    public const string NotFoundCode = "ESB000045";
    public const string TransactionNotFound = "DP00800001025";

    /// <summary>
    /// Whether <paramref name="status"/> is no transaction status but the word of an accepted call (the push's "SUCCESS",
    /// "Success.", or none at all): its DP code says what happened.
    /// </summary>
    public static bool IsAcceptedWord(string? status) =>
        string.IsNullOrEmpty(status) || status.TrimEnd('.').Equals(RefundSuccess, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="status"/> is one of the four transaction statuses.</summary>
    public static bool IsTransactionStatus(string? status) => status is InProgress or Ambiguous or Successful or Failed;

    /// <summary>A payment's status from its transaction status and DP code (TF + 005/024/029 is expired).</summary>
    public static PaymentStatus ToPaymentStatus(string? status, string? responseCode) => status switch
    {
        InProgress => PaymentStatus.Pending,
        // Ambiguous: never final; the reconciler asks again.
        Ambiguous => PaymentStatus.Processing,
        Successful => PaymentStatus.Paid,
        Failed when Collection(responseCode) is { Failure: FailureCode.Expired } => PaymentStatus.Expired,
        Failed => PaymentStatus.Failed,
        _ => throw new UnknownProviderStatusException(AirtelConnector.Id, status),
    };

    /// <summary>A refund's or payout's status; a refund's "SUCCESS" is completed.</summary>
    public static TransferStatus ToTransferStatus(string? status) => status switch
    {
        InProgress => TransferStatus.Pending,
        Ambiguous => TransferStatus.Processing,
        Successful or RefundSuccess => TransferStatus.Completed,
        Failed => TransferStatus.Failed,
        _ => throw new UnknownProviderStatusException(AirtelConnector.Id, status),
    };

    /// <summary>The failure of a TF (or of a refused call): the DP code's, else provider_error.</summary>
    public static FailureCode FailureOf(string? responseCode) =>
        (Collection(responseCode) ?? Disbursement(responseCode)) is { Kind: AirtelCodeKind.Failure, Failure: { } code }
            ? code
            : FailureCode.ProviderError;

    /// <summary>The collection response codes DP00800001xxx; null for one Airtel does not document.</summary>
    public static AirtelCode? Collection(string? responseCode) => responseCode switch
    {
        "DP00800001000" => new(AirtelCodeKind.Ambiguous),
        "DP00800001001" => new(AirtelCodeKind.Success),
        "DP00800001006" => new(AirtelCodeKind.InProcess),
        TransactionNotFound => new(AirtelCodeKind.NotFound),
        // Wrong PIN, refused by the payer, do not honour.
        "DP00800001002" or "DP00800001008" or "DP00800001009" => Failure(FailureCode.PayerDeclined),
        // Over the payer's transaction limit.
        "DP00800001003" => Failure(FailureCode.LimitExceeded),
        // Amount too low; signature mismatch (the merchant's side).
        "DP00800001004" or "DP00800001026" => Failure(FailureCode.ProviderError),
        // PIN not entered, timed out, expired: the prompt went unanswered.
        "DP00800001005" or "DP00800001024" or "DP00800001029" => Failure(FailureCode.Expired),
        "DP00800001007" => Failure(FailureCode.InsufficientFunds),
        // Not permitted to the payee.
        "DP00800001010" => Failure(FailureCode.InvalidAccount),
        _ => null,
    };

    /// <summary>The disbursement response codes; null for one Airtel does not document.</summary>
    public static AirtelCode? Disbursement(string? responseCode) => responseCode switch
    {
        "DP00900001001" => new(AirtelCodeKind.Success),
        // The encrypted PIN (the request's signature) did not match.
        "DP00900001016" => Failure(FailureCode.ProviderError),
        _ => null,
    };

    /// <summary>ESB's result codes; null for one Airtel does not document.</summary>
    public static AirtelEsbResult? Esb(string? resultCode) => resultCode switch
    {
        "ESB000010" => AirtelEsbResult.Success,
        "ESB000001" => AirtelEsbResult.Error,
        "ESB000004" => AirtelEsbResult.InitiationError,
        "ESB000008" => AirtelEsbResult.ValidationError,
        "ESB000034" => AirtelEsbResult.InvalidCountry,
        "ESB000035" => AirtelEsbResult.InvalidCurrency,
        DuplicateCode => AirtelEsbResult.DuplicateTransactionId,
        NotFoundCode => AirtelEsbResult.NotFound,
        _ => null,
    };

    private static AirtelCode Failure(FailureCode code) => new(AirtelCodeKind.Failure, code);
}
