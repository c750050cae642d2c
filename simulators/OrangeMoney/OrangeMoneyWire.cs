using System.Globalization;
using System.Text;
using System.Text.Json;
using Simulators.Kit;
using WireMock;

namespace Simulators.OrangeMoney;

/// <summary>Replies in Orange's wire format: the <c>{"message","data"}</c> envelope, WSO2 faults and token errors.</summary>
internal static class OrangeMoneyWire
{
    /// <summary>[S] WSO2's code for a missing, wrong or expired access token.</summary>
    public static ResponseMessage InvalidCredentials() => Fault(401, 900901, "Invalid Credentials",
        "Invalid Credentials. Make sure you have provided the correct security credentials");

    public static ResponseMessage Fault(int status, long code, string message, string description) => SimWire.Raw(status,
        JsonSerializer.Serialize(new { fault = new { code, message, description } }, SimWire.Json));

    /// <summary>[S] Orange's envelope for an error without a transaction.</summary>
    public static ResponseMessage Error(int status, string message) => SimWire.Raw(status,
        JsonSerializer.Serialize(new { message, data = (object?)null }, SimWire.Json));

    /// <summary>{"message":…,"data":{"payToken":…}}: mp/init and cashin/init.</summary>
    public static ResponseMessage Initiated(string payToken) => SimWire.Raw(200,
        JsonSerializer.Serialize(new { message = "Payment request successfully initiated", data = new { payToken } }, SimWire.Json));

    /// <summary>The envelope around a transaction object (see <see cref="Transaction"/>).</summary>
    public static ResponseMessage Envelope(int status, string message, string transaction) =>
        SimWire.Raw(status, $"{{\"message\":{JsonSerializer.Serialize(message, SimWire.Json)},\"data\":{transaction}}}");

    /// <summary>
    /// The transaction as mp/pay and paymentstatus show it: every field present, in Orange's order, null when unknown;
    /// amount and id as numbers.
    /// </summary>
    public static string Transaction(OrangeMoneyRecord record, string status, string? code, string? message) => Write(json =>
    {
        json.WriteNumber("id", record.Id);
        json.WriteString("createtime", record.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        json.WriteString("subscriberMsisdn", record.SubscriberMsisdn);
        json.WriteNumber("amount", record.AmountMinor);
        json.WriteString("payToken", record.Reference);
        json.WriteString("txnid", record.TxnId);
        json.WriteString("txnmode", "12345");
        json.WriteString("inittxnmessage", "Paiement en attente de confirmation par le client");
        json.WriteString("inittxnstatus", "200");
        WriteOrNull(json, "confirmtxnstatus", status is "PENDING" ? null : code);
        WriteOrNull(json, "confirmtxnmessage", status is "PENDING" ? null : message);
        json.WriteString("status", status);
        json.WriteString("channelUserMsisdn", record.ChannelUserMsisdn);
        WriteOrNull(json, "description", record.Description);
        WriteOrNull(json, "notifUrl", record.NotifUrl);
        json.WriteString("orderId", record.OrderId);
    });

    /// <summary>A payToken with no pay call yet (INITIATED, mostly null), or whose pay call was refused (FAILED, 417).</summary>
    public static string Transaction(OrangeMoneyInit init) => Write(json =>
    {
        var rejection = init.Rejection;
        json.WriteNumber("id", init.Id);
        json.WriteString("createtime", init.CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        WriteOrNull(json, "subscriberMsisdn", rejection?.SubscriberMsisdn);
        if (rejection is { } r && long.TryParse(r.Amount, CultureInfo.InvariantCulture, out var amount))
        {
            json.WriteNumber("amount", amount);
        }
        else
        {
            json.WriteNull("amount");
        }

        json.WriteString("payToken", init.PayToken);
        json.WriteNull("txnid");
        json.WriteNull("txnmode");
        WriteOrNull(json, "inittxnmessage", rejection?.Message);
        WriteOrNull(json, "inittxnstatus", rejection?.Code);
        json.WriteNull("confirmtxnstatus");
        json.WriteNull("confirmtxnmessage");
        json.WriteString("status", rejection is null ? "INITIATED" : "FAILED");
        WriteOrNull(json, "orderId", rejection?.OrderId);
    });

    /// <summary>[S] The notification: the transaction's payToken, status, message, txnid and amount at the top level.</summary>
    public static string Notification(OrangeMoneyRecord record, string status, string? message) => Write(json =>
    {
        json.WriteString("payToken", record.Reference);
        json.WriteString("status", status);
        json.WriteString("message", message ?? status switch
        {
            "PENDING" => "Paiement en attente de confirmation par le client",
            "EXPIRED" => "Transaction expirée",
            _ => status,
        });
        json.WriteString("txnid", record.TxnId);
        json.WriteNumber("amount", record.AmountMinor);
    });

    private static void WriteOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SimWire.Json.Encoder }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
