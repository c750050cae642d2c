using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Kit.Tests;

public sealed class AccessTokensTests
{
    private static readonly TokenKey Key = new("ca_1", "collection");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly AccessTokens _tokens = new("Acme", TimeSpan.FromMinutes(10));
    private int _fetches;

    [Fact]
    public async Task GetAsync_BeforeSkew_ReusesToken()
    {
        var first = await GetAsync();
        _clock.Advance(TimeSpan.FromMinutes(49) + TimeSpan.FromSeconds(59));
        var second = await GetAsync();

        Assert.Equal("token-1", first.AccessToken);
        Assert.Equal("token-1", second.AccessToken);
        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task GetAsync_AtSkewBeforeExpiry_Refreshes()
    {
        await GetAsync();
        _clock.Advance(TimeSpan.FromMinutes(50));

        Assert.Equal("token-2", (await GetAsync()).AccessToken);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task GetAsync_LifetimeUnderTwiceTheSkew_RefreshesAtHalfLife()
    {
        await GetAsync(TimeSpan.FromMinutes(4));
        _clock.Advance(TimeSpan.FromMinutes(1));
        await GetAsync(TimeSpan.FromMinutes(4));
        Assert.Equal(1, _fetches);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await GetAsync(TimeSpan.FromMinutes(4));
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task GetAsync_ManyConcurrentCallers_OneFetch()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource<TokenResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, 32).Select(_ => Task.Run(() => _tokens.GetAsync(Key, _clock, async _ =>
        {
            Interlocked.Increment(ref _fetches);
            started.TrySetResult();
            return await gate.Task;
        }, CancellationToken.None))).ToList();

        // The first fetch is under way; every other caller either waits behind it or finds its token cached.
        await started.Task;
        gate.SetResult(TokenResult.Issued("token-1", TimeSpan.FromHours(1)));
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, _fetches);
        Assert.All(results, r => Assert.Equal("token-1", r.AccessToken));
    }

    [Fact]
    public async Task GetAsync_Failure_NotCached()
    {
        var failed = await _tokens.GetAsync(Key, _clock, _ =>
        {
            _fetches++;
            return Task.FromResult(TokenResult.Failed("login_failed", credentialsRefused: true));
        }, CancellationToken.None);

        Assert.True(failed.CredentialsRefused);
        Assert.Equal("token-2", (await GetAsync()).AccessToken);
    }

