using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Simulators.IremboPay;

/// <summary>The body of POST /payments/invoices, checked as IremboPay checks it (400 BAD_DATA otherwise).</summary>
internal sealed record InvoiceBody(
    string TransactionId,
    string PaymentAccountIdentifier,
    decimal Amount,
    string ItemsJson,
    DateTimeOffset? ExpiryAt,
    string? Description,
    string? CustomerPhone,
    string? CustomerEmail,
    string? CustomerName)
{
    public static bool TryParse(string text, [NotNullWhen(true)] out InvoiceBody? body, out string problem)
    {
        body = null;
        problem = "";
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "The body must be a JSON object";
                return false;
            }

            var transactionId = String(root, "transactionId");
            var account = String(root, "paymentAccountIdentifier");
            if (string.IsNullOrWhiteSpace(transactionId) || string.IsNullOrWhiteSpace(account))
            {
                problem = "transactionId and paymentAccountIdentifier are required";
                return false;
            }

            if (!root.TryGetProperty("paymentItems", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
            {
                problem = "paymentItems must hold at least one item";
                return false;
            }

            decimal amount = 0;
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || String(item, "code") is not { Length: > 0 }
                    || !item.TryGetProperty("quantity", out var quantity) || !quantity.TryGetInt32(out var count) || count < 1
                    || !item.TryGetProperty("unitAmount", out var unit) || !unit.TryGetDecimal(out var unitAmount) || unitAmount < 0)
                {
                    problem = "each payment item needs a code, a quantity of at least 1 and a unitAmount that is not negative";
                    return false;
                }

                amount += count * unitAmount;
            }

            DateTimeOffset? expiryAt = null;
            if (String(root, "expiryAt") is { } expiryText)
            {
                if (!IremboPaySimulator.TryTime(expiryText, out var parsed))
                {
                    problem = "expiryAt must be an ISO 8601 time";
                    return false;
                }

                expiryAt = parsed;
            }

            var customer = root.TryGetProperty("customer", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
            body = new InvoiceBody(transactionId, account, amount, items.GetRawText(), expiryAt, String(root, "description"),
                Customer(customer, "phoneNumber"), Customer(customer, "email"), Customer(customer, "name"));
            return true;
        }
        catch (JsonException)
        {
            problem = "The body is not valid JSON";
            return false;
        }
    }

    private static string? Customer(JsonElement customer, string name) =>
        customer.ValueKind == JsonValueKind.Object ? String(customer, name) : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
