using System.Net;
using Connectors.Abstractions;
using Microsoft.Extensions.Logging;

namespace Connectors.Kit.Tests;

/// <summary>An HTTP handler that answers from a function and records every request it saw (with its body).</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, int, HttpResponseMessage> reply) : HttpMessageHandler
{
    private int _count;

    public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

    public IEnumerable<HttpRequestMessage> To(string path) =>
        Requests.Where(r => r.Request.RequestUri!.AbsolutePath == path).Select(r => r.Request);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        int n;
        lock (Requests)
        {
            Requests.Add((request, body));
            n = ++_count;
        }

        return reply(request, n);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) => new(status)
    {
        Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
    };
}

/// <summary>A logger that keeps the formatted lines.</summary>
internal sealed class ListLogger : ILogger
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        lock (Lines)
        {
            Lines.Add(formatter(state, exception));
        }
    }
}

internal static class KitTestSupport
{
    public static ConnectorAccount Account(string id = "ca_1", Dictionary<string, string>? credentials = null,
        Dictionary<string, string>? settings = null) => new()
    {
        Id = id,
        Environment = ConnectorEnvironment.Sandbox,
        BaseUrl = new Uri("http://provider.test"),
        Credentials = credentials ?? new Dictionary<string, string>(),
        Settings = settings ?? new Dictionary<string, string>(),
    };

    public static ConnectorContext Context(HttpMessageHandler handler, TimeProvider clock, string accountId = "ca_1",
        ILogger? logger = null) => new()
    {
        Account = Account(accountId),
        CallbackUrl = new Uri("https://hub.test/v1/callbacks/acme/ca_1"),
        HttpClient = new HttpClient(handler) { BaseAddress = new Uri("http://provider.test") },
        Clock = clock,
        Logger = logger ?? new ListLogger(),
    };

    public static CallbackRequest Callback(string body, Dictionary<string, string>? headers = null) =>
        new("POST", "", new Dictionary<string, string>(), headers ?? new Dictionary<string, string>(),
            System.Text.Encoding.UTF8.GetBytes(body));
}