    [Fact]
    public async Task Invalidate_OlderToken_KeepsNewerOne()
    {
        await GetAsync();
        _tokens.Invalidate(Key, "token-1");
        await GetAsync();
        _tokens.Invalidate(Key, "token-1");

        Assert.Equal("token-2", (await GetAsync()).AccessToken);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task GetAsync_OtherAccountOrScope_SeparateTokens()
    {
        await GetAsync();
        await _tokens.GetAsync(Key with { AccountId = "ca_2" }, _clock, Fetch(TimeSpan.FromHours(1)), CancellationToken.None);
        await _tokens.GetAsync(Key with { Scope = "disbursement" }, _clock, Fetch(TimeSpan.FromHours(1)), CancellationToken.None);

        Assert.Equal(3, _fetches);
    }

    [Fact]
    public async Task SendAsync_UnauthorizedOnce_OneRefreshAndExactlyOneResendOfTheSameRequest()
    {
        var handler = Provider(businessReplies: [HttpStatusCode.Unauthorized, HttpStatusCode.Accepted]);
        var context = KitTestSupport.Context(handler, _clock);

        var reply = await _tokens.SendAsync(context, Endpoint(), "ref-1", token => Business(context, token, "ref-1"),
            CancellationToken.None);

        Assert.Equal(HttpStatusCode.Accepted, reply.Response!.StatusCode);
        Assert.Equal(2, handler.To("/token").Count());
        var sends = handler.To("/pay").ToList();
        Assert.Equal(2, sends.Count);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], sends.Select(s => s.Headers.Authorization!.ToString()));
        Assert.All(sends, s => Assert.Equal("ref-1", s.Headers.GetValues("X-Reference-Id").Single()));
    }

    [Fact]
    public async Task SendAsync_UnauthorizedTwice_ReturnsTheSecond401WithoutAThirdSend()
    {
        var handler = Provider(businessReplies: [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Accepted]);
        var context = KitTestSupport.Context(handler, _clock);

        var reply = await _tokens.SendAsync(context, Endpoint(), "ref-1", token => Business(context, token, "ref-1"),
            CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Response!.StatusCode);
        Assert.Equal(2, handler.To("/pay").Count());
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task SendAsync_OtherErrors_NeverResent(HttpStatusCode status)
    {
        var handler = Provider(businessReplies: [status, HttpStatusCode.Accepted]);
        var context = KitTestSupport.Context(handler, _clock);

        var reply = await _tokens.SendAsync(context, Endpoint(), "ref-1", token => Business(context, token, "ref-1"),
            CancellationToken.None);

        Assert.Equal(status, reply.Response!.StatusCode);
        Assert.Single(handler.To("/pay"));
        Assert.Single(handler.To("/token"));
    }

    [Fact]
    public async Task SendAsync_TokenRefused_NothingSent()
    {
        var handler = new StubHandler((request, _) => StubHandler.Json(HttpStatusCode.InternalServerError, """{"error":"login_failed"}"""));
        var context = KitTestSupport.Context(handler, _clock);

        var reply = await _tokens.SendAsync(context, Endpoint(), "ref-1", token => Business(context, token, "ref-1"),
            CancellationToken.None);

        Assert.Null(reply.Response);
        Assert.True(reply.TokenFailure!.CredentialsRefused);
        Assert.Equal("login_failed", reply.TokenFailure.ErrorCode);
        Assert.Empty(handler.To("/pay"));
    }

    [Fact]
    public async Task SendAsync_TokenEndpointDown_FailedNotRefusedAndNothingSent()
    {
        var handler = new StubHandler((request, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        var context = KitTestSupport.Context(handler, _clock);

        var reply = await _tokens.SendAsync(context, Endpoint(), "ref-1", token => Business(context, token, "ref-1"),
            CancellationToken.None);

        Assert.False(reply.TokenFailure!.CredentialsRefused);
        Assert.Contains("ConnectionError", reply.TokenFailure.FailureDetail, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task SendAsync_CallerCancelsTokenFetch_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        var handler = new StubHandler((request, _) =>
        {
            cancellation.Cancel();
            throw new TaskCanceledException("cancelled", null, cancellation.Token);
        });
        var context = KitTestSupport.Context(handler, _clock);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _tokens.SendAsync(context, Endpoint(), "ref-1",
            token => Business(context, token, "ref-1"), cancellation.Token));
    }

    [Fact]
    public async Task SendAsync_LogsNoTokenOrSecret()
    {
        var logger = new ListLogger();
        var handler = Provider(businessReplies: [HttpStatusCode.Unauthorized, HttpStatusCode.Accepted]);
        var context = KitTestSupport.Context(handler, _clock, logger: logger);

        await _tokens.SendAsync(context, Endpoint(), "ref-1", token => Business(context, token, "ref-1"), CancellationToken.None);

        Assert.Contains(logger.Lines, l => l.Contains("Acme issued a collection token for account ca_1", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("token-1", StringComparison.Ordinal) || l.Contains("s3cret", StringComparison.Ordinal));
    }

    private static BasicKeyToken Endpoint() => new() { Path = "/token", Scope = "collection", User = "user", Key = "s3cret" };

    private static StubHandler Provider(HttpStatusCode[] businessReplies)
    {
        var tokens = 0;
        var business = 0;
        return new StubHandler((request, _) => request.RequestUri!.AbsolutePath == "/token"
            ? StubHandler.Json(HttpStatusCode.OK, $$"""{"access_token":"token-{{Interlocked.Increment(ref tokens)}}","expires_in":3600}""")
            : new HttpResponseMessage(businessReplies[Interlocked.Increment(ref business) - 1]));
    }

    private static Task<HttpResponseMessage> Business(Connectors.Abstractions.ConnectorContext context, string token, string reference)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/pay") { Content = new StringContent("{\"amount\":\"5000\"}") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Reference-Id", reference);
        return context.HttpClient.SendAsync(request);
    }

    private Task<TokenResult> GetAsync(TimeSpan? lifetime = null) =>
        _tokens.GetAsync(Key, _clock, Fetch(lifetime ?? TimeSpan.FromHours(1)), CancellationToken.None);

    private Func<CancellationToken, Task<TokenResult>> Fetch(TimeSpan lifetime) => _ =>
    {
        var n = Interlocked.Increment(ref _fetches);
        return Task.FromResult(TokenResult.Issued($"token-{n}", lifetime));
    };
}
