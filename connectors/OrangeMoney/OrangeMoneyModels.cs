using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.OrangeMoney;

/// <summary>
/// Every omcoreapis reply: <c>{"message","data"}</c> (init: <c>data.payToken</c>; pay and status: the transaction),
/// and the WSO2 gateway's <c>{"fault":{…}}</c> when the gateway answered instead of Orange.
/// </summary>
internal sealed record OrangeMoneyReply
{
    [JsonPropertyName("message")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? Message { get; init; }

    [JsonPropertyName("data")]
    public OrangeMoneyTransaction? Data { get; init; }

    [JsonPropertyName("fault")]
    public OrangeMoneyFault? Fault { get; init; }
}

/// <summary>WSO2's gateway error; <c>code</c> is a number (900901) or a string, read as text.</summary>
internal sealed record OrangeMoneyFault
{
    [JsonPropertyName("code")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? Message { get; init; }

    [JsonPropertyName("description")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? Description { get; init; }
}

/// <summary>A transaction as mp/pay, mp/paymentstatus and their cashin twins return it; Orange spells the fields this way.</summary>
internal sealed record OrangeMoneyTransaction
{
    [JsonPropertyName("id")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? Id { get; init; }

    [JsonPropertyName("createtime")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? CreateTime { get; init; }

    [JsonPropertyName("subscriberMsisdn")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? SubscriberMsisdn { get; init; }

    /// <summary>A number in Orange's replies (5000); read as text whichever way it comes.</summary>
    [JsonPropertyName("amount")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? Amount { get; init; }

    [JsonPropertyName("payToken")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? PayToken { get; init; }

    /// <summary>Orange's transaction id, "MP221207.2051.B56929"; null until the push was accepted.</summary>
    [JsonPropertyName("txnid")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? TxnId { get; init; }

    [JsonPropertyName("inittxnmessage")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? InitTxnMessage { get; init; }

    [JsonPropertyName("inittxnstatus")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? InitTxnStatus { get; init; }

    [JsonPropertyName("confirmtxnstatus")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? ConfirmTxnStatus { get; init; }

    [JsonPropertyName("confirmtxnmessage")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? ConfirmTxnMessage { get; init; }

    [JsonPropertyName("status")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? Status { get; init; }
}

/// <summary>The body of mp/pay and cashin/pay: every value a string, phone numbers 9-digit local.</summary>
internal sealed record OrangeMoneyPayRequest
{
    [JsonPropertyName("notifUrl")]
    public required string NotifUrl { get; init; }

    [JsonPropertyName("channelUserMsisdn")]
    public required string ChannelUserMsisdn { get; init; }

    [JsonPropertyName("amount")]
    public required string Amount { get; init; }

    [JsonPropertyName("subscriberMsisdn")]
    public required string SubscriberMsisdn { get; init; }

    [JsonPropertyName("pin")]
    public required string Pin { get; init; }

    [JsonPropertyName("orderId")]
    public required string OrderId { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("payToken")]
    public required string PayToken { get; init; }

    /// <summary>Never prints the PIN or the phone.</summary>
    public override string ToString() => $"OrangeMoneyPayRequest {{ OrderId = {OrderId}, Amount = {Amount} }}";
}

/// <summary>Orange's notification to notifUrl: the top-level payToken is all the connector reads.</summary>
internal sealed record OrangeMoneyNotification
{
    [JsonPropertyName("payToken")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? PayToken { get; init; }

    [JsonPropertyName("status")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? Status { get; init; }

    /// <summary>[S] Undocumented; read only to find the object when the notifUrl lost its <c>?ref=</c>.</summary>
    [JsonPropertyName("orderId")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? OrderId { get; init; }

    [JsonPropertyName("txnid")]
    [JsonConverter(typeof(OrangeMoneyLenientStringConverter))]
    public string? TxnId { get; init; }
}

/// <summary>What the connector keeps per payment, refund or payout: the payToken mp/init or cashin/init gave.</summary>
internal sealed record OrangeMoneyData
{
    [JsonPropertyName("payToken")]
    public string? PayToken { get; init; }
}

/// <summary>Reads a JSON string, number or boolean as text (Orange types ids and amounts either way).</summary>
internal sealed class OrangeMoneyLenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.TryGetInt64(out var whole)
                ? whole.ToString(CultureInfo.InvariantCulture)
                : reader.GetDecimal().ToString(CultureInfo.InvariantCulture),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => Skip(ref reader),
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

    private static string? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrangeMoneyReply))]
[JsonSerializable(typeof(OrangeMoneyPayRequest))]
[JsonSerializable(typeof(OrangeMoneyNotification))]
[JsonSerializable(typeof(OrangeMoneyData))]
internal sealed partial class OrangeMoneyJsonContext : JsonSerializerContext;
