using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Simulators.Kit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Simulators.Tests.Kit;

/// <summary>The echo simulator on a fake clock, a client, and a receiver standing in for the hub's callback endpoint.</summary>
public sealed class KitHarness : IDisposable
{
    public KitHarness(Func<SimulatorOptions, SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions { Clock = Clock };
        Simulator = EchoSimulator.Start(configure is null ? options : configure(options));
        Http = new HttpClient { BaseAddress = new Uri(Simulator.Url) };
        Receiver = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        Receiver.Given(Request.Create().WithPath("/*")).RespondWith(Response.Create().WithStatusCode(200));
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public EchoSimulator Simulator { get; }

    public HttpClient Http { get; }

    public WireMockServer Receiver { get; }

    public string CallbackUrl => $"http://127.0.0.1:{Receiver.Ports[0]}/hook";

    public static string NewReference() => Guid.NewGuid().ToString("N");

    public Task<HttpResponseMessage> PayAsync(string reference, long amount, string? phone = "237671234567", bool withCallback = true) =>
        Http.PostAsync("/pay", Json(new { reference, amount, phone, callbackUrl = withCallback ? CallbackUrl : null }));

    public async Task<string> StatusAsync(string reference)
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync($"/pay/{reference}"));
        return json.RootElement.GetProperty("status").GetString()!;
    }

    public Task<HttpResponseMessage> ControlAsync(string path, object? body = null) => Http.PostAsync(path, Json(body));

    public async Task<JsonDocument> GetJsonAsync(string path) => JsonDocument.Parse(await Http.GetStringAsync(path));

    public static StringContent Json(object? body) =>
        new(body is null ? "" : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

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

    /// <summary>
    /// Sends <paramref name="send"/> and waits until the simulator has taken the fault it hits (its first request to a
    /// new server can take longer than any fixed pause), so a test moves the clock only once the hold is armed.
    /// </summary>
    public async Task<Task<HttpResponseMessage>> SendIntoFaultAsync(Func<Task<HttpResponseMessage>> send)
    {
        using (await Http.GetAsync("/__sim/clock"))
        {
            // Warm the server up.
        }

        var pending = send();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            using var faults = await GetJsonAsync("/__sim/faults");
            if (faults.RootElement.GetArrayLength() == 0)
            {
                break;
            }

            await Task.Delay(20);
        }

        await SettleAsync();
        return pending;
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
