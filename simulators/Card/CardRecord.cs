using Simulators.Kit;

namespace Simulators.Card;

/// <summary>
/// The <c>outcome</c> of <c>POST /__sim/overrides</c> for the card simulator (matched at <c>POST /1/sales/</c> on the
/// MerchantOrderId as <c>reference</c>, the amount, the document, operation <c>sale</c>): <c>status</c> (0, 1, 2, 3, 10,
/// 11, 12, 13 or any other number, reported as is), <c>returnCode</c>, <c>fraud</c> (<c>Accept</c>, <c>Review</c>,
/// <c>Reject</c>), or <c>errorCode</c> for a synchronous <c>400 [{"Code":…}]</c>; <c>callbackMode</c> as every simulator.
/// </summary>
public sealed class CardOverrideOutcome
{
    public int? Status { get; init; }

    public string? ReturnCode { get; init; }

    public string? Fraud { get; init; }

    public int? ErrorCode { get; init; }

    public CallbackMode? CallbackMode { get; init; }
}

/// <summary>One dispute on a sale, as <c>Payment.Chargebacks</c> shows it.</summary>
public sealed class CardChargeback
{
    public required string Id { get; init; }

    public required long Amount { get; init; }

    public required string ReasonCode { get; init; }

    public required string ReasonMessage { get; init; }

    /// <summary>Received, Disputed, Won or Lost.</summary>
    public required string Status { get; set; }

    public required DateTimeOffset Date { get; init; }
}

/// <summary>
/// One sale; mutable, guarded by the simulator's lock. Its reference is Cielo's PaymentId; the card is kept masked
/// ("423564******5682"), its number and CVC never.
/// </summary>
public sealed class CardRecord : SimTransaction
{
    public required string MerchantId { get; init; }

    public required string MerchantOrderId { get; init; }

    public string? CustomerName { get; init; }

    public string? CustomerIdentity { get; init; }

    public string? CustomerIdentityType { get; init; }

    public required long Amount { get; init; }

    public required string Currency { get; init; }

    public string? Country { get; init; }

    public int Installments { get; init; } = 1;

    public bool CaptureRequested { get; init; }

    public bool Authenticate { get; init; }

    public string? ReturnUrl { get; init; }

    public required string MaskedCardNumber { get; init; }

    public string? Holder { get; init; }

    public string? ExpirationDate { get; init; }

    public string? Brand { get; init; }

    /// <summary>The facts the 3-D Secure page decides on (no card number: only whether it is a test card).</summary>
    public required SaleFacts Facts { get; init; }

    public required CardRuleSet Rules { get; init; }

    public required string Tid { get; init; }

    public required string ProofOfSale { get; init; }

    public string? AuthorizationCode { get; set; }

    public required int Status { get; set; }

    public string? ReturnCode { get; set; }

    public string? ReturnMessage { get; set; }

    /// <summary>Accept, Review or Reject; null: no anti-fraud verdict shown.</summary>
    public string? Fraud { get; set; }

    public long? CapturedAmount { get; set; }

    public DateTimeOffset? CapturedDate { get; set; }

    public long VoidedAmount { get; set; }

    public DateTimeOffset? VoidedDate { get; set; }

    public List<CardChargeback> Chargebacks { get; } = [];

    /// <summary>Whether the 3-D Secure page still has to decide the sale (Status 0 with an authentication URL).</summary>
    public bool AwaitingAuthentication { get; set; }

    /// <summary>The ChangeType of the next notification.</summary>
    public int ChangeType { get; set; } = 1;

    public required string Rule { get; set; }
}
