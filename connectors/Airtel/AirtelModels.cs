using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Airtel;

/// <summary>
/// Every Airtel reply: <c>{"data":{…},"status":{"code","message","result_code","response_code","success"}}</c>. The
/// collection, status, refund and disbursement replies carry <c>data.transaction</c>; the KYC reply carries the user's
/// fields in <c>data</c> itself.
/// </summary>
internal sealed record AirtelEnvelope
{
    [JsonPropertyName("data")]
    public AirtelData? Data { get; init; }

    [JsonPropertyName("status")]
    public AirtelStatus? Status { get; init; }
}

/// <summary><c>data</c>: a transaction, or a KYC user.</summary>
internal sealed record AirtelData
{
    [JsonPropertyName("transaction")]
    public AirtelTransaction? Transaction { get; init; }

    [JsonPropertyName("first_name")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? FirstName { get; init; }

    [JsonPropertyName("last_name")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? LastName { get; init; }

    [JsonPropertyName("msisdn")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? Msisdn { get; init; }

    /// <summary>A boolean, or its text ("false").</summary>
    [JsonPropertyName("is_barred")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? IsBarred { get; init; }
}

/// <summary><c>data.transaction</c>; the callback's <c>transaction</c> has <c>status_code</c> instead of <c>status</c>.</summary>
internal sealed record AirtelTransaction
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? Id { get; init; }

    [JsonPropertyName("airtel_money_id")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? AirtelMoneyId { get; init; }

    [JsonPropertyName("reference_id")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? ReferenceId { get; init; }

    [JsonPropertyName("message")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? Message { get; init; }

    /// <summary>TIP, TA, TS, TF (status, refund: "SUCCESS"; the collection reply: its own word).</summary>
    [JsonPropertyName("status")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? Status { get; init; }

    /// <summary>The callback's TS or TF.</summary>
    [JsonPropertyName("status_code")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? StatusCode { get; init; }

    /// <summary>"DP00800001001", sometimes inside a callback's transaction.</summary>
    [JsonPropertyName("code")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? Code { get; init; }
}

/// <summary><c>status</c>: the HTTP code as text, ESB's <c>result_code</c>, the DP <c>response_code</c>, and success.</summary>
internal sealed record AirtelStatus
{
    [JsonPropertyName("code")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? Message { get; init; }

    [JsonPropertyName("result_code")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? ResultCode { get; init; }

    [JsonPropertyName("response_code")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? ResponseCode { get; init; }

    [JsonPropertyName("success")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? Success { get; init; }

    /// <summary>Whether <c>success</c> is true (boolean or text).</summary>
    public bool IsSuccess => string.Equals(Success, "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The callback: <c>{"transaction":{…},"hash":"…"}</c>.</summary>
internal sealed record AirtelCallback
{
    [JsonPropertyName("transaction")]
    public AirtelTransaction? Transaction { get; init; }

    [JsonPropertyName("hash")]
    [JsonConverter(typeof(AirtelLenientStringConverter))]
    public string? Hash { get; init; }
}

/// <summary>POST /merchant/v1/payments/: the amount is a number in major units, the msisdn has no country code.</summary>
internal sealed record AirtelCollectionRequest(
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("subscriber")] AirtelSubscriber Subscriber,
    [property: JsonPropertyName("transaction")] AirtelPaymentTransaction Transaction);

internal sealed record AirtelSubscriber(
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("msisdn")] string Msisdn);

internal sealed record AirtelPaymentTransaction(
    [property: JsonPropertyName("amount")] decimal Amount,
    [property: JsonPropertyName("country")] string Country,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("id")] string Id);

/// <summary>POST /standard/v1/payments/refund: the whole transaction, by Airtel's id (no amount: refunds are full).</summary>
internal sealed record AirtelRefundRequest([property: JsonPropertyName("transaction")] AirtelRefundTransaction Transaction);

internal sealed record AirtelRefundTransaction([property: JsonPropertyName("airtel_money_id")] string AirtelMoneyId);

/// <summary>POST /standard/v1/disbursements/.</summary>
internal sealed record AirtelDisbursementRequest(
    [property: JsonPropertyName("payee")] AirtelPayee Payee,
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("pin")] string Pin,
    [property: JsonPropertyName("transaction")] AirtelDisbursementTransaction Transaction)
{
    /// <summary>Never prints the PIN.</summary>
    public override string ToString() => $"AirtelDisbursementRequest {{ Reference = {Reference}, Id = {Transaction.Id} }}";
}

internal sealed record AirtelPayee([property: JsonPropertyName("msisdn")] string Msisdn);

internal sealed record AirtelDisbursementTransaction(
    [property: JsonPropertyName("amount")] decimal Amount,
    [property: JsonPropertyName("id")] string Id);

/// <summary>Reads a string, a number or a boolean as text; anything else is skipped as null.</summary>
internal sealed class AirtelLenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var whole)
                    ? whole.ToString(CultureInfo.InvariantCulture)
                    : reader.GetDecimal().ToString(CultureInfo.InvariantCulture);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AirtelEnvelope))]
[JsonSerializable(typeof(AirtelCallback))]
[JsonSerializable(typeof(AirtelCollectionRequest))]
[JsonSerializable(typeof(AirtelRefundRequest))]
[JsonSerializable(typeof(AirtelDisbursementRequest))]
[JsonSerializable(typeof(AirtelObjectData))]
internal sealed partial class AirtelJsonContext : JsonSerializerContext;
