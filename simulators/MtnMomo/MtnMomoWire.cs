using System.Text;
using System.Text.Json;
using Simulators.Kit;
using WireMock;

namespace Simulators.MtnMomo;

/// <summary>Replies in MTN's wire format: {"code","message"} errors, the gateway's {"statusCode","message"}, JSON bodies.</summary>
internal static class MtnMomoWire
{
    public static ResponseMessage Error(int status, string code, string message) =>
        SimWire.Raw(status, JsonSerializer.Serialize(new ErrorBody(code, message), SimWire.Json));

    /// <summary>MTN's API gateway (Azure APIM) answers auth failures in its own shape.</summary>
    public static ResponseMessage Gateway(int status, string message) =>
        SimWire.Raw(status, JsonSerializer.Serialize(new GatewayBody(status, message), SimWire.Json));

    public static ResponseMessage NotFound() => Error(404, "RESOURCE_NOT_FOUND", "Requested resource was not found.");

    public static ResponseMessage Duplicate() =>
        Error(409, "RESOURCE_ALREADY_EXIST", "Duplicated reference id. Creation of resource failed.");

    public static ResponseMessage BadRequest(string message) => Error(400, "BAD_REQUEST", message);

    /// <summary>
    /// The status object of GET .../{referenceId}, which is also the callback body. Field order and omissions follow
    /// MTN: financialTransactionId only once SUCCESSFUL, reason (a string) only with FAILED.
    /// </summary>
    public static string StatusObject(MtnMomoRecord record, string status, string? reason)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SimWire.Json.Encoder }))
        {
            json.WriteStartObject();
            if (status == "SUCCESSFUL")
            {
                json.WriteString("financialTransactionId", record.FinancialTransactionId);
            }

            WriteIfPresent(json, "externalId", record.ExternalId);
            json.WriteString("amount", record.Amount);
            json.WriteString("currency", record.Currency);
            if (record.PartyField is { } partyField)
            {
                json.WriteStartObject(partyField);
                json.WriteString("partyIdType", record.PartyIdType);
                json.WriteString("partyId", record.PartyId);
                json.WriteEndObject();
            }

            WriteIfPresent(json, "payerMessage", record.PayerMessage);
            WriteIfPresent(json, "payeeNote", record.PayeeNote);
            json.WriteString("status", status);
            if (status == "FAILED" && reason is not null)
            {
                json.WriteString("reason", reason);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteIfPresent(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private sealed record ErrorBody(string Code, string Message);

    private sealed record GatewayBody(int StatusCode, string Message);
}
