using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Kit;
using WireMock;

namespace Simulators.IremboPay;

/// <summary>IremboPay's wire format: the {"success","message","data","errors"} envelope, invoices, the signed notification.</summary>
public static class IremboPayWire
{
    public const string SignatureHeader = "irembopay-signature";

    /// <summary>IremboPay's time format: "2026-11-22T19:00:00.000+02:00".</summary>
    public static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>s = lowercase hex(HMAC-SHA256(key, t + "#" + body)); the header is <c>t=&lt;ms&gt;,s=&lt;hex&gt;</c>.</summary>
    public static string Sign(string key, string timestamp, string body) => Convert.ToHexStringLower(
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(timestamp + "#" + body)));

    public static string SignatureHeaderValue(string key, DateTimeOffset at, string body)
    {
        var t = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},s={Sign(key, t, body)}";
    }

    internal static ResponseMessage Error(int status, string code, string detail, string? message = null) =>
        SimWire.Raw(status, Write(json =>
        {
            json.WriteBoolean("success", false);
            json.WriteString("message", message ?? detail);
            json.WriteNull("data");
            json.WriteStartArray("errors");
            json.WriteStartObject();
            json.WriteString("code", code);
            json.WriteString("detail", detail);
            json.WriteEndObject();
            json.WriteEndArray();
        }));

    internal static ResponseMessage Unauthorized() =>
        Error(401, "AUTHENTICATION_FAILED", "Invalid IremboPay secret key", "Authentication failed");

    internal static ResponseMessage InvoiceNotFound() => Error(404, "INVOICE_NOT_FOUND", "Invoice not found");

    internal static ResponseMessage Ok(int status, string message, Action<Utf8JsonWriter> data) =>
        SimWire.Raw(status, Write(json =>
        {
            json.WriteBoolean("success", true);
            json.WriteString("message", message);
            json.WriteStartObject("data");
            data(json);
            json.WriteEndObject();
        }));

    /// <summary>
    /// The invoice as <c>data</c>; paidAt, paymentReference and paymentMethod only once PAID. <paramref name="initial"/>:
    /// the creation reply, which shows NEW whatever an override forces later.
    /// </summary>
    internal static void Invoice(Utf8JsonWriter json, IremboPayRecord record, DateTimeOffset now, string checkoutBase,
        bool initial = false)
    {
        json.WriteString("invoiceNumber", record.InvoiceNumber);
        json.WriteString("transactionId", record.Reference);
        json.WriteString("paymentAccountIdentifier", record.PaymentAccountIdentifier);
        json.WriteString("paymentStatus", initial && !record.IsPaid(now) ? "NEW" : record.StatusAt(now));
        json.WriteNumber("amount", record.Amount);
        json.WriteString("currency", record.Currency);
        json.WriteString("type", "SINGLE");
        json.WriteString("createdAt", Time(record.CreatedAt));
        if (record.ExpiryAt is { } expiry)
        {
            json.WriteString("expiryAt", Time(expiry));
        }
        else
        {
            json.WriteNull("expiryAt");
        }

        json.WritePropertyName("paymentItems");
        json.WriteRawValue(record.ItemsJson);
        if (record.Description is not null)
        {
            json.WriteString("description", record.Description);
        }

        json.WriteStartObject("customer");
        json.WriteString("email", record.CustomerEmail);
        json.WriteString("phoneNumber", record.CustomerPhone);
        json.WriteString("name", record.CustomerName);
        json.WriteEndObject();
        json.WriteString("paymentLinkUrl", $"{checkoutBase}/checkout/{record.InvoiceNumber}");
        if (record.PaidAt(now) is { } paidAt)
        {
            json.WriteString("paidAt", Time(paidAt));
            json.WriteString("paymentReference", record.PaymentReference);
            json.WriteString("paymentMethod", record.PaymentMethod);
        }
    }

    /// <summary>
    /// The payment notification: the envelope with the invoice's notification fields as <c>data</c>, in the field order
    /// of IremboPay's example. <paramref name="stale"/> gives a NEW one (IremboPay never sends it: QA's out_of_order).
    /// </summary>
    public static string Notification(IremboPayRecord record, DateTimeOffset now, bool stale) => Write(json =>
    {
        json.WriteBoolean("success", true);
        json.WriteString("message", "Payment notification");
        json.WriteStartObject("data");
        json.WriteString("invoiceNumber", record.InvoiceNumber);
        json.WriteString("transactionId", record.Reference);
        json.WriteString("paymentStatus", stale ? "NEW" : record.StatusAt(now));
        json.WriteNumber("amount", record.Amount);
        json.WriteString("currency", record.Currency);
        if (!stale && record.PaidAt(now) is { } paidAt)
        {
            json.WriteString("paymentMethod", record.PaymentMethod);
            json.WriteString("paymentReference", record.PaymentReference);
            json.WriteString("paidAt", Time(paidAt));
        }

        json.WriteEndObject();
    });

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
