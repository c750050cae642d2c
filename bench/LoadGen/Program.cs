using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoadGen;

// bench/run.sh's load generator. Every mode prints one JSON object on stdout (the figures) and logs on stderr.
//   hub-create  --url U --key K --clients N --seconds S [--warmup W] [--max N] [--amount A] [--rate R]
//   sim-direct  --sim-url U --clients N --seconds S [--warmup W] [--max N] [--amount A]
//   webhook     --url U --key K --sim-url U --listen-port P --count N [--rate R] [--amount A] [--wait S]
var options = Args.Parse(args);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var result = options.Mode switch
{
    "hub-create" => await HubCreate.RunAsync(options, stop.Token),
    "sim-direct" => await SimDirect.RunAsync(options, stop.Token),
    "webhook" => await WebhookLatency.RunAsync(options, stop.Token),
    _ => throw new ArgumentException($"unknown mode '{options.Mode}' (hub-create, sim-direct, webhook)"),
};
Console.WriteLine(result.ToJsonString());
return 0;

namespace LoadGen
{
    internal sealed record Args(string Mode, Dictionary<string, string> Values)
    {
        public static Args Parse(string[] args)
        {
            if (args.Length == 0)
            {
                throw new ArgumentException("usage: LoadGen <hub-create|sim-direct|webhook> --name value …");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 1; i < args.Length - 1; i += 2)
            {
                values[args[i].TrimStart('-')] = args[i + 1];
            }

            return new Args(args[0], values);
        }

        public string Get(string name) => Values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");

        public string Get(string name, string fallback) => Values.GetValueOrDefault(name, fallback);

        public int Int(string name, int fallback) => Values.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

