using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Kit;
using WireMock;

namespace Simulators.Airtel;

/// <summary>Airtel's wire format (PROVIDERS.md §5): the <c>{"data","status"}</c> envelope, codes, texts, the callback and its hash.</summary>
public static class AirtelWire
{
    public const string InProgress = "TIP";
    public const string Ambiguous = "TA";
    public const string Successful = "TS";
    public const string Failed = "TF";

    public const string EsbSuccess = "ESB000010";
    public const string EsbError = "ESB000001";
    public const string EsbValidation = "ESB000008";
    public const string EsbBadCountry = "ESB000034";
    public const string EsbBadCurrency = "ESB000035";
    public const string EsbDuplicate = "ESB000041";
    public const string EsbNotFound = "ESB000045";

    public const string CollectionAmbiguous = "DP00800001000";
    public const string CollectionSuccess = "DP00800001001";
    public const string CollectionInProcess = "DP00800001006";
    public const string CollectionNotFound = "DP00800001025";
    public const string DisbursementSuccess = "DP00900001001";
    public const string DisbursementSignatureMismatch = "DP00900001016";
    public const string KycFound = "DP02200000001";
    public const string KycNotFound = "DP02200000002";

    /// <summary>The hash secret of PROVIDERS §5.3's test vector.</summary>
    public const string DefaultHashSecret = "airtel_cb_secret_example";

    /// <summary>The one country and currency this simulator serves (Airtel Rwanda).</summary>
    public const string Country = "RW";
    public const string Currency = "RWF";

    /// <summary>The texts of the DP codes, as data.transaction.message carries them.</summary>
    public static string MessageFor(string status, string? code) => (status, code) switch
    {
        (InProgress, _) => "Transaction in progress",
        (Ambiguous, _) => "Transaction is ambiguous",
        (Successful, _) => "success",
        (_, "DP00800001002") => "Incorrect PIN entered",
        (_, "DP00800001003") => "Transaction exceeds the payer's limit",
        (_, "DP00800001004") => "Amount is below the minimum",
        (_, "DP00800001005") => "PIN not entered",
        (_, "DP00800001007") => "Insufficient balance",
        (_, "DP00800001008") => "Transaction refused by the payer",
        (_, "DP00800001009") => "Do not honour",
        (_, "DP00800001010") => "Transaction not permitted to payee",
        (_, "DP00800001024") => "Transaction timed out",
        (_, "DP00800001026") => "Signature mismatch",
        (_, "DP00800001029") => "Transaction expired",
        _ => "Transaction failed",
    };

    /// <summary>A reply: <c>{"data":…,"status":{"code","message","result_code","response_code","success"}}</c>.</summary>
    public static IResponseMessage Envelope(int httpStatus, object? data, string message, string resultCode, string? responseCode,
        bool success)
    {
        var status = new Dictionary<string, object?>
        {
            ["code"] = httpStatus.ToString(CultureInfo.InvariantCulture),
            ["message"] = message,
            ["result_code"] = resultCode,
        };
        if (responseCode is not null)
        {
            status["response_code"] = responseCode;
        }

        status["success"] = success;
        var body = new Dictionary<string, object?> { ["data"] = data ?? new Dictionary<string, object?>(), ["status"] = status };
        return SimWire.Raw(httpStatus, JsonSerializer.Serialize(body, SimWire.Json));
    }

    /// <summary>A 2xx success.</summary>
    public static IResponseMessage Success(object data, string responseCode) =>
        Envelope(200, data, "SUCCESS", EsbSuccess, responseCode, true);

    /// <summary>[S] A business error: 400 with <c>"success":false</c>.</summary>
    public static IResponseMessage Error(string resultCode, string message, string? responseCode = null, int httpStatus = 400) =>
        Envelope(httpStatus, null, message, resultCode, responseCode, false);

    /// <summary>[S] An unknown id: 200 with ESB000045 and DP00800001025.</summary>
    public static IResponseMessage NotFound() =>
        Envelope(200, null, "Transaction not found", EsbNotFound, CollectionNotFound, false);

    /// <summary>The gateway's refusal of a missing, unknown or expired token.</summary>
    public static IResponseMessage InvalidToken() =>
        SimWire.Raw(401, """{"error_description":"Invalid or expired access token","error":"invalid_token"}""");

    /// <summary>
    /// The callback's <c>transaction</c>, compact, keys in PROVIDERS §5.3's order: id, message, status_code, airtel_money_id.
    /// </summary>
    public static string CallbackTransaction(string id, string message, string statusCode, string airtelMoneyId)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = SimWire.Json.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("message", message);
            writer.WriteString("status_code", statusCode);
            writer.WriteString("airtel_money_id", airtelMoneyId);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>[S] Base64(HMAC-SHA256(UTF-8 secret, the transaction's JSON text as sent)).</summary>
    public static string Hash(string secret, string transactionJson) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(transactionJson)));

    /// <summary>The callback body: the transaction as written, and the hash over exactly that text when a secret is given.</summary>
    public static string CallbackBody(string transactionJson, string? secret) => secret is { Length: > 0 }
        ? $"{{\"transaction\":{transactionJson},\"hash\":\"{Hash(secret, transactionJson)}\"}}"
        : $"{{\"transaction\":{transactionJson}}}";

    /// <summary>"Paid RWF 5,000 to MERCHANT. Trans ID MP210603.1234.L06941."</summary>
    public static string PaidMessage(long amount, string airtelMoneyId) =>
        string.Create(CultureInfo.InvariantCulture, $"Paid {Currency} {amount:N0} to MERCHANT. Trans ID {airtelMoneyId}.");

    /// <summary>"MP210603.1234.L06941" (collections), "CI…" (disbursements), "RF…" (refunds).</summary>
    public static string NewAirtelMoneyId(string prefix, DateTimeOffset now) =>
        prefix + now.ToString("yyMMdd.HHmm", CultureInfo.InvariantCulture) + ".L"
        + RandomNumberGenerator.GetInt32(0, 100_000).ToString("D5", CultureInfo.InvariantCulture);
}
