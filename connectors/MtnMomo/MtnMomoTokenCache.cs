using System.Collections.Concurrent;

namespace Connectors.MtnMomo;

/// <summary>Which token: each MTN product (collection, disbursement) of each account has its own.</summary>
internal readonly record struct MtnMomoTokenKey(string AccountId, string Product);

/// <summary>What asking MTN for a token gave: a token and its lifetime, or why there is none.</summary>
internal sealed record MtnMomoTokenResult
{
    public string? AccessToken { get; private init; }

    public TimeSpan Lifetime { get; private init; }

    /// <summary>Why there is no token; never a secret.</summary>
    public string? FailureDetail { get; private init; }

    /// <summary>MTN answered login_failed: the account's apiUser/apiKey (or subscription key) are wrong.</summary>
    public bool CredentialsRefused { get; private init; }

    public static MtnMomoTokenResult Issued(string accessToken, TimeSpan lifetime) =>
        new() { AccessToken = accessToken, Lifetime = lifetime };

    public static MtnMomoTokenResult Failed(string detail, bool credentialsRefused) =>
        new() { FailureDetail = detail, CredentialsRefused = credentialsRefused };
}

/// <summary>
/// MTN access tokens per account and product, kept on the connector instance (never static). A token is reused until
/// 10 minutes before it expires (MTN's advice; half its lifetime when it lives less than 20 minutes), and only one
/// refresh per key runs at a time, so a burst of payments costs one token call.
/// </summary>
internal sealed class MtnMomoTokenCache
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<MtnMomoTokenKey, Slot> _slots = new();

    /// <summary>The cached token, or a fresh one from <paramref name="fetch"/>; a failure is returned, not cached.</summary>
    public async Task<MtnMomoTokenResult> GetAsync(MtnMomoTokenKey key, TimeProvider clock,
        Func<CancellationToken, Task<MtnMomoTokenResult>> fetch, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(key, static _ => new Slot());
        if (slot.TryGet(clock.GetUtcNow()) is { } cached)
        {
            return cached;
        }

        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed it while this one waited.
            var requestedAt = clock.GetUtcNow();
            if (slot.TryGet(requestedAt) is { } refreshed)
            {
                return refreshed;
            }

            var result = await fetch(cancellationToken);
            if (result.AccessToken is not null)
            {
                // Counted from before the call: the token's clock started when MTN issued it, not when we read it.
                var margin = result.Lifetime < 2 * RefreshMargin ? result.Lifetime / 2 : RefreshMargin;
                Volatile.Write(ref slot.Current, new CachedToken(result, requestedAt + result.Lifetime - margin));
            }

            return result;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>
    /// Drops <paramref name="accessToken"/> after MTN refused it (401). A newer token another caller already fetched
    /// is kept.
    /// </summary>
    public void Invalidate(MtnMomoTokenKey key, string accessToken)
    {
        if (_slots.TryGetValue(key, out var slot))
        {
            var current = slot.Current;
            if (current is not null && current.Token.AccessToken == accessToken)
            {
                Interlocked.CompareExchange(ref slot.Current, null, current);
            }
        }
    }

    private sealed record CachedToken(MtnMomoTokenResult Token, DateTimeOffset RefreshAt);

    private sealed class Slot
    {
        public readonly SemaphoreSlim Gate = new(1, 1);

        public CachedToken? Current;

        public MtnMomoTokenResult? TryGet(DateTimeOffset now) =>
            Volatile.Read(ref Current) is { } current && now < current.RefreshAt ? current.Token : null;
    }
}
