using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Conformance;

/// <summary>
/// The simulator's <c>/__sim</c> control API (the one every simulator serves), over HTTP: the suite never reaches
/// into a simulator's types, so it drives one running in another process just as well.
/// </summary>
public sealed class SimulatorControl(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The simulator's base URL.</summary>
    public Uri BaseUrl { get; } = baseUrl;

    /// <summary><c>POST /__sim/reset</c>: transactions, callbacks, overrides, faults and modes are forgotten.</summary>
    public Task ResetAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Post, "/__sim/reset", null, ct);

    /// <summary><c>GET /__sim/transactions</c>: every transaction the simulator keeps, as it shows them.</summary>
    public async Task<IReadOnlyList<JsonObject>> TransactionsAsync(CancellationToken ct = default) =>
        await GetArrayAsync("/__sim/transactions", ct);

    /// <summary>The transactions whose JSON names <paramref name="reference"/> in any string field.</summary>
    public async Task<IReadOnlyList<JsonObject>> TransactionsForAsync(string reference, CancellationToken ct = default) =>
        [.. (await TransactionsAsync(ct)).Where(t => Mentions(t, reference))];

    /// <summary><c>GET /__sim/callbacks</c>: every callback sent (url, method, body, the hub's answer).</summary>
    public async Task<IReadOnlyList<JsonObject>> CallbacksAsync(CancellationToken ct = default) =>
        await GetArrayAsync("/__sim/callbacks", ct);

    /// <summary><c>POST /__sim/overrides</c>: forces the outcome of the requests that reference <paramref name="reference"/>.</summary>
    public Task OverrideAsync(string reference, JsonObject outcome, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "/__sim/overrides", new JsonObject
        {
            ["match"] = new JsonObject { ["reference"] = reference },
            ["outcome"] = outcome.DeepClone(),
        }, ct);

    /// <summary>
    /// <c>POST /__sim/faults</c>: the next <paramref name="count"/> calls to <paramref name="path"/> (a prefix; for
    /// <paramref name="method"/> only, if given) fail as <paramref name="kind"/>: "500", "502", "503", "504", "401", "429",
    /// "timeout", "latency" (both held <paramref name="delaySeconds"/> on the simulator clock), "connection_reset". With
    /// <paramref name="commitThenFail"/> the simulator does the operation first, then loses the reply.
    /// </summary>
    public Task FaultAsync(string path, string kind, string? method = null, int count = 1, int delaySeconds = 0,
        bool commitThenFail = false)
    {
        var fault = new JsonObject { ["path"] = path, ["kind"] = kind, ["count"] = count };
        if (method is not null)
        {
            fault["method"] = method;
        }

        if (delaySeconds > 0)
        {
            fault["delaySeconds"] = delaySeconds;
        }

        if (commitThenFail)
        {
            fault["commitThenFail"] = true;
        }

        return SendAsync(HttpMethod.Post, "/__sim/faults", fault, CancellationToken.None);
    }

    /// <summary><c>DELETE /__sim/faults</c>.</summary>
    public Task ClearFaultsAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Delete, "/__sim/faults", null, ct);

    /// <summary><c>POST /__sim/clock/advance</c>.</summary>
    public Task AdvanceClockAsync(TimeSpan by, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "/__sim/clock/advance", new JsonObject { ["seconds"] = by.TotalSeconds }, ct);

    /// <summary><c>GET /__sim/clock</c>: the simulator's now.</summary>
    public async Task<DateTimeOffset> NowAsync(CancellationToken ct = default)
    {
        using var response = await _http.GetAsync(new Uri("/__sim/clock", UriKind.Relative), ct);
        await EnsureAsync(response, "GET /__sim/clock", ct);
        var clock = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        return clock?["now"]?.GetValue<DateTimeOffset>()
            ?? throw new ConformanceSetupException("GET /__sim/clock answered no \"now\"");
    }

    /// <summary>
    /// Waits until the simulator has sent a callback about <paramref name="reference"/> (callbacks go out on the
    /// simulator's own task), polling at most <paramref name="attempts"/> times; null if none came.
    /// </summary>
    public async Task<JsonObject?> WaitForCallbackAsync(string reference, int attempts = 200, CancellationToken ct = default)
    {
        for (var i = 0; i < attempts; i++)
        {
            var sent = (await CallbacksAsync(ct)).LastOrDefault(c => Mentions(c, reference));
            if (sent is not null)
            {
                return sent;
            }

            await Task.Delay(25, ct);
        }

        return null;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static bool Mentions(JsonNode? node, string value) => node switch
    {
        JsonObject o => o.Any(p => Mentions(p.Value, value)),
        JsonArray a => a.Any(n => Mentions(n, value)),
        JsonValue v when v.TryGetValue<string>(out var text) => text.Contains(value, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private async Task<IReadOnlyList<JsonObject>> GetArrayAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), ct);
        await EnsureAsync(response, "GET " + path, ct);
        var array = await response.Content.ReadFromJsonAsync<JsonArray>(ct) ?? [];
        return [.. array.OfType<JsonObject>()];
    }

    private async Task SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request, ct);
        await EnsureAsync(response, $"{method} {path}", ct);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        throw new ConformanceSetupException(response.StatusCode == HttpStatusCode.NotFound && text.Length == 0
            ? $"{what}: 404 — the simulator does not serve this /__sim control"
            : $"{what}: {(int)response.StatusCode} {text}");
    }

    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
