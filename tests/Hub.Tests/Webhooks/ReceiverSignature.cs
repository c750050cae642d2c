using System.Security.Cryptography;
using System.Text;

namespace Hub.Tests.Webhooks;

/// <summary>
/// What a merchant's receiver does with a Standard Webhooks signature, written here from the specification and
/// independent of the hub's signer: key = base64 after "whsec_", HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{raw
/// body}", compared in constant time with each space-separated "v1,…" of webhook-signature.
/// </summary>
internal static class ReceiverSignature
{
    /// <summary>For each signature in the header, in order, whether it verifies with <paramref name="secret"/>.</summary>
    public static bool[] Check(ReceivedWebhook webhook, string secret)
    {
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes($"{webhook.Id}.{webhook.Timestamp}.{webhook.Body}"));
        return [.. webhook.Signature.Split(' ').Select(part =>
        {
            var comma = part.IndexOf(',', StringComparison.Ordinal);
            return comma > 0 && part[..comma] == "v1"
                && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(part[(comma + 1)..]), expected);
        })];
    }

    public static bool Verifies(ReceivedWebhook webhook, string secret) => Check(webhook, secret).Any(ok => ok);
}
