namespace Connectors.Abstractions;

/// <summary>The status of a refund or a payout.</summary>
public enum TransferStatus
{
    /// <summary>Accepted, not done yet.</summary>
    Pending,

    /// <summary>The provider is working on it.</summary>
    Processing,

    /// <summary>The money moved.</summary>
    Completed,

    /// <summary>Final: it did not happen.</summary>
    Failed,
}

/// <summary>A provider's answer about a refund or a payout.</summary>
public sealed record TransferResult
{
    /// <summary>Whether the answer is known.</summary>
    public required OperationOutcome Outcome { get; init; }

    /// <summary>The mapped status when known.</summary>
    public TransferStatus? Status { get; init; }

    /// <summary>The provider's own id, when it differs from the hub's reference.</summary>
    public string? ProviderTransactionId { get; init; }

    /// <summary>The raw status, for audit.</summary>
    public string? ProviderStatus { get; init; }

    /// <summary>Why it failed.</summary>
    public Failure? Failure { get; init; }

    /// <summary>For unknown and not-sent outcomes: what happened.</summary>
    public string? Detail { get; init; }

    /// <summary>A known status.</summary>
    public static TransferResult Known(TransferStatus status, string? providerStatus = null, Failure? failure = null,
        string? providerTransactionId = null) => new()
    {
        Outcome = OperationOutcome.Completed,
        Status = status,
        ProviderStatus = providerStatus,
        Failure = failure,
        ProviderTransactionId = providerTransactionId,
    };

    /// <summary>The outcome is unknown: reconcile, never resend blindly.</summary>
    public static TransferResult Unknown(string detail) => new() { Outcome = OperationOutcome.Unknown, Detail = detail };

    /// <summary>The request certainly never reached the provider.</summary>
    public static TransferResult NotSent(string detail) => new() { Outcome = OperationOutcome.NotSent, Detail = detail };

    /// <summary>The provider answered that it does not know the reference.</summary>
    public static TransferResult NotFound(string detail) => new() { Outcome = OperationOutcome.NotFound, Detail = detail };
}

/// <summary>A refund of a paid payment.</summary>
public sealed record RefundRequest
{
    /// <summary>The hub's refund id, "ref_…".</summary>
    public required string RefundId { get; init; }

    /// <summary>The reference the hub chose for the refund and stored before the call.</summary>
    public required string ProviderReference { get; init; }

    /// <summary>The payment's stored reference.</summary>
    public required string PaymentProviderReference { get; init; }

    /// <summary>The provider's own id of the payment, if it gave one.</summary>
    public string? PaymentProviderTransactionId { get; init; }

    /// <summary>How much to return.</summary>
    public required Money Amount { get; init; }

    /// <summary>The payment's whole amount.</summary>
    public required Money PaymentAmount { get; init; }

    /// <summary>The payer's E.164 phone, for wallets that refund by transfer.</summary>
    public string? PayerPhone { get; init; }

    /// <summary>Why.</summary>
    public string? Reason { get; init; }

    /// <summary>Masks the phone: records end up in logs.</summary>
    public override string ToString() =>
        $"RefundRequest {{ RefundId = {RefundId}, Amount = {Amount}, PayerPhone = {Masking.Phone(PayerPhone)} }}";
}

/// <summary>Who receives a payout.</summary>
public sealed record PayoutRecipient
{
    /// <summary>E.164 phone number.</summary>
    public string? Phone { get; init; }

    /// <summary>A Pix key.</summary>
    public string? PixKey { get; init; }

    /// <summary>The recipient's name.</summary>
    public string? Name { get; init; }

    /// <summary>Masks the phone.</summary>
    public override string ToString() => $"PayoutRecipient {{ Phone = {Masking.Phone(Phone)} }}";
}

/// <summary>A payout (disbursement) to create.</summary>
public sealed record PayoutRequest
{
    /// <summary>The hub's payout id, "po_…".</summary>
    public required string PayoutId { get; init; }

    /// <summary>The reference the hub chose and stored before the call.</summary>
    public required string ProviderReference { get; init; }

    /// <summary>How much.</summary>
    public required Money Amount { get; init; }

    /// <summary>How the money goes out.</summary>
    public required PaymentMethod Method { get; init; }

    /// <summary>Who receives it.</summary>
    public required PayoutRecipient Recipient { get; init; }

    /// <summary>Free text.</summary>
    public string? Description { get; init; }

    /// <summary>The merchant's own id.</summary>
    public string? ExternalId { get; init; }
}

/// <summary>A reference to a refund or payout the hub already sent.</summary>
/// <param name="Id">The hub's id, "ref_…" or "po_…".</param>
/// <param name="ProviderReference">The reference the hub chose.</param>
/// <param name="Amount">The amount.</param>
public sealed record TransferStatusRequest(string Id, string ProviderReference, Money Amount);

/// <summary>Cancel or capture a payment the provider knows.</summary>
public sealed record PaymentOperationRequest
{
    /// <summary>The hub's payment id.</summary>
    public required string PaymentId { get; init; }

    /// <summary>The stored reference.</summary>
    public required string ProviderReference { get; init; }

    /// <summary>The provider's own id, if it gave one.</summary>
    public string? ProviderTransactionId { get; init; }

    /// <summary>The amount to capture, or the payment's amount.</summary>
    public required Money Amount { get; init; }
}

/// <summary>The answer to an account-holder lookup.</summary>
public sealed record AccountHolderResult
{
    /// <summary>Whether the answer is known.</summary>
    public required OperationOutcome Outcome { get; init; }

    /// <summary>Whether the account exists and can pay or receive.</summary>
    public bool IsActive { get; init; }

    /// <summary>The holder's name, where the provider tells it.</summary>
    public string? Name { get; init; }

    /// <summary>For unknown outcomes: what happened.</summary>
    public string? Detail { get; init; }
}
