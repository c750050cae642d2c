using System.Collections.Concurrent;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hub.Tenancy;

/// <summary>What the hub needs of an API key row to authenticate a call (never the secret itself, only its hash).</summary>
internal sealed record CachedApiKey(Guid Id, Guid TenantId, Guid? MerchantId, bool Livemode, byte[] SecretHash, bool Revoked);

/// <summary>
/// Key rows by id for <see cref="TimeToLive"/> (30 s), so that a busy key is not looked up in PostgreSQL on every
/// request (the lookup was the request path's measured hot spot). The secret is still checked against the hash on
/// every request. A revocation made through this instance takes effect at once (<see cref="Invalidate"/>); one made
/// by another instance within <see cref="TimeToLive"/>. Unknown ids are not cached, so guessing ids fills nothing.
/// </summary>
internal sealed class ApiKeyCache(TimeProvider clock)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    /// <summary>The key's row from the cache, or from the database (and then cached); null when no such key.</summary>
    public async Task<CachedApiKey?> FindAsync(Guid keyId, HubDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(keyId, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Key;
        }

        var key = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Id == keyId)
            .Select(k => new CachedApiKey(k.Id, k.TenantId, k.MerchantId, k.Livemode, k.SecretHash, k.RevokedAt != null))
            .FirstOrDefaultAsync(ct);
        if (key is null)
        {
            _entries.TryRemove(keyId, out _);
            return null;
        }

        if (_entries.Count >= MaxEntries)
        {
            Prune(now);
        }

        _entries[keyId] = new Entry(key, now + TimeToLive);
        return key;
    }

    /// <summary>Forgets a key at once (its revocation in this instance).</summary>
    public void Invalidate(Guid keyId) => _entries.TryRemove(keyId, out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(id, out _);
            }
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
    }

    private sealed record Entry(CachedApiKey Key, DateTimeOffset ExpiresAt);
}
