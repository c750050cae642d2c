using Microsoft.Extensions.Time.Testing;

namespace Connectors.MtnMomo.Tests;

public sealed class TokenCacheTests
{
    private static readonly MtnMomoTokenKey Key = new("ca_1", "collection");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly MtnMomoTokenCache _cache = new();
    private int _fetches;

    [Fact]
    public async Task GetAsync_BeforeTenMinutesToExpiry_ReusesToken()
    {
        var first = await GetAsync();
        _clock.Advance(TimeSpan.FromMinutes(49) + TimeSpan.FromSeconds(59));
        var second = await GetAsync();

        Assert.Equal("token-1", first.AccessToken);
        Assert.Equal("token-1", second.AccessToken);
        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task GetAsync_TenMinutesToExpiry_Refreshes()
    {
        await GetAsync();
        _clock.Advance(TimeSpan.FromMinutes(50));
        var refreshed = await GetAsync();

        Assert.Equal("token-2", refreshed.AccessToken);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task GetAsync_ShortLifetime_RefreshesAtHalfLife()
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
    public async Task GetAsync_Concurrent_OneRefresh()
    {
        var gate = new TaskCompletionSource<MtnMomoTokenResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, 32).Select(_ => Task.Run(() => _cache.GetAsync(Key, _clock, async _ =>
        {
            Interlocked.Increment(ref _fetches);
            return await gate.Task;
        }, CancellationToken.None))).ToList();

        // Bounded wait for the first fetch to start; the others must queue behind it.
        for (var i = 0; i < 500 && Volatile.Read(ref _fetches) == 0; i++)
        {
            await Task.Delay(10);
        }

        gate.SetResult(MtnMomoTokenResult.Issued("token-1", TimeSpan.FromHours(1)));
        var results = await Task.WhenAll(calls);

        Assert.Equal(1, _fetches);
        Assert.All(results, r => Assert.Equal("token-1", r.AccessToken));
    }

    [Fact]
    public async Task GetAsync_Failure_NotCached()
    {
        var failed = await _cache.GetAsync(Key, _clock, _ =>
        {
            _fetches++;
            return Task.FromResult(MtnMomoTokenResult.Failed("login_failed", credentialsRefused: true));
        }, CancellationToken.None);
        var next = await GetAsync();

        Assert.Null(failed.AccessToken);
        Assert.True(failed.CredentialsRefused);
        Assert.Equal("token-2", next.AccessToken);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task Invalidate_RefusedToken_NextGetFetches()
    {
        await GetAsync();
        _cache.Invalidate(Key, "token-1");
        var next = await GetAsync();

        Assert.Equal("token-2", next.AccessToken);
    }

    [Fact]
    public async Task Invalidate_OlderToken_KeepsNewerOne()
    {
        await GetAsync();
        _cache.Invalidate(Key, "token-1");
        await GetAsync();
        _cache.Invalidate(Key, "token-1");
        var current = await GetAsync();

        Assert.Equal("token-2", current.AccessToken);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task GetAsync_OtherAccountOrProduct_SeparateTokens()
    {
        await GetAsync();
        await _cache.GetAsync(Key with { AccountId = "ca_2" }, _clock, Fetch(TimeSpan.FromHours(1)), CancellationToken.None);
        await _cache.GetAsync(Key with { Product = "disbursement" }, _clock, Fetch(TimeSpan.FromHours(1)), CancellationToken.None);

        Assert.Equal(3, _fetches);
    }

    private Task<MtnMomoTokenResult> GetAsync(TimeSpan? lifetime = null) =>
        _cache.GetAsync(Key, _clock, Fetch(lifetime ?? TimeSpan.FromHours(1)), CancellationToken.None);

    private Func<CancellationToken, Task<MtnMomoTokenResult>> Fetch(TimeSpan lifetime) => _ =>
    {
        var n = Interlocked.Increment(ref _fetches);
        return Task.FromResult(MtnMomoTokenResult.Issued($"token-{n}", lifetime));
    };
}
