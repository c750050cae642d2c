using System.Globalization;
using System.Text.Json;

namespace Simulators.Airtel;

/// <summary>A collection or disbursement body as the simulator reads it; the amount is kept as sent.</summary>
/// <param name="Id">transaction.id.</param>
/// <param name="Amount">transaction.amount's JSON text ("5000").</param>
/// <param name="AmountMinor">The amount in RWF (no decimals).</param>
/// <param name="Msisdn">subscriber.msisdn or payee.msisdn.</param>
/// <param name="Reference">reference.</param>
/// <param name="Pin">A disbursement's pin.</param>
public sealed record AirtelBody(string Id, string Amount, long AmountMinor, string Msisdn, string? Reference, string? Pin)
{
    /// <summary>POST /merchant/v1/payments/: reference, subscriber {country, currency, msisdn}, transaction {amount, country, currency, id}.</summary>
    public static bool TryParseCollection(string text, out AirtelBody body, out string problem) =>
        TryParse(text, "subscriber", out body, out problem, requireCountry: true);

    /// <summary>POST /standard/v1/disbursements/: payee {msisdn}, reference, pin, transaction {amount, id}.</summary>
    public static bool TryParseDisbursement(string text, out AirtelBody body, out string problem) =>
        TryParse(text, "payee", out body, out problem, requireCountry: false);

    /// <summary>POST /standard/v1/payments/refund: transaction {airtel_money_id}.</summary>
    public static string? RefundedId(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("transaction", out var transaction)
                && transaction.ValueKind == JsonValueKind.Object
                && transaction.TryGetProperty("airtel_money_id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryParse(string text, string party, out AirtelBody body, out string problem, bool requireCountry)
    {
        body = null!;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("transaction", out var transaction) || transaction.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty(party, out var who) || who.ValueKind != JsonValueKind.Object)
            {
                problem = $"transaction and {party} are required";
                return false;
            }

            var id = String(transaction, "id");
            var msisdn = String(who, "msisdn");
            if (string.IsNullOrWhiteSpace(id) || msisdn is null || msisdn.Length != 9 || !msisdn.All(char.IsAsciiDigit))
            {
                problem = $"transaction.id is required and {party}.msisdn must be 9 digits without the country code";
                return false;
            }

            // The amount is a number in major units; RWF has no decimals.
            if (!transaction.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Number
                || !amount.TryGetDecimal(out var major) || major <= 0 || major != decimal.Truncate(major))
            {
                problem = "transaction.amount must be a positive whole number of RWF";
                return false;
            }

            if (requireCountry && (String(transaction, "country") != AirtelWire.Country || String(transaction, "currency") != AirtelWire.Currency
                || String(who, "country") != AirtelWire.Country || String(who, "currency") != AirtelWire.Currency))
            {
                problem = "country and currency must be RW and RWF";
                return false;
            }

            body = new AirtelBody(id, amount.GetRawText(), (long)major, msisdn, String(root, "reference"), String(root, "pin"));
            problem = "";
            return true;
        }
        catch (JsonException)
        {
            problem = "the body is not JSON";
            return false;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Whether a disbursement PIN reads as non-empty base64 (the simulator checks no more).</summary>
    public static bool IsBase64(string? pin)
    {
        if (string.IsNullOrWhiteSpace(pin))
        {
            return false;
        }

        var buffer = new byte[pin.Length];
        return Convert.TryFromBase64String(pin, buffer, out var written) && written > 0;
    }

    /// <summary>The amount as invariant text, for logs and overrides.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id} {Amount} RWF");
}