        public double Double(string name, double fallback) => Values.TryGetValue(name, out var v) ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>One shared client: keep-alive connections, one per load client, loopback only.</summary>
    internal static class Http
    {
        public static HttpClient Create(int connections) => new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, connections),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            AllowAutoRedirect = false,
        })
        { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// Closed-loop load: N clients each send one request after the other until the time or the request budget is
    /// spent; an optional total rate paces them. Latencies of the warm-up are not recorded.
    /// </summary>
    internal static class Load
    {
        public static async Task<JsonObject> RunAsync(
            Args options, Func<HttpClient, CancellationToken, Task<int>> send, HttpClient client, CancellationToken ct)
        {
            var clients = options.Int("clients", 1);
            var seconds = options.Double("seconds", 20);
            var warmup = options.Double("warmup", 3);
            var max = options.Int("max", 1_000_000);
            var rate = options.Double("rate", 0);
            var statuses = new ConcurrentDictionary<int, int>();
            var samples = new List<double>[clients];
            var remaining = max;
            var errors = 0;
            string? firstError = null;

            // Warm-up: the same loop, nothing recorded (JIT, connection pools, token caches). Requests in flight at
            // its end complete: cancelling them would abort requests inside the hub and skew what follows.
            if (warmup > 0)
            {
                var warmEnd = Stopwatch.GetTimestamp() + (long)(warmup * Stopwatch.Frequency);
                await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
                {
                    var budget = Math.Max(1, max / 10 / clients);
                    for (var i = 0; i < budget && !ct.IsCancellationRequested && Stopwatch.GetTimestamp() < warmEnd; i++)
                    {
                        try { await send(client, ct); }
                        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
                    }
                }));
            }

            var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            var interval = rate > 0 ? clients / rate : 0;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
            {
                var mine = samples[c] = new List<double>(4096);
                var next = Stopwatch.GetTimestamp();
                while (!ct.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline && Interlocked.Decrement(ref remaining) >= 0)
                {
                    if (interval > 0)
                    {
                        next += (long)(interval * Stopwatch.Frequency);
                        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                        if (wait > TimeSpan.Zero)
                        {
                            await Task.Delay(wait, ct);
                        }
                    }

                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        var status = await send(client, ct);
                        mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                        statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, ex.GetType().Name + ": " + ex.Message, null);
                    }
                }
            }));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var all = samples.Where(s => s is not null).SelectMany(s => s).ToArray();
            Array.Sort(all);
            var ok = statuses.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value);
            return new JsonObject
            {
                ["clients"] = clients,
                ["seconds"] = Math.Round(elapsed, 2),
                ["requests"] = all.Length,
                ["ok"] = ok,
                ["status5xx"] = statuses.Where(s => s.Key >= 500).Sum(s => s.Value),
                ["errors"] = errors,
                ["firstError"] = firstError,
                ["statuses"] = new JsonObject(statuses.OrderBy(s => s.Key).Select(s => KeyValuePair.Create(s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)s.Value))),
                ["throughput"] = Math.Round(ok / elapsed, 1),
                ["p50"] = Percentile(all, 0.50),
                ["p95"] = Percentile(all, 0.95),
                ["p99"] = Percentile(all, 0.99),
                ["max"] = all.Length == 0 ? 0 : Math.Round(all[^1], 3),
            };
        }

        public static double Percentile(double[] sorted, double p)
        {
            if (sorted.Length == 0)
            {
                return 0;
            }

            var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
            return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)], 3);
        }
    }

    /// <summary>POST /v1/payments with a fresh Idempotency-Key each time.</summary>
    internal static class HubCreate
    {
        public static async Task<JsonObject> RunAsync(Args options, CancellationToken ct)
        {
            var url = options.Get("url").TrimEnd('/') + "/v1/payments";
            var key = options.Get("key");
            var amount = options.Int("amount", 1500);
            var phone = options.Get("phone", "+237671234567");
            var run = Guid.NewGuid().ToString("N")[..8];
            var counter = 0L;
            var body = Encoding.UTF8.GetBytes(
                $$"""{"amount":{{amount}},"currency":"XAF","method":"mobile_money","payer":{"phone":"{{phone}}"},"description":"bench order"}""");
            using var client = Http.Create(options.Int("clients", 1));
            var auth = new AuthenticationHeaderValue("Bearer", key);
            var result = await Load.RunAsync(options, async (http, token) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = auth;
                request.Headers.Add("Idempotency-Key", $"bench-{run}-{Interlocked.Increment(ref counter)}");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                return (int)response.StatusCode;
            }, client, ct);
            result["mode"] = "hub-create";
            return result;
        }
    }

    /// <summary>The request to pay the hub's MTN connector sends, straight to the simulator (token fetched once).</summary>
    internal static class SimDirect
    {
        public static async Task<JsonObject> RunAsync(Args options, CancellationToken ct)
        {
            var sim = options.Get("sim-url").TrimEnd('/');
            var amount = options.Int("amount", 1500);
            using var client = Http.Create(options.Int("clients", 1));
            var subscription = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, sim + "/collection/token/");
            tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Guid.NewGuid()}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}")));
            tokenRequest.Headers.Add("Ocp-Apim-Subscription-Key", subscription);
            tokenRequest.Content = new ByteArrayContent([]);
            using var tokenResponse = await client.SendAsync(tokenRequest, ct);
            tokenResponse.EnsureSuccessStatusCode();
            var token = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync(ct))!["access_token"]!.GetValue<string>();
            var body = Encoding.UTF8.GetBytes(
                $$"""{"amount":"{{amount}}","currency":"XAF","externalId":"pay_bench","payer":{"partyIdType":"MSISDN","partyId":"237671234567"},"payerMessage":"bench order","payeeNote":"bench order"}""");
            var auth = new AuthenticationHeaderValue("Bearer", token);
            var result = await Load.RunAsync(options, async (http, t) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, sim + "/collection/v1_0/requesttopay") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = auth;
                request.Headers.Add("X-Reference-Id", Guid.NewGuid().ToString());
                request.Headers.Add("X-Target-Environment", "mtncameroon");
                request.Headers.Add("X-Callback-Url", "http://localhost/bench-no-callback");
                request.Headers.Add("Ocp-Apim-Subscription-Key", subscription);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, t);
                return (int)response.StatusCode;
            }, client, ct);
            result["mode"] = "sim-direct";
            return result;
        }
    }

    /// <summary>
    /// Registers a webhook endpoint on a local receiver, creates payments that the simulator settles at once, and
    /// measures from the simulator's callback (its record in /__sim/callbacks, taken when the hub has answered it)
    /// to the receiver holding the signed payment.paid event.
    /// </summary>
    internal static class WebhookLatency
    {
        public static async Task<JsonObject> RunAsync(Args options, CancellationToken ct)
        {
            var hub = options.Get("url").TrimEnd('/');
            var key = options.Get("key");
            var sim = options.Get("sim-url").TrimEnd('/');
            var port = options.Int("listen-port", 5190);
            var count = options.Int("count", 100);
            var rate = options.Double("rate", 10);
            var amount = options.Int("amount", 3000);
            var waitSeconds = options.Double("wait", 30);
            var received = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var badSignatures = 0;
            var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            string? secret = null;

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            await using var app = builder.Build();
            app.MapPost("/hook", async (HttpRequest request) =>
            {
                var at = DateTimeOffset.UtcNow;
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var raw = await reader.ReadToEndAsync();
                if (secret is null || !Verify(secret, request.Headers, raw))
                {
                    Interlocked.Increment(ref badSignatures);
                    return Results.StatusCode(400);
                }

                var json = JsonNode.Parse(raw);
                if (json?["type"]?.GetValue<string>() == "payment.paid" && json["data"]?["id"]?.GetValue<string>() is { } id)
                {
                    received.TryAdd(id, at);
                    if (received.Count >= count)
                    {
                        allReceived.TrySetResult();
                    }
                }

                return Results.Ok();
            });
            await app.StartAsync(ct);

            using var client = Http.Create(4);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using (var create = await client.PostAsync(hub + "/v1/webhook-endpoints", Json(new JsonObject
            {
                ["url"] = $"http://127.0.0.1:{port}/hook",
                ["events"] = new JsonArray("payment.paid"),
                ["description"] = "bench receiver",
            }), ct))
            {
                var text = await create.Content.ReadAsStringAsync(ct);
                if (!create.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"webhook endpoint not created: {(int)create.StatusCode} {text}");
                }

                secret = JsonNode.Parse(text)!["secret"]!.GetValue<string>();
            }

            // payment id -> the provider reference the hub sent (X-Reference-Id), from the create reply.
            var references = new Dictionary<string, string>(StringComparer.Ordinal);
            var createdAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var statuses = new Dictionary<int, int>();
            var run = Guid.NewGuid().ToString("N")[..8];
            var body = $$"""{"amount":{{amount}},"currency":"XAF","method":"mobile_money","payer":{"phone":"+237671234567"},"description":"bench webhook"}""";
            var pace = TimeSpan.FromSeconds(1 / rate);
            for (var i = 0; i < count && !ct.IsCancellationRequested; i++)
            {
                var next = Stopwatch.GetTimestamp() + (long)(pace.TotalSeconds * Stopwatch.Frequency);
                using var request = new HttpRequestMessage(HttpMethod.Post, hub + "/v1/payments")
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("Idempotency-Key", $"bench-wh-{run}-{i}");
                var sent = DateTimeOffset.UtcNow;
                using var response = await client.SendAsync(request, ct);
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (response.IsSuccessStatusCode)
                {
                    var payment = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
                    var id = payment["id"]!.GetValue<string>();
                    references[id] = payment["providerReference"]?.GetValue<string>() ?? "";
                    createdAt[id] = sent;
                }

                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
            }

            await Task.WhenAny(allReceived.Task, Task.Delay(TimeSpan.FromSeconds(waitSeconds), ct));

            // The simulator's record of each callback: reference id and when the hub's answer came back.
            var callbacks = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var list = JsonNode.Parse(await client.GetStringAsync(sim + "/__sim/callbacks", ct))!.AsArray();
            foreach (var cb in list)
            {
                if (cb?["referenceId"]?.GetValue<string>() is { } reference && cb["sentAt"] is { } at)
                {
                    callbacks.TryAdd(reference, at.GetValue<DateTimeOffset>());
                }
            }

            var fromCallback = new List<double>();
            var fromCreate = new List<double>();
            foreach (var (id, reference) in references)
            {
                if (!received.TryGetValue(id, out var got))
                {
                    continue;
                }

                fromCreate.Add((got - createdAt[id]).TotalMilliseconds);
                if (callbacks.TryGetValue(reference, out var cbAt))
                {
                    fromCallback.Add((got - cbAt).TotalMilliseconds);
                }
            }

            var a = fromCallback.Order().ToArray();
            var b = fromCreate.Order().ToArray();
            await app.StopAsync(CancellationToken.None);
            return new JsonObject
            {
                ["mode"] = "webhook",
                ["payments"] = references.Count,
                ["statuses"] = new JsonObject(statuses.OrderBy(s => s.Key).Select(s => KeyValuePair.Create(s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)s.Value))),
                ["received"] = received.Count,
                ["matched"] = a.Length,
                ["badSignatures"] = badSignatures,
                ["p50"] = Load.Percentile(a, 0.50),
                ["p95"] = Load.Percentile(a, 0.95),
                ["p99"] = Load.Percentile(a, 0.99),
                ["max"] = a.Length == 0 ? 0 : Math.Round(a[^1], 3),
                ["createToWebhookP50"] = Load.Percentile(b, 0.50),
                ["createToWebhookP99"] = Load.Percentile(b, 0.99),
            };
        }

        private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

        /// <summary>Standard Webhooks: v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), any of the signatures.</summary>
        private static bool Verify(string secret, IHeaderDictionary headers, string body)
        {
            var id = headers["webhook-id"].ToString();
            var timestamp = headers["webhook-timestamp"].ToString();
            var signatures = headers["webhook-signature"].ToString();
            if (id.Length == 0 || timestamp.Length == 0 || signatures.Length == 0)
            {
                return false;
            }

            var keyBytes = Convert.FromBase64String(secret["whsec_".Length..]);
            var expected = HMACSHA256.HashData(keyBytes, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
            return signatures.Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(s[3..]), expected));
        }
    }
}
