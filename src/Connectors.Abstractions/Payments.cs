namespace Connectors.Abstractions;

/// <summary>Who pays. The phone is already E.164 ("+237671234567"): the hub normalized it at the edge.</summary>
public sealed record PaymentPayer
{
    /// <summary>E.164 phone number, with the "+".</summary>
    public string? Phone { get; init; }

    /// <summary>The payer's name.</summary>
    public string? Name { get; init; }

    /// <summary>The payer's e-mail.</summary>
    public string? Email { get; init; }

    /// <summary>"cpf", "cnpj", "nid"…</summary>
    public string? DocumentType { get; init; }

    /// <summary>The document's number, digits only.</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>Masks the phone: records end up in logs.</summary>
    public override string ToString() => $"PaymentPayer {{ Phone = {Masking.Phone(Phone)} }}";
}

/// <summary>
/// A card as the merchant sent it. It lives only in memory for the one call: the hub never stores or logs the
/// number or the CVC, and neither may a connector.
/// </summary>
public sealed record PaymentCard
{
    /// <summary>The PAN, digits only.</summary>
    public required string Number { get; init; }

    /// <summary>1 to 12.</summary>
    public required int ExpMonth { get; init; }

    /// <summary>Four digits.</summary>
    public required int ExpYear { get; init; }

    /// <summary>The security code.</summary>
    public string? Cvc { get; init; }

    /// <summary>The name on the card.</summary>
    public string? HolderName { get; init; }

    /// <summary>Never prints the number or the CVC.</summary>
    public override string ToString() => $"PaymentCard {{ Number = {Masking.CardNumber(Number)} }}";
}

/// <summary>What the payer must do next.</summary>
public enum NextActionType
{
    /// <summary>Approve a USSD push on the phone.</summary>
    ApproveOnPhone,

    /// <summary>Open <see cref="NextAction.Url"/> (bank page, web payment, 3-D Secure).</summary>
    Redirect,

    /// <summary>Pay a Pix BR Code.</summary>
    PixQr,
}

/// <summary>The next step for the payer, shown in the payment's <c>nextAction</c>.</summary>
public sealed record NextAction
{
    /// <summary>The kind of step.</summary>
    public required NextActionType Type { get; init; }

    /// <summary>A sentence for the payer: "Approve the prompt on +237671234567".</summary>
    public string? Message { get; init; }

    /// <summary>Where to send the payer, for <see cref="NextActionType.Redirect"/>.</summary>
    public Uri? Url { get; init; }

    /// <summary>The Pix "copia e cola" text.</summary>
    public string? QrCode { get; init; }

    /// <summary>An image of the QR code.</summary>
    public Uri? QrImageUrl { get; init; }

    /// <summary>When the step stops being possible.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>A payment to create at the provider.</summary>
public sealed record CreatePaymentRequest
{
    /// <summary>The hub's payment id, "pay_…".</summary>
    public required string PaymentId { get; init; }

    /// <summary>
    /// The reference the hub chose with <see cref="IConnector.NewProviderReference"/> and stored before this call.
    /// It is the same on every retry of this payment, so a resend is harmless where the provider honours it.
    /// </summary>
    public required string ProviderReference { get; init; }

    /// <summary>How much, in minor units.</summary>
    public required Money Amount { get; init; }

    /// <summary>How the payer pays.</summary>
    public required PaymentMethod Method { get; init; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; init; }

    /// <summary>Who pays.</summary>
    public required PaymentPayer Payer { get; init; }

    /// <summary>The card, for card payments only.</summary>
    public PaymentCard? Card { get; init; }

    /// <summary>Card only: false stops at authorized.</summary>
    public bool Capture { get; init; } = true;

    /// <summary>Card only.</summary>
    public int Installments { get; init; } = 1;

    /// <summary>Free text the payer may see.</summary>
    public string? Description { get; init; }

    /// <summary>The merchant's own id for the order.</summary>
    public string? ExternalId { get; init; }

    /// <summary>When the payment stops being payable.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Where a redirect flow returns the payer.</summary>
    public Uri? ReturnUrl { get; init; }

    /// <summary>The connector data last saved for this object (a resumed create, a later call), or null.</summary>
    public string? ConnectorData { get; init; }

    /// <summary>
    /// Options for this method the merchant sent as the body's object named after the method (<c>"pix":
    /// {"payerRequest": "Order 123"}</c>), string values only, each at most 200 characters; empty when none. The hub
    /// passes them through unread: the connector documents the ones it understands and ignores the others.
    /// </summary>
    public IReadOnlyDictionary<string, string> MethodOptions { get; init; } = EmptyOptions;

    /// <summary>Authenticate the payer (3-D Secure) where the method can: the reply is then a redirect.</summary>
    public bool ThreeDSecure { get; init; }

    /// <summary>
    /// The payer's own reference for money sent outside any provider API (a bank transfer's reference), for
    /// connectors that declare <see cref="ConnectorCapabilities.ManualApproval"/>; the hub keeps it unique per merchant.
    /// </summary>
    public string? TransactionReference { get; init; }

    private static readonly IReadOnlyDictionary<string, string> EmptyOptions =
        new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>What the hub knows of a payment when it asks the provider for its status.</summary>
public sealed record PaymentStatusRequest
{
    /// <summary>The hub's payment id.</summary>
    public required string PaymentId { get; init; }

