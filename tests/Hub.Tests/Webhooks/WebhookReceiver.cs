using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Hub.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Tests.Webhooks;

/// <summary>
/// A merchant's webhook receiver on real Kestrel at a loopback port: it keeps every request byte for byte and answers
/// with the status <c>answer(n)</c> gives for the n-th request (1-based; 200 unless told).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private int _count;

    private WebhookReceiver(Func<int, int> answer, TimeSpan delay, string? location)
    {
        var port = HubApp.FreePort();
        Url = $"http://127.0.0.1:{port}/hooks/hub";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hooks/hub", async (HttpRequest request, HttpResponse response) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var number = Interlocked.Increment(ref _count);
            _received.Enqueue(new ReceivedWebhook(number, request.Headers["webhook-id"].ToString(),
                request.Headers["webhook-timestamp"].ToString(), request.Headers["webhook-signature"].ToString(),
                request.ContentType ?? "", body));
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            if (location is not null)
            {
                response.Headers.Location = location;
            }

            return Results.StatusCode(answer(number));
        });
    }

    public string Url { get; }

    /// <summary>Requests in the order they arrived.</summary>
    public IReadOnlyList<ReceivedWebhook> Received => [.. _received.OrderBy(r => r.Number)];

    /// <param name="location">A Location header to send with every answer (for a redirect).</param>
    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? answer = null, TimeSpan delay = default,
        string? location = null)
    {
        var receiver = new WebhookReceiver(answer ?? (_ => 200), delay, location);
        await receiver._app.StartAsync();
        return receiver;
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> requests arrived; for a hub dispatching on its own.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Received;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedWebhook(int Number, string Id, string Timestamp, string Signature, string ContentType, string Body)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public string Type => Json["type"]!.GetValue<string>();

    public string ObjectId => Json["data"]!["id"]!.GetValue<string>();

    public DateTimeOffset SentAt => DateTimeOffset.FromUnixTimeSeconds(long.Parse(Timestamp, System.Globalization.CultureInfo.InvariantCulture));
}
