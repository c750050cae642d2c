using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Simulators.Kit;
using WireMock;

namespace Simulators.Acme;

/// <summary>Acme's wire format: the charge object, the error body, the callback signature.</summary>
public static class AcmeWire
{
    public const string SignatureHeader = "Acme-Signature";

    /// <summary>The charge as GET /v1/charges/{reference} and the callback show it.</summary>
    public static string Charge(AcmeRecord record, string status, string? failureCode) => new JsonObject
    {
        ["id"] = record.ChargeId,
        ["reference"] = record.Reference,
        ["amount"] = record.Amount,
        ["currency"] = record.Currency,
        ["phone"] = record.Phone,
        ["description"] = record.Description,
        ["status"] = status,
        ["failure_code"] = failureCode,
        ["created_at"] = record.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
    }.ToJsonString(SimWire.Json);

    /// <summary>{"error":{"code","message"}}.</summary>
    public static IResponseMessage Error(int status, string code, string message) =>
        SimWire.Raw(status, JsonSerializer.Serialize(new { error = new { code, message } }, SimWire.Json));

    /// <summary><c>t=&lt;unix seconds&gt;,v1=hex(HMAC-SHA256(secret, t + "." + body))</c>.</summary>
    public static string Signature(string secret, DateTimeOffset at, string body)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + "." + body));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
