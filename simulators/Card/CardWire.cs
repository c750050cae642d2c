using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Simulators.Kit;
using WireMock;

namespace Simulators.Card;

/// <summary>Cielo API E-commerce 3.0's wire format (PROVIDERS §8): PascalCase JSON, errors as <c>[{"Code","Message"}]</c>.</summary>
public static partial class CardWire
{
    public const string MerchantIdHeader = "MerchantId";
    public const string MerchantKeyHeader = "MerchantKey";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    /// <summary>"4235647728025682" → "423564******5682"; shorter than 13 digits → "****".</summary>
    public static string Mask(string? number) =>
        number is null || number.Length < 13 ? "****" : number[..6] + new string('*', number.Length - 10) + number[^4..];

    /// <summary>
    /// The body the request journal keeps: the card number masked, the SecurityCode dropped. A body that is not JSON has
    /// every run of 13 to 19 digits masked and any SecurityCode value blanked.
    /// </summary>
    public static string MaskForJournal(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject root)
            {
                if (Property(root, "Payment") is JsonObject payment && Property(payment, "CreditCard") is JsonObject card)
                {
                    foreach (var name in card.Select(p => p.Key).ToList())
                    {
                        if (string.Equals(name, "SecurityCode", StringComparison.OrdinalIgnoreCase))
                        {
                            card.Remove(name);
                        }
                        else if (string.Equals(name, "CardNumber", StringComparison.OrdinalIgnoreCase))
                        {
                            card[name] = Mask(card[name] is JsonValue v && v.TryGetValue<string>(out var n) ? n : null);
                        }
                    }
                }

                return root.ToJsonString(Options);
            }
        }
        catch (JsonException)
        {
        }

        return SecurityCodeText().Replace(MaskDigits(body), "\"SecurityCode\":\"\"");
    }

    /// <summary><c>[{"Code":126,"Message":"Credit Card Expiration Date is invalid"}]</c> with status 400.</summary>
    public static IResponseMessage Error(int code, string message) =>
        SimWire.Raw(400, new JsonArray(new JsonObject { ["Code"] = code, ["Message"] = message }).ToJsonString(Options));

    /// <summary>The Cielo sale: the echo of the request with the card masked, plus the payment's state.</summary>
    public static JsonObject Sale(CardRecord r, string? authenticationUrl)
    {
        var payment = new JsonObject
        {
            ["ServiceTaxAmount"] = 0,
            ["Installments"] = r.Installments,
            ["Interest"] = "ByMerchant",
            ["Capture"] = r.CaptureRequested,
            ["Authenticate"] = r.Authenticate,
            ["Recurrent"] = false,
            ["CreditCard"] = new JsonObject
            {
                ["CardNumber"] = r.MaskedCardNumber,
                ["Holder"] = r.Holder,
                ["ExpirationDate"] = r.ExpirationDate,
                ["SaveCard"] = false,
                ["Brand"] = r.Brand,
            },
            ["Tid"] = r.Tid,
            ["ProofOfSale"] = r.ProofOfSale,
            ["AuthorizationCode"] = r.AuthorizationCode,
            ["SoftDescriptor"] = null,
            ["Provider"] = "Simulado",
            ["PaymentId"] = r.Reference,
            ["Type"] = "CreditCard",
            ["Amount"] = r.Amount,
            ["ReceivedDate"] = Time(r.CreatedAt),
            ["Currency"] = r.Currency,
            ["Country"] = r.Country ?? "BRA",
            ["ReturnCode"] = r.ReturnCode,
            ["ReturnMessage"] = r.ReturnMessage,
            ["Status"] = r.Status,
        };
        if (r.ReturnUrl is not null)
        {
            payment["ReturnUrl"] = r.ReturnUrl;
        }

        if (r.AwaitingAuthentication)
        {
            payment["AuthenticationUrl"] = authenticationUrl;
        }

        if (r.CapturedAmount is { } captured)
        {
            payment["CapturedAmount"] = captured;
            payment["CapturedDate"] = Time(r.CapturedDate!.Value);
        }

        if (r.VoidedAmount > 0)
        {
            payment["VoidedAmount"] = r.VoidedAmount;
            payment["VoidedDate"] = Time(r.VoidedDate!.Value);
        }

        if (r.Fraud is { } fraud)
        {
            payment["FraudAnalysis"] = new JsonObject
            {
                ["Status"] = fraud switch { "Accept" => 1, "Reject" => 2, "Review" => 3, _ => 0 },
                ["StatusDescription"] = fraud,
            };
        }

        if (r.Chargebacks.Count > 0)
        {
            payment["Chargebacks"] = new JsonArray([.. r.Chargebacks.Select(c => (JsonNode)new JsonObject
            {
                ["Id"] = c.Id,
                ["Amount"] = c.Amount,
                ["ReasonCode"] = c.ReasonCode,
                ["ReasonMessage"] = c.ReasonMessage,
                ["Status"] = c.Status,
                ["Date"] = Time(c.Date),
            })]);
        }

        return new JsonObject
        {
            ["MerchantOrderId"] = r.MerchantOrderId,
            ["Customer"] = new JsonObject
            {
                ["Name"] = r.CustomerName,
                ["Identity"] = r.CustomerIdentity,
                ["IdentityType"] = r.CustomerIdentityType,
            },
            ["Payment"] = payment,
        };
    }

    /// <summary>The reply of a capture or a void: <c>{"Status","ReasonCode":0,"ReasonMessage","ReturnCode","ReturnMessage"}</c>.</summary>
    public static IResponseMessage OperationReply(CardRecord r, string returnCode) => SimWire.Raw(200, new JsonObject
    {
        ["Status"] = r.Status,
        ["ReasonCode"] = 0,
        ["ReasonMessage"] = "Successful",
        ["ProviderReturnCode"] = returnCode,
        ["ProviderReturnMessage"] = "Operation Successful",
        ["ReturnCode"] = returnCode,
        ["ReturnMessage"] = "Operation Successful",
    }.ToJsonString(Options));

    /// <summary>The Notification Post: <c>{"RecurrentPaymentId":null,"PaymentId","ChangeType"}</c>, ChangeType a number or a string.</summary>
    public static string Notification(string paymentId, int changeType, bool changeTypeAsString) => new JsonObject
    {
        ["RecurrentPaymentId"] = null,
        ["PaymentId"] = paymentId,
        ["ChangeType"] = changeTypeAsString ? JsonValue.Create(changeType.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(changeType),
    }.ToJsonString(Options);

    public static string Serialize(JsonNode node) => node.ToJsonString(Options);

    /// <summary>A property by name without regard to case (Cielo's JSON binding is case-insensitive).</summary>
    public static JsonNode? Property(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public static string? Text(JsonObject? obj, string name) => obj is not null && Property(obj, name) is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    private static string Time(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(-3)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string MaskDigits(string text) => DigitRun().Replace(text, m => Mask(m.Value));

    [GeneratedRegex(@"(?<!\d)\d{13,19}(?!\d)")]
    private static partial Regex DigitRun();

    [GeneratedRegex("\"SecurityCode\"\\s*:\\s*\"[^\"]*\"", RegexOptions.IgnoreCase)]
    private static partial Regex SecurityCodeText();
}
