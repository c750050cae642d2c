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

    /// <summary>New connector data for the refund or payout; null keeps what is stored.</summary>
    public string? ConnectorData { get; init; }
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

    /// <summary>The payment's connector data.</summary>
    public string? PaymentConnectorData { get; init; }

    /// <summary>The refund's connector data last saved (a resumed refund), or null.</summary>
    public string? ConnectorData { get; init; }

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

    /// <summary>The payout's connector data last saved (a resumed payout), or null.</summary>
    public string? ConnectorData { get; init; }
}

/// <summary>A refund or payout the hub already sent, to ask about.</summary>
public sealed record TransferStatusRequest
{
    /// <summary>The hub's id, "ref_…" or "po_…".</summary>
    public required string Id { get; init; }

    /// <summary>The reference the hub chose.</summary>
    public required string ProviderReference { get; init; }

    /// <summary>The provider's own id, once known.</summary>
    public string? ProviderTransactionId { get; init; }

    /// <summary>The amount.</summary>
    public required Money Amount { get; init; }

    /// <summary>The refund's or payout's connector data.</summary>
    public string? ConnectorData { get; init; }

    /// <summary>For a refund: the payment's stored reference (Pix reads a devolução under the payment's endToEndId).</summary>
    public string? PaymentProviderReference { get; init; }

    /// <summary>For a refund: the payment's provider transaction id.</summary>
    public string? PaymentProviderTransactionId { get; init; }
}

/// <summary>A payment the provider knows, to capture or cancel.</summary>
public abstract record PaymentOperationRequest
{
    /// <summary>The hub's payment id.</summary>
    public required string PaymentId { get; init; }

    /// <summary>The stored reference.</summary>
    public required string ProviderReference { get; init; }

    /// <summary>The provider's own id, if it gave one.</summary>
    public string? ProviderTransactionId { get; init; }

    /// <summary>The payment's amount.</summary>
    public required Money PaymentAmount { get; init; }

    /// <summary>The payment's status in the hub now: a cancel voids an authorization but removes a pending charge.</summary>
    public required PaymentStatus Status { get; init; }

    /// <summary>The payment's connector data.</summary>
    public string? ConnectorData { get; init; }
}

/// <summary>Captures an authorization, fully or in part (once: the rest is released).</summary>
public sealed record CapturePaymentRequest : PaymentOperationRequest
{
    /// <summary>How much to capture: at most <see cref="PaymentOperationRequest.PaymentAmount"/>.</summary>
    public required Money Amount { get; init; }
}

/// <summary>Cancels a payment not yet paid: voids an authorization, removes a pending charge, expires an invoice.</summary>
public sealed record CancelPaymentRequest : PaymentOperationRequest;

/// <summary>Who holds an account, by phone.</summary>
public sealed record AccountHolderRequest
{
    /// <summary>The E.164 phone number.</summary>
    public required string Phone { get; init; }

    /// <summary>Masks the phone.</summary>
    public override string ToString() => $"AccountHolderRequest {{ Phone = {Masking.Phone(Phone)} }}";
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
