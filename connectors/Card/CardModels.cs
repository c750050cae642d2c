using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connectors.Abstractions;

namespace Connectors.Card;

/// <summary>The body of POST /1/sales/. Holds the card for the one call: its <see cref="ToString"/> prints no card data.</summary>
internal sealed record CieloSaleRequest
{
    public required string MerchantOrderId { get; init; }

    public CieloCustomer? Customer { get; init; }

    public required CieloPaymentRequest Payment { get; init; }

    /// <summary>Never prints the card.</summary>
    public override string ToString() => $"CieloSaleRequest {{ MerchantOrderId = {MerchantOrderId} }}";
}

internal sealed record CieloCustomer
{
    public string? Name { get; init; }

    public string? Identity { get; init; }

    public string? IdentityType { get; init; }

    public override string ToString() => "CieloCustomer";
}

internal sealed record CieloPaymentRequest
{
    public string Type { get; init; } = "CreditCard";

    public required long Amount { get; init; }

    public required string Currency { get; init; }

    public string Country { get; init; } = "BRA";

    public int Installments { get; init; } = 1;

    public bool Capture { get; init; }

    public bool Authenticate { get; init; }

    public string? ReturnUrl { get; init; }

    public required CieloCreditCard CreditCard { get; init; }

    /// <summary>Never prints the card.</summary>
    public override string ToString() => $"CieloPaymentRequest {{ Amount = {Amount}, Currency = {Currency} }}";
}

/// <summary>The card as Cielo takes it; the number and the security code live only in this one request.</summary>
internal sealed record CieloCreditCard
{
    public required string CardNumber { get; init; }

    public string? Holder { get; init; }

    /// <summary>"01/2035".</summary>
    public required string ExpirationDate { get; init; }

    public string? SecurityCode { get; init; }

    public required string Brand { get; init; }

    /// <summary>Never prints the number or the security code.</summary>
    public override string ToString() => $"CieloCreditCard {{ CardNumber = {Masking.CardNumber(CardNumber)}, Brand = {Brand} }}";
}

/// <summary>A sale as Cielo answers POST /1/sales/ and GET /1/sales/{PaymentId}.</summary>
internal sealed record CieloSale
{
    public string? MerchantOrderId { get; init; }

    public CieloPayment? Payment { get; init; }
}

internal sealed record CieloPayment
{
    public string? PaymentId { get; init; }

    public int? Status { get; init; }

    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ReturnCode { get; init; }

    public string? ReturnMessage { get; init; }

    public long? Amount { get; init; }

    public long? CapturedAmount { get; init; }

    public string? CapturedDate { get; init; }

    public long? VoidedAmount { get; init; }

    public string? Currency { get; init; }

    public bool? Authenticate { get; init; }

    public string? AuthenticationUrl { get; init; }

    public CieloFraudAnalysis? FraudAnalysis { get; init; }

    public IReadOnlyList<CieloChargeback>? Chargebacks { get; init; }
}

/// <summary>[S] <c>{"Status":1|2|3,"StatusDescription":"Accept"|"Reject"|"Review"}</c>.</summary>
internal sealed record CieloFraudAnalysis
{
    public int? Status { get; init; }

    public string? StatusDescription { get; init; }
}

/// <summary>[S] One entry of <c>Payment.Chargebacks</c>.</summary>
internal sealed record CieloChargeback
{
    public string? Id { get; init; }

    public long? Amount { get; init; }

    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ReasonCode { get; init; }

    public string? ReasonMessage { get; init; }

    public string? Status { get; init; }

    public string? Date { get; init; }
}

/// <summary>The reply of a capture or a void.</summary>
internal sealed record CieloOperationReply
{
    public int? Status { get; init; }

    public int? ReasonCode { get; init; }

    public string? ReasonMessage { get; init; }

    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ReturnCode { get; init; }

    public string? ReturnMessage { get; init; }
}

/// <summary>GET /1/sales?merchantOrderId=: <c>{"Payments":[{"PaymentId","ReceveidDate"}]}</c>.</summary>
internal sealed record CieloOrderQuery
{
    public IReadOnlyList<CieloOrderPayment>? Payments { get; init; }
}

internal sealed record CieloOrderPayment
{
    public string? PaymentId { get; init; }
}

/// <summary>One entry of a 400's array: <c>{"Code":126,"Message":"Credit Card Expiration Date is invalid"}</c>.</summary>
internal sealed record CieloError
{
    public int? Code { get; init; }

    public string? Message { get; init; }
}

/// <summary>Reads a JSON string or number as text ("4", 4 alike): Cielo's codes come both ways.</summary>
internal sealed class StringOrNumberConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : reader.GetDouble().ToString(CultureInfo.InvariantCulture),
        JsonTokenType.Null => null,
        _ => throw new JsonException("a code must be a string or a number"),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>Source-generated JSON for Cielo's PascalCase wire format (case-insensitive on read).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(CieloSaleRequest))]
[JsonSerializable(typeof(CieloSale))]
[JsonSerializable(typeof(CieloOperationReply))]
[JsonSerializable(typeof(CieloOrderQuery))]
[JsonSerializable(typeof(List<CieloError>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(CardData))]
[JsonSerializable(typeof(CardRefundData))]
internal sealed partial class CardJsonContext : JsonSerializerContext;
