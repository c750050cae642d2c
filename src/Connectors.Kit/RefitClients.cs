using System.Collections.Concurrent;
using Connectors.Abstractions;
using Refit;

namespace Connectors.Kit;

/// <summary>
/// Refit clients built once per account, not per call (<see cref="RestService.For{T}(HttpClient, RefitSettings)"/>
/// per call is a measured hot spot). Keyed by the account id and the <see cref="HttpClient"/> instance the hub built
/// for it: when the hub replaces the account's client (its settings changed), the next call builds a new Refit client
/// over it and the old one is let go. Keep one instance on the connector.
/// </summary>
/// <typeparam name="TApi">The Refit interface.</typeparam>
public sealed class RefitClients<TApi>
    where TApi : class
{
    private readonly ConcurrentDictionary<string, Entry> _clients = new(StringComparer.Ordinal);
    private readonly RefitSettings _settings;

    /// <summary>Creates the cache; <paramref name="settings"/> serve every client (a source-generated JSON context).</summary>
    public RefitClients(RefitSettings settings)
    {
        _settings = settings;
    }

    /// <summary>How many accounts have a client.</summary>
    public int Count => _clients.Count;

    /// <summary>The client of the call's account.</summary>
    public TApi For(ConnectorContext context) => For(context.Account.Id, context.HttpClient);

    /// <summary>The client of <paramref name="accountId"/> over <paramref name="httpClient"/>.</summary>
    public TApi For(string accountId, HttpClient httpClient)
    {
        if (_clients.TryGetValue(accountId, out var entry) && ReferenceEquals(entry.HttpClient, httpClient))
        {
            return entry.Api;
        }

        var created = new Entry(httpClient, RestService.For<TApi>(httpClient, _settings));
        _clients[accountId] = created;
        return created.Api;
    }

    private sealed record Entry(HttpClient HttpClient, TApi Api);
}
