using System.Text.Json.Serialization;

namespace Connectors.IremboPay;

/// <summary>IremboPay's reply envelope: {"success","message","data","errors"} on every endpoint, errors included.</summary>
internal sealed record IremboPayEnvelope<TData>
{
    [JsonPropertyName("success")]
    public bool? Success { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("data")]
    public TData? Data { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<IremboPayError>? Errors { get; init; }
}

/// <summary>One entry of <c>errors</c>: {"code":"INVOICE_EXPIRED","detail":"…"}.</summary>
internal sealed record IremboPayError
{
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("detail")]
    public string? Detail { get; init; }
}

/// <summary>The body of POST /payments/invoices.</summary>
internal sealed record IremboPayInvoiceRequest
{
    /// <summary>The hub's payment id: unique per account, and readable back (GET by it after a timeout).</summary>
    [JsonPropertyName("transactionId")]
    public required string TransactionId { get; init; }

    [JsonPropertyName("paymentAccountIdentifier")]
    public required string PaymentAccountIdentifier { get; init; }

    [JsonPropertyName("paymentItems")]
    public required IReadOnlyList<IremboPayPaymentItem> PaymentItems { get; init; }

    /// <summary>"2026-11-22T19:00:00.000+02:00".</summary>
    [JsonPropertyName("expiryAt")]
    public string? ExpiryAt { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("customer")]
    public IremboPayCustomer? Customer { get; init; }

    [JsonPropertyName("language")]
    public string? Language { get; init; }
}

/// <summary>A line of an invoice: the portal product, a quantity and a unit amount in major units.</summary>
internal sealed record IremboPayPaymentItem
{
    [JsonPropertyName("code")]
    public required string Code { get; init; }

    [JsonPropertyName("quantity")]
    public required int Quantity { get; init; }

    [JsonPropertyName("unitAmount")]
    public required decimal UnitAmount { get; init; }
}

/// <summary>Who pays an invoice.</summary>
internal sealed record IremboPayCustomer
{
    [JsonPropertyName("email")]
    public string? Email { get; init; }

    /// <summary>"0788123456", or "250788123456" under phoneFormat international.</summary>
    [JsonPropertyName("phoneNumber")]
    public string? PhoneNumber { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }
}

/// <summary>The body of PUT /payments/invoices/{invoiceNumber}: the connector only moves expiryAt (cancel, close).</summary>
internal sealed record IremboPayInvoiceUpdate
{
    [JsonPropertyName("expiryAt")]
    public required string ExpiryAt { get; init; }
}

/// <summary>An invoice (<c>data</c> of the invoice endpoints, and of the payment notification).</summary>
internal sealed record IremboPayInvoice
{
    [JsonPropertyName("invoiceNumber")]
    public string? InvoiceNumber { get; init; }

    [JsonPropertyName("transactionId")]
    public string? TransactionId { get; init; }

    /// <summary>NEW or PAID: v2 has no failure state.</summary>
    [JsonPropertyName("paymentStatus")]
    public string? PaymentStatus { get; init; }

    [JsonPropertyName("amount")]
    public decimal? Amount { get; init; }

    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("expiryAt")]
    public string? ExpiryAt { get; init; }

    /// <summary>The hosted checkout page (banks, cards).</summary>
    [JsonPropertyName("paymentLinkUrl")]
    public string? PaymentLinkUrl { get; init; }

    [JsonPropertyName("paidAt")]
    public string? PaidAt { get; init; }

    [JsonPropertyName("paymentReference")]
    public string? PaymentReference { get; init; }

    /// <summary>MTN_MOMO, AIRTEL_MONEY, EQUITY, BK, ONLINE_CARD.</summary>
    [JsonPropertyName("paymentMethod")]
    public string? PaymentMethod { get; init; }
}

/// <summary>The body of POST /payments/transactions/initiate: the USSD push for an invoice (RWF only).</summary>
internal sealed record IremboPayPushRequest
{
    [JsonPropertyName("accountIdentifier")]
    public required string AccountIdentifier { get; init; }

    /// <summary>MTN or AIRTEL.</summary>
    [JsonPropertyName("paymentProvider")]
    public required string PaymentProvider { get; init; }

    [JsonPropertyName("invoiceNumber")]
    public required string InvoiceNumber { get; init; }

    [JsonPropertyName("transactionReference")]
    public required string TransactionReference { get; init; }
}

/// <summary><c>data</c> of an accepted push.</summary>
internal sealed record IremboPayPushReply
{
    [JsonPropertyName("accountIdentifier")]
    public string? AccountIdentifier { get; init; }

    [JsonPropertyName("paymentProvider")]
    public string? PaymentProvider { get; init; }

    [JsonPropertyName("invoiceNumber")]
    public string? InvoiceNumber { get; init; }

    [JsonPropertyName("amount")]
    public decimal? Amount { get; init; }

    [JsonPropertyName("referenceId")]
    public string? ReferenceId { get; init; }
}

/// <summary>Source-generated JSON metadata for every IremboPay wire type and the connector data (Refit runs without reflection).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IremboPayInvoiceRequest))]
[JsonSerializable(typeof(IremboPayInvoiceUpdate))]
[JsonSerializable(typeof(IremboPayPushRequest))]
[JsonSerializable(typeof(IremboPayEnvelope<IremboPayInvoice>))]
[JsonSerializable(typeof(IremboPayEnvelope<IremboPayPushReply>))]
[JsonSerializable(typeof(IremboPayEnvelope<object>))]
[JsonSerializable(typeof(IremboPayData))]
internal sealed partial class IremboPayJsonContext : JsonSerializerContext;