    /// <summary>The reference the hub chose and stored.</summary>
    public required string ProviderReference { get; init; }

    /// <summary>The amount.</summary>
    public required Money Amount { get; init; }

    /// <summary>The method.</summary>
    public required PaymentMethod Method { get; init; }

    /// <summary>When the hub created the payment.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops being payable, if set.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The connector data last saved for this object (a resumed create, a later call), or null.</summary>
    public string? ConnectorData { get; init; }

    /// <summary>The provider's own transaction id, once known.</summary>
    public string? ProviderTransactionId { get; init; }
}

/// <summary>Whether the provider's answer is known.</summary>
public enum OperationOutcome
{
    /// <summary>The provider answered; the result carries a status (or a definitive refusal).</summary>
    Completed,

    /// <summary>
    /// The request may or may not have taken effect (a timeout, a dropped connection, a 5xx without a business
    /// code). The hub records it, leaves the payment processing and reconciles; it never resends blindly.
    /// </summary>
    Unknown,

    /// <summary>
    /// The request certainly never reached the provider (connection refused, circuit open). The hub may try
    /// again under the same provider reference.
    /// </summary>
    NotSent,

    /// <summary>
    /// The provider answered that it has no such reference (MTN's 404): the request never reached it, or not yet.
    /// Unlike <see cref="Unknown"/> this is an answer: once a payment has expired, it may end as expired.
    /// </summary>
    NotFound,
}

/// <summary>
/// A provider's answer about a payment. Expected provider outcomes (declined, insufficient funds, a 4xx) are
/// results, never exceptions.
/// </summary>
public sealed record PaymentResult
{
    /// <summary>Whether the answer is known.</summary>
    public required OperationOutcome Outcome { get; init; }

    /// <summary>The mapped status, when <see cref="Outcome"/> is <see cref="OperationOutcome.Completed"/>.</summary>
    public PaymentStatus? Status { get; init; }

    /// <summary>The provider's own id when it differs from the hub's reference (a Pix endToEndId, a Cielo PaymentId).</summary>
    public string? ProviderTransactionId { get; init; }

    /// <summary>The provider's raw status, for audit: "SUCCESSFUL".</summary>
    public string? ProviderStatus { get; init; }

    /// <summary>Why it failed, for failed and expired payments.</summary>
    public Failure? Failure { get; init; }

    /// <summary>What the payer must do next, for pending payments.</summary>
    public NextAction? NextAction { get; init; }

    /// <summary>For unknown and not-sent outcomes: what happened, for the operator. Never a secret.</summary>
    public string? Detail { get; init; }

    /// <summary>A known status.</summary>
    public static PaymentResult Known(PaymentStatus status, string? providerStatus = null, Failure? failure = null,
        NextAction? nextAction = null, string? providerTransactionId = null) => new()
    {
        Outcome = OperationOutcome.Completed,
        Status = status,
        ProviderStatus = providerStatus,
        Failure = failure,
        NextAction = nextAction,
        ProviderTransactionId = providerTransactionId,
    };

    /// <summary>The provider definitively refused the request: the payment fails.</summary>
    public static PaymentResult Refused(Failure failure, string? providerStatus = null) =>
        Known(PaymentStatus.Failed, providerStatus, failure);

    /// <summary>The outcome is unknown: reconcile, never resend blindly.</summary>
    public static PaymentResult Unknown(string detail) => new() { Outcome = OperationOutcome.Unknown, Detail = detail };

    /// <summary>The request certainly never reached the provider.</summary>
    public static PaymentResult NotSent(string detail) => new() { Outcome = OperationOutcome.NotSent, Detail = detail };

    /// <summary>The provider answered that it does not know the reference.</summary>
    public static PaymentResult NotFound(string detail) => new() { Outcome = OperationOutcome.NotFound, Detail = detail };

    /// <summary>New connector data for the payment (at most <see cref="ConnectorDataLimits.MaxLength"/>); null keeps what is stored.</summary>
    public string? ConnectorData { get; init; }

    /// <summary>
    /// The disputes the provider shows on the payment, each with its current state, for connectors that declare
    /// <see cref="ConnectorCapabilities.Chargebacks"/>; empty when none. The hub opens or updates one chargeback per
    /// <see cref="ChargebackReport.ProviderReference"/>; a lost one makes the payment <c>chargedback</c>.
    /// </summary>
    public IReadOnlyList<ChargebackReport> Chargebacks { get; init; } = [];
}

/// <summary>A problem with an account's credentials or settings, for the connector-accounts API.</summary>
/// <param name="Field">The field as the API names it: "credentials.apiKey", "settings.targetEnvironment".</param>
/// <param name="Message">What is wrong: "is required".</param>
public sealed record AccountValidationError(string Field, string Message);

/// <summary>
/// A provider status that no arm of a connector's status map knows. The hub logs the raw status, leaves the
/// payment as it is and hands it to reconciliation.
/// </summary>
public sealed class UnknownProviderStatusException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnknownProviderStatusException(string connectorId, string? providerStatus)
        : base($"{connectorId} answered a status no map knows: '{providerStatus}'")
    {
        ConnectorId = connectorId;
        ProviderStatus = providerStatus;
    }

    /// <summary>The connector.</summary>
    public string ConnectorId { get; }

    /// <summary>The raw status.</summary>
    public string? ProviderStatus { get; }
}
