using System.Text.Json.Serialization;
using Simulators.Kit;

namespace Simulators.IremboPay;

/// <summary>
/// The <c>outcome</c> of <c>POST /__sim/overrides</c> for IremboPay (matched at invoice creation, else at the push):
/// <c>status</c> PAID (after <c>delaySeconds</c>), NEW (for ever) or any other text (reported as is, for undocumented
/// statuses); <c>rejectInvoice</c> or <c>pushError</c>, an error code (400, or <c>httpStatus</c>);
/// <c>expireAfterSeconds</c> sets the invoice's expiryAt; <c>callbackMode</c> as every simulator.
/// </summary>
public sealed class IremboPayOverrideOutcome
{
    public string? Status { get; init; }

    public int DelaySeconds { get; init; }

    public string? RejectInvoice { get; init; }

    public string? PushError { get; init; }

    public int? HttpStatus { get; init; }

    public int? ExpireAfterSeconds { get; init; }

    public CallbackMode? CallbackMode { get; init; }
}

/// <summary>One invoice and what was done with it; mutable, guarded by the simulator's lock. Its reference is the transactionId.</summary>
public sealed class IremboPayRecord : SimTransaction
{
    public required string InvoiceNumber { get; init; }

    /// <summary>The merchant's key: the invoice is only visible with it, and notifications are signed with it.</summary>
    [JsonIgnore]
    public required string SecretKey { get; init; }

    public required string PaymentAccountIdentifier { get; init; }

    public required string Currency { get; init; }

    public required decimal Amount { get; init; }

    public required long AmountMinor { get; init; }

    public required string ItemsJson { get; init; }

    public string? Description { get; init; }

    public string? CustomerPhone { get; init; }

    public string? CustomerEmail { get; init; }

    public string? CustomerName { get; init; }

    public IremboPayOverrideOutcome? Forced { get; init; }

    public DateTimeOffset? ExpiryAt { get; set; }

    public required string Rule { get; set; }

    public string? PushProvider { get; set; }

    public string? PushAccountIdentifier { get; set; }

    public string? PushReferenceId { get; set; }

    /// <summary>Each refused push's error code, in order.</summary>
    public List<string> PushErrors { get; } = [];

    /// <summary>When the invoice becomes PAID (a push or the checkout page), on the simulator clock.</summary>
    public DateTimeOffset? PayAt { get; set; }

    /// <summary>How it will have been paid: MTN_MOMO, AIRTEL_MONEY, BK.</summary>
    public string? PayMethod { get; set; }

    /// <summary>Set when resolved by hand.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>Whether the PAID notification has been started (scheduled or resolved by hand).</summary>
    public bool Notified { get; set; }

    public DateTimeOffset? PaidAt(DateTimeOffset now) => ResolvedAt ?? (PayAt is { } at && at <= now ? at : null);

    public bool IsPaid(DateTimeOffset now) => PaidAt(now) is not null;

    /// <summary>NEW or PAID, or a status an override forces.</summary>
    public string StatusAt(DateTimeOffset now) =>
        IsPaid(now) ? "PAID" : Forced?.Status is { Length: > 0 } forced && forced != "PAID" ? forced : "NEW";

    public bool IsExpired(DateTimeOffset now) => !IsPaid(now) && ExpiryAt is { } expiry && expiry <= now;

    public string PaymentMethod => PayMethod ?? "BK";

    /// <summary>The operator's reference of the payment, "MP-…" for MTN, "AP-…" for Airtel, "BK-…" for a bank.</summary>
    public string PaymentReference => PaymentMethod switch
    {
        "MTN_MOMO" => "MP-",
        "AIRTEL_MONEY" => "AP-",
        _ => "BK-",
    } + InvoiceNumber[^8..];

    public object Snapshot(DateTimeOffset now) => new
    {
        transactionId = Reference,
        invoiceNumber = InvoiceNumber,
        paymentAccountIdentifier = PaymentAccountIdentifier,
        amount = Amount,
        currency = Currency,
        amountMinor = AmountMinor,
        description = Description,
        customerPhone = CustomerPhone,
        createdAt = CreatedAt,
        expiryAt = ExpiryAt,
        status = StatusAt(now),
        expired = IsExpired(now),
        paidAt = PaidAt(now),
        paymentMethod = IsPaid(now) ? PaymentMethod : null,
        paymentReference = IsPaid(now) ? PaymentReference : null,
        pushProvider = PushProvider,
        pushAccountIdentifier = PushAccountIdentifier,
        pushErrors = PushErrors.ToArray(),
        rule = Rule,
        callbackMode = CallbackMode,
    };
}
