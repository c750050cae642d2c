using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.MtnMomo;

/// <summary>A party of a request to pay; MTN spells the fields this way.</summary>
internal sealed record MtnMomoParty
{
    [JsonPropertyName("partyIdType")]
    public string? PartyIdType { get; init; }

    /// <summary>MTN's own GET example sends it as a number; we send a string.</summary>
    [JsonPropertyName("partyId")]
    [JsonConverter(typeof(MtnMomoLenientStringConverter))]
    public string? PartyId { get; init; }
}

/// <summary>The body of POST /collection/v1_0/requesttopay. It carries no reference: X-Reference-Id does.</summary>
internal sealed record MtnMomoRequestToPayRequest
{
    /// <summary>Major units as text ("5000" XAF, "10.10" EUR): MTN takes strings, never numbers.</summary>
    [JsonPropertyName("amount")]
    public required string Amount { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    [JsonPropertyName("externalId")]
    public required string ExternalId { get; init; }

    [JsonPropertyName("payer")]
    public required MtnMomoParty Payer { get; init; }

    [JsonPropertyName("payerMessage")]
    public string? PayerMessage { get; init; }

    [JsonPropertyName("payeeNote")]
    public string? PayeeNote { get; init; }
}

/// <summary>The body of POST /disbursement/v1_0/transfer: a request to pay with a payee instead of a payer.</summary>
internal sealed record MtnMomoTransferRequest
{
    [JsonPropertyName("amount")]
    public required string Amount { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    [JsonPropertyName("externalId")]
    public required string ExternalId { get; init; }

    [JsonPropertyName("payee")]
    public required MtnMomoParty Payee { get; init; }

    [JsonPropertyName("payerMessage")]
    public string? PayerMessage { get; init; }

    [JsonPropertyName("payeeNote")]
    public string? PayeeNote { get; init; }
}

/// <summary>The body of POST /disbursement/v1_0/refund: no party, the refunded request to pay's X-Reference-Id.</summary>
internal sealed record MtnMomoRefundRequest
{
    [JsonPropertyName("amount")]
    public required string Amount { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    [JsonPropertyName("externalId")]
    public required string ExternalId { get; init; }

    [JsonPropertyName("payerMessage")]
    public string? PayerMessage { get; init; }

    [JsonPropertyName("payeeNote")]
    public string? PayeeNote { get; init; }

    [JsonPropertyName("referenceIdToRefund")]
    public required string ReferenceIdToRefund { get; init; }
}

/// <summary>The reply of GET …/accountholder/msisdn/{msisdn}/active.</summary>
internal sealed record MtnMomoAccountHolderActive
{
    [JsonPropertyName("result")]
    public bool? Result { get; init; }
}

/// <summary>The reply of GET …/accountholder/msisdn/{msisdn}/basicuserinfo (only the names are read).</summary>
internal sealed record MtnMomoBasicUserInfo
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("given_name")]
    public string? GivenName { get; init; }

    [JsonPropertyName("family_name")]
    public string? FamilyName { get; init; }
}

/// <summary>The GET reply of a request to pay, a transfer or a refund, and also the body of MTN's callbacks.</summary>
internal sealed record MtnMomoRequestToPayStatus
{
    /// <summary>MTN's own id, present once the money moved; some deployments send it as a number.</summary>
    [JsonPropertyName("financialTransactionId")]
    [JsonConverter(typeof(MtnMomoLenientStringConverter))]
    public string? FinancialTransactionId { get; init; }

    [JsonPropertyName("externalId")]
    [JsonConverter(typeof(MtnMomoLenientStringConverter))]
    public string? ExternalId { get; init; }

    [JsonPropertyName("payer")]
    public MtnMomoParty? Payer { get; init; }

    /// <summary>A transfer's payee.</summary>
    [JsonPropertyName("payee")]
    public MtnMomoParty? Payee { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Only with FAILED: a string, or {code,message} in the older swagger.</summary>
    [JsonPropertyName("reason")]
    [JsonConverter(typeof(MtnMomoReasonConverter))]
    public MtnMomoReason? Reason { get; init; }
}

/// <summary>Why a request to pay failed, whichever shape MTN sent.</summary>
internal sealed record MtnMomoReason(string? Code, string? Message);

/// <summary>
/// MTN's error bodies: business errors are {"code","message"}, the token endpoint answers {"error":"login_failed"},
/// and the API gateway {"statusCode":401,"message":…}.
/// </summary>
internal sealed record MtnMomoErrorResponse
{
    [JsonPropertyName("code")]
    [JsonConverter(typeof(MtnMomoLenientStringConverter))]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>Reads "reason" as a string or as {code,message}.</summary>
internal sealed class MtnMomoReasonConverter : JsonConverter<MtnMomoReason?>
{
    public override bool HandleNull => true;

    public override MtnMomoReason? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new MtnMomoReason(reader.GetString(), null);
            case JsonTokenType.StartObject:
                string? code = null, message = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString();
                    reader.Read();
                    var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        reader.Skip();
                    }

                    if (string.Equals(name, "code", StringComparison.OrdinalIgnoreCase))
                    {
                        code = value;
                    }
                    else if (string.Equals(name, "message", StringComparison.OrdinalIgnoreCase))
                    {
                        message = value;
                    }
                }

                return new MtnMomoReason(code, message);
            default:
                throw new JsonException($"reason must be a string or an object, not {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, MtnMomoReason? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.Code);
        }
    }
}

/// <summary>Reads a string or a number as text, for ids MTN's deployments do not type alike.</summary>
internal sealed class MtnMomoLenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.TryGetInt64(out var n)
                ? n.ToString(CultureInfo.InvariantCulture)
                : reader.GetDouble().ToString(CultureInfo.InvariantCulture),
            _ => throw new JsonException($"expected a string or a number, not {reader.TokenType}"),
        };

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

/// <summary>Source-generated JSON metadata for every MTN wire type (Refit runs without reflection).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MtnMomoRequestToPayRequest))]
[JsonSerializable(typeof(MtnMomoRequestToPayStatus))]
[JsonSerializable(typeof(MtnMomoErrorResponse))]
[JsonSerializable(typeof(MtnMomoTransferRequest))]
[JsonSerializable(typeof(MtnMomoRefundRequest))]
[JsonSerializable(typeof(MtnMomoAccountHolderActive))]
[JsonSerializable(typeof(MtnMomoBasicUserInfo))]
internal sealed partial class MtnMomoJsonContext : JsonSerializerContext;
