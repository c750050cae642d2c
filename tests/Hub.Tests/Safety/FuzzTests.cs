using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Hub.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hub.Tests.Safety;

/// <summary>
/// Issue 10, "Prove it": every endpoint the hub maps (read from its EndpointDataSource, so a new endpoint is fuzzed
/// without editing this test) gets generated hostile requests (<see cref="HostileInput"/>), with a valid test key, a
/// tenant key, a bad key and none, on real PostgreSQL. Never a 5xx; every 4xx is application/problem+json with a code.
/// Seeded: HUB_FUZZ_SEED reproduces a run (the seed is printed), HUB_FUZZ_CASES sets the requests per endpoint.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private TestDatabase _database = null!;
    private HubApp _app = null!;
    private FuzzTenant _tenant = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new HubApp(_database.ConnectionString, HubApp.RepoPluginsPath(), new Dictionary<string, string?>
        {
            ["Hub:RateLimit:Limit"] = "0", ["Hub:CallbackRateLimit:Limit"] = "0", ["Hub:CheckoutRateLimit:Limit"] = "0",
            ["Hub:Webhooks:Enabled"] = "false", ["Hub:Reconciliation:Enabled"] = "false",
        });
        await _app.MigrateAsync();
        _tenant = await FuzzTenant.SeedAsync(_app);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task EveryEndpoint_UnderHostileInput_NeverAnswers5xx_AndEvery4xxIsAProblemWithACode()
    {
        var seed = Environment.GetEnvironmentVariable("HUB_FUZZ_SEED") is { Length: > 0 } s
            ? ulong.Parse(s, CultureInfo.InvariantCulture)
            : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        var perEndpoint = int.TryParse(Environment.GetEnvironmentVariable("HUB_FUZZ_CASES"), out var n) ? n : 30;
        output.WriteLine($"fuzz seed {seed} (HUB_FUZZ_SEED={seed} reproduces this run), {perEndpoint} requests per endpoint");

        using var client = _app.CreateClient();
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, e.RoutePattern)))
            .Where(e => e.Method != "HEAD" && e.Method != "OPTIONS")
            .DistinctBy(e => e.Method + " " + e.RoutePattern.RawText)
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();
        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.StartsWith("/v1/callbacks/{connector}", StringComparison.Ordinal));

        var failures = new List<string>();
        var sent = 0;
        var statuses = new SortedDictionary<int, int>();
        var pcg = new PCG(1, seed);
        foreach (var (method, pattern) in endpoints)
        {
            for (var i = 0; i < perEndpoint; i++)
            {
                var request = FuzzRequest.Generate(pcg, method, pattern, _tenant, Methods);
                using var message = request.ToMessage();
                HttpResponseMessage response;
                string body;
                try
                {
                    response = await client.SendAsync(message);
                    body = await response.Content.ReadAsStringAsync();
                }
                catch (Exception ex)
                {
                    failures.Add($"{request}: threw {ex.GetType().Name}: {ex.Message}");
                    continue;
                }

                sent++;
                var status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                // The hosted checkout page is for people: its 404 and 410 are HTML pages, not problems.
                var isPage = method == "GET" && pattern.RawText!.TrimEnd('/') == "/checkout/{id}";
                if (Verdict(status, response.Content.Headers.ContentType?.MediaType, body, isPage) is { } problem)
                {
                    failures.Add($"{request}: {problem}");
                }

                response.Dispose();
            }
        }

        output.WriteLine($"sent {sent} requests to {endpoints.Count} endpoints (method and route); statuses: "
            + string.Join(", ", statuses.Select(kv => $"{kv.Key}×{kv.Value}")));
        foreach (var failure in failures.Take(30))
        {
            output.WriteLine(failure);
        }

        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} bad replies, first: {failures.FirstOrDefault()}");
    }

    private static string? Verdict(int status, string? mediaType, string body, bool isPage)
    {
        if (status >= 500)
        {
            return $"answered {status}: {Short(body)}";
        }

        if (status < 400)
        {
            return null;
        }

        if (isPage && mediaType == "text/html")
        {
            return body.Contains("<html", StringComparison.OrdinalIgnoreCase) ? null : $"answered {status} with an empty page";
        }

        if (mediaType != "application/problem+json")
        {
            return $"answered {status} as {mediaType ?? "no content type"}: {Short(body)}";
        }

        try
        {
            return JsonNode.Parse(body)?["code"] is JsonValue code && code.TryGetValue<string>(out var text) && text.Length > 0
                ? null
                : $"answered {status} with no code: {Short(body)}";
        }
        catch (System.Text.Json.JsonException)
        {
            return $"answered {status} with a problem that is not JSON: {Short(body)}";
        }
    }

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>One generated request, printable for the failure report.</summary>
internal sealed record FuzzRequest(string Method, string Path, string? ContentType, byte[]? Body, AuthenticationHeaderValue? Auth,
    IReadOnlyList<(string Name, string Value)> Headers)
{
    private static readonly Gen<int> Percent = Gen.Int[0, 99];

    public static FuzzRequest Generate(PCG pcg, string method, RoutePattern pattern, FuzzTenant tenant, string[] methods)
    {
        T Draw<T>(Gen<T> gen) => gen.Generate(pcg, null, out _);

        if (Draw(Percent) < 5)
        {
            method = Draw(Gen.OneOf(methods)); // a method the route may not take: 405, as a problem
        }

        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Draw(Percent) < 60
                        ? tenant.ValueFor(parameter.Name, Draw(Gen.Int[0, 1000]))
                        : PathSafe(Draw(HostileInput.UrlValue) + (parameter.IsCatchAll && Draw(Gen.Bool) ? "/" + Draw(HostileInput.UrlValue) : "")),
                    _ => "",
                });
            }
        }

        var query = Draw(HostileInput.Query);
        var hasBody = method is "POST" or "PUT" or "PATCH" || Draw(Percent) < 10;
        var auth = Draw(Percent) switch
        {
            < 55 => new AuthenticationHeaderValue("Bearer", tenant.MerchantKey),
            < 70 => new AuthenticationHeaderValue("Bearer", tenant.TenantKey),
            < 80 => null,
            < 90 => new AuthenticationHeaderValue("Bearer", Draw(HostileInput.HeaderValue) is { Length: > 0 } v ? v.Trim() is { Length: > 0 } t ? t : "x" : "x"),
            _ => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Draw(HostileInput.HeaderValue)))),
        };
        var headers = new List<(string, string)>();
        if (Draw(Percent) < 60)
        {
            headers.Add(("Idempotency-Key", Draw(Percent) < 50 ? Guid.NewGuid().ToString() : Draw(HostileInput.HeaderValue)));
        }

        if (Draw(Percent) < 15)
        {
            headers.Add(("Hub-Merchant", Draw(Percent) < 50 ? tenant.MerchantId : Draw(HostileInput.HeaderValue)));
        }

        return new FuzzRequest(method, path + query, hasBody ? Draw(HostileInput.ContentType) : null,
            hasBody ? Draw(HostileInput.Body) : null, auth, headers);
    }

    /// <summary>
    /// A NUL in the path never reaches the hub: the test server throws on it and Kestrel refuses the request line
    /// itself; NUL is fuzzed in the query and the body instead.
    /// </summary>
    private static string PathSafe(string value) => value.Replace("%00", "%01", StringComparison.OrdinalIgnoreCase);

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Path);
        message.Headers.Authorization = Auth;
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "no body" : Body.Length > 200
            ? $"{Body.Length} bytes: {Encoding.UTF8.GetString(Body, 0, 200)}…"
            : Encoding.UTF8.GetString(Body);
        return $"{Method} {(Path.Length > 300 ? Path[..300] + "…" : Path)} [{ContentType ?? "-"}] auth={Auth?.Scheme ?? "none"} "
            + $"headers={string.Join(";", Headers.Select(h => h.Name + "=" + (h.Value.Length > 40 ? h.Value[..40] + "…" : h.Value)))} body={body}";
    }
}
