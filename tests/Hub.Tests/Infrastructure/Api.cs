using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Hub.Tests.Infrastructure;

/// <summary>A reply with its raw bytes kept (replays are compared byte for byte).</summary>
public sealed record ApiReply(HttpStatusCode Status, string Body, HttpResponseMessage Message)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string? Header(string name) =>
        Message.Headers.TryGetValues(name, out var v) ? string.Join(",", v)
        : Message.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : null;
}

public static class Api
{
    public static async Task<ApiReply> SendAsync(this HttpClient client, HttpMethod method, string path, string? json = null,
        string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await client.SendAsync(request);
        return new ApiReply(response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public static Task<ApiReply> CreatePaymentAsync(this HttpClient client, string json, string? idempotencyKey) =>
        client.SendAsync(HttpMethod.Post, "/v1/payments", json, idempotencyKey);

    public static Task<ApiReply> FetchAsync(this HttpClient client, string path) => client.SendAsync(HttpMethod.Get, path);

    public static string MtnPayment(long amount, string phone = "+237 6 71 23 45 67", string currency = "XAF",
        string? description = "Order 123", string? provider = null) =>
        new JsonObject
        {
            ["amount"] = amount,
            ["currency"] = currency,
            ["method"] = "mobile_money",
            ["provider"] = provider,
            ["payer"] = new JsonObject { ["phone"] = phone, ["name"] = "Ada N." },
            ["description"] = description,
            ["externalId"] = "order-" + Guid.NewGuid().ToString("N")[..8],
        }.ToJsonString();

    public static string NewKey() => Guid.NewGuid().ToString();
}
