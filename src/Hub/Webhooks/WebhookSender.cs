using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hub.Payments;

namespace Hub.Webhooks;

/// <summary>
/// One POST of one webhook, Standard Webhooks style. The outcome is a value: a receiver's 500, a timeout or a
/// refused address are expected, and the dispatcher decides what they mean for the delivery.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    /// <summary>API.md: a 2xx within 10 s is success. Wall-clock time: it bounds a real network wait.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>The body: { type, timestamp (the event's, ISO 8601 UTC), data (the object as stored, verbatim) }.</summary>
    public static string Body(string type, DateTimeOffset createdAt, string data) =>
        $$"""{"type":{{JsonSerializer.Serialize(type)}},"timestamp":"{{PaymentResponses.Time(createdAt)}}","data":{{data}}}""";

    /// <param name="webhookId">The event id: the same on every attempt, so a receiver can deduplicate.</param>
    public async Task<SendOutcome> SendAsync(string url, string webhookId, string body, IReadOnlyList<string> secrets,
        CancellationToken ct)
    {
        // The timestamp is the attempt's: receivers refuse old ones (replay protection), so a retry is signed afresh.
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = Json } },
        };
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.Sign(webhookId, timestamp, body, secrets));

        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            return code switch
            {
                >= 200 and < 300 => new SendOutcome(SendResult.Succeeded, code, null),
                410 => new SendOutcome(SendResult.Gone, code, "410 Gone from the endpoint"),
                >= 300 and < 400 => new SendOutcome(SendResult.Failed, code, $"HTTP {code}: redirects are not followed"),
                _ => new SendOutcome(SendResult.Failed, code, $"HTTP {code}"),
            };
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookAddressRefusedException refused)
        {
            return new SendOutcome(SendResult.Failed, null, refused.Message);
        }
        catch (HttpRequestException ex)
        {
            return new SendOutcome(SendResult.Failed, null, $"could not connect or send ({ex.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendOutcome(SendResult.Failed, null, $"no answer within {Timeout.TotalSeconds:F0} s");
        }
    }
}

internal enum SendResult
{
    Succeeded,
    Gone,
    Failed,
}

internal sealed record SendOutcome(SendResult Result, int? StatusCode, string? Error);
