using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Simulators.Kit;
using Simulators.MtnMomo;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Simulators.Tests;

/// <summary>A simulator on a fake clock, an HTTP client speaking MTN's API to it, and a callback receiver.</summary>
public sealed class MtnMomoHarness : IDisposable
{
    public const string SubscriptionKey = "sub-key";

    public MtnMomoHarness(Func<MtnMomoSimulatorOptions, MtnMomoSimulatorOptions>? configure = null)
    {
        var options = new MtnMomoSimulatorOptions { Clock = Clock };
        Simulator = MtnMomoSimulator.Start(configure is null ? options : configure(options));
        Http = new HttpClient { BaseAddress = new Uri(Simulator.Url) };
        Receiver = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        Receiver.Given(Request.Create().WithPath("/*")).RespondWith(Response.Create().WithStatusCode(200));
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public MtnMomoSimulator Simulator { get; }

    public HttpClient Http { get; }

    /// <summary>Stands in for the hub's callback endpoint.</summary>
    public WireMockServer Receiver { get; }

    /// <summary>The connector's callback URL: the provider callback host (localhost) and ?ref=.</summary>
    public string CallbackUrl(string referenceId) =>
        $"http://localhost:{Receiver.Ports[0]}/v1/callbacks/mtn_momo/ca_test?ref={referenceId}";

    public static string NewReference() => Guid.NewGuid().ToString();

    public async Task<HttpResponseMessage> TokenAsync(string product = "collection", string apiUser = "user-1", string apiKey = "key-1", bool withSubscriptionKey = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{product}/token/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{apiUser}:{apiKey}")));
        if (withSubscriptionKey)
        {
            request.Headers.Add("Ocp-Apim-Subscription-Key", SubscriptionKey);
        }

        return await Http.SendAsync(request);
    }

    public async Task<string> AccessTokenAsync(string product = "collection")
    {
        using var response = await TokenAsync(product);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    public static string PaymentBody(string amount = "10.02", string currency = "EUR", string phone = "237671234567", string payerMessage = "Order 123", string payeeNote = "Order 123") =>
        JsonSerializer.Serialize(new
        {
            amount,
            currency,
            externalId = "pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C",
            payer = new { partyIdType = "MSISDN", partyId = phone },
            payerMessage,
            payeeNote,
        });

    public async Task<HttpResponseMessage> PostAsync(
        string path, string body, string? referenceId, string? token, string? callbackUrl = null, string environment = "sandbox")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Ocp-Apim-Subscription-Key", SubscriptionKey);
        request.Headers.Add("X-Target-Environment", environment);
        if (referenceId is not null)
        {
            request.Headers.Add("X-Reference-Id", referenceId);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (callbackUrl is not null)
        {
            request.Headers.Add("X-Callback-Url", callbackUrl);
        }

        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> RequestToPayAsync(string referenceId, string token, string? body = null, bool withCallback = true, string environment = "sandbox") =>
        await PostAsync("/collection/v1_0/requesttopay", body ?? PaymentBody(), referenceId, token, withCallback ? CallbackUrl(referenceId) : null, environment);

    public async Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Ocp-Apim-Subscription-Key", SubscriptionKey);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    public async Task<(HttpStatusCode Status, string Body)> StatusAsync(string referenceId, string token, string operation = "collection/v1_0/requesttopay")
    {
        using var response = await GetAsync($"/{operation}/{referenceId}", token);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> ControlAsync(string path, object? body = null) =>
        await Http.PostAsync(path, new StringContent(body is null ? "" : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    public IReadOnlyList<WireMock.Logging.ILogEntry> ReceivedCallbacks => [.. Receiver.LogEntries];

    /// <summary>Callbacks go out on a background task: poll briefly for them, never sleep for the simulated delay.</summary>
    public async Task<IReadOnlyList<SentCallback>> WaitForCallbacksAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (Simulator.Callbacks.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Simulator.Callbacks;
    }

    /// <summary>Gives a wrongly scheduled callback a moment to show up before asserting that none came.</summary>
    public static Task SettleAsync() => Task.Delay(300);

    public void Dispose()
    {
        Http.Dispose();
        Simulator.Dispose();
        Receiver.Stop();
        Receiver.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
