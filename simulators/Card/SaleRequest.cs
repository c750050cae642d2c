using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;

namespace Simulators.Card;

/// <summary>POST /1/sales/ as the simulator reads it; the card number and CVC are reduced to facts and a mask here.</summary>
internal sealed record SaleRequest
{
    public required string MerchantOrderId { get; init; }

    public string? CustomerName { get; init; }

    public string? Identity { get; init; }

    public string? IdentityType { get; init; }

    public required long Amount { get; init; }

    public required string Currency { get; init; }

    public string? Country { get; init; }

    public int Installments { get; init; }

    public bool Authenticate { get; init; }

    public string? ReturnUrl { get; init; }

    public required string MaskedCardNumber { get; init; }

    public string? Holder { get; init; }

    public string? ExpirationDate { get; init; }

    public string? Brand { get; init; }

    public required SaleFacts Facts { get; init; }

    public static bool TryParse(string body, out SaleRequest sale, out IResponseMessage error)
    {
        sale = null!;
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            root = null;
        }

        error = root is null ? CardWire.Error(0, "The request is not a valid JSON object") : null!;
        if (root is null)
        {
            return false;
        }

        var orderId = CardWire.Text(root, "MerchantOrderId");
        var customer = CardWire.Property(root, "Customer") as JsonObject;
        var payment = CardWire.Property(root, "Payment") as JsonObject;
        var card = payment is null ? null : CardWire.Property(payment, "CreditCard") as JsonObject;
        var number = CardWire.Text(card, "CardNumber");
        var expiry = CardWire.Text(card, "ExpirationDate");
        var currency = CardWire.Text(payment, "Currency") ?? "BRL";
        var installments = int.TryParse(CardWire.Text(payment, "Installments") ?? "1", CultureInfo.InvariantCulture, out var i) ? i : 0;
        var authenticate = CardWire.Text(payment, "Authenticate") == "true";
        var returnUrl = CardWire.Text(payment, "ReturnUrl");
        var amountOk = long.TryParse(CardWire.Text(payment, "Amount"), NumberStyles.None, CultureInfo.InvariantCulture, out var amount);
        (int Code, string Message)? refusal =
            string.IsNullOrEmpty(orderId) || orderId.Length > 50 || !orderId.All(char.IsAsciiLetterOrDigit) ? (122, "MerchantOrderId is required")
            : payment is null ? (119, "At least one Payment is required")
            : !string.Equals(CardWire.Text(payment, "Type"), "CreditCard", StringComparison.OrdinalIgnoreCase) ? (102, "Payment Type is required")
            : !amountOk || amount <= 0
                ? (108, "Amount must be greater or equal to zero")
            : currency is not ("BRL" or "USD") ? (110, "Invalid Payment Currency")
            : installments < 1 ? (123, "Installments must be greater or equal to one")
            : card is null ? (124, "Credit Card is Required")
            : string.IsNullOrEmpty(number) || !number.All(char.IsAsciiDigit) ? (118, "Credit Card Number is required")
            : string.IsNullOrEmpty(CardWire.Text(card, "Holder")) ? (117, "Credit Card Holder is required")
            : string.IsNullOrEmpty(expiry) ? (125, "Credit Card Expiration Date is required")
            : !ValidExpiry(expiry) ? (126, "Credit Card Expiration Date is invalid")
            : authenticate && string.IsNullOrEmpty(returnUrl) ? (133, "ReturnUrl is required for authentication")
            : null;
        if (refusal is { } r)
        {
            error = CardWire.Error(r.Code, r.Message);
            return false;
        }

        sale = new SaleRequest
        {
            MerchantOrderId = orderId!,
            CustomerName = CardWire.Text(customer, "Name"),
            Identity = CardWire.Text(customer, "Identity"),
            IdentityType = CardWire.Text(customer, "IdentityType"),
            Amount = amount,
            Currency = currency,
            Country = CardWire.Text(payment, "Country"),
            Installments = installments,
            Authenticate = authenticate,
            ReturnUrl = returnUrl,
            MaskedCardNumber = CardWire.Mask(number),
            Holder = CardWire.Text(card, "Holder"),
            ExpirationDate = expiry,
            Brand = CardWire.Text(card, "Brand"),
            Facts = new SaleFacts(CardWire.Text(customer, "Name"), CardWire.Text(customer, "Identity"), amount,
                CardWire.Text(payment, "Capture") == "true",
                CardOutcomeRules.IsTestCard(number, expiry, CardWire.Text(card, "SecurityCode")), number![^1] - '0'),
        };
        return true;
    }

    private static bool ValidExpiry(string expiry) =>
        expiry.Length == 7 && expiry[2] == '/' && int.TryParse(expiry[..2], CultureInfo.InvariantCulture, out var month)
        && month is >= 1 and <= 12 && int.TryParse(expiry[3..], CultureInfo.InvariantCulture, out var year) && year >= 2000;
}
