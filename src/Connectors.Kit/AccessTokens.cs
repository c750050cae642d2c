using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Connectors.Abstractions;
using Refit;

namespace Connectors.Kit;

/// <summary>Which token: one per account and scope (MTN's product, an OAuth scope).</summary>
/// <param name="AccountId">The hub's account id, "ca_…".</param>
/// <param name="Scope">The scope.</param>
public readonly record struct TokenKey(string AccountId, string Scope);

/// <summary>A call sent with a token: the provider's reply, or why no call was made (no token).</summary>
/// <typeparam name="TResponse">The reply type: a Refit <see cref="IApiResponse"/> or an <see cref="HttpResponseMessage"/>.</typeparam>
/// <param name="Response">The reply; the caller disposes it.</param>
/// <param name="TokenFailure">Set when no token could be had, so nothing was sent.</param>
public sealed record AuthorizedReply<TResponse>(TResponse? Response, TokenResult? TokenFailure)
    where TResponse : class, IDisposable;

/// <summary>
/// Access tokens per account and scope, kept on the connector instance (never static). A token is reused until
/// <c>refreshSkew</c> before it expires (half its lifetime when it lives less than twice the skew), only one fetch per
/// key runs at a time (N concurrent callers cost one token call), a failure is returned and never cached, and a token
/// the provider refused (401) is dropped. Time comes from the call's <see cref="ConnectorContext.Clock"/>.
/// </summary>
public sealed class AccessTokens
{
    private readonly ConcurrentDictionary<TokenKey, Slot> _slots = new();
    private readonly string _provider;
    private readonly TimeSpan _refreshSkew;

    /// <summary>Creates the cache.</summary>
    /// <param name="provider">The provider's name in logs: "MTN".</param>
    /// <param name="refreshSkew">How long before expiry a token is refreshed (MTN: 10 minutes).</param>
    public AccessTokens(string provider, TimeSpan refreshSkew)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(refreshSkew, TimeSpan.Zero);
        _provider = provider;
        _refreshSkew = refreshSkew;
    }

    /// <summary>The account's cached token for the endpoint's scope, or a fresh one from the provider.</summary>
    public Task<TokenResult> GetAsync(ConnectorContext context, TokenEndpoint endpoint, CancellationToken cancellationToken) =>
        GetAsync(new TokenKey(context.Account.Id, endpoint.Scope), context.Clock,
            ct => FetchAsync(context, endpoint, ct), cancellationToken);

    /// <summary>The cached token for <paramref name="key"/>, or a fresh one from <paramref name="fetch"/>.</summary>
    public async Task<TokenResult> GetAsync(TokenKey key, TimeProvider clock, Func<CancellationToken, Task<TokenResult>> fetch,
        CancellationToken cancellationToken)
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

            using var span = KitTelemetry.Source.StartActivity("provider token", ActivityKind.Internal);
            span?.SetTag("hub.account_id", key.AccountId);
            var result = await fetch(cancellationToken);
            span?.SetTag("provider.token_issued", result.IsIssued);
            if (result.IsIssued)
            {
                // Counted from before the call: the token's clock started when the provider issued it.
                var skew = result.Lifetime < 2 * _refreshSkew ? result.Lifetime / 2 : _refreshSkew;
                Volatile.Write(ref slot.Current, new CachedToken(result, requestedAt + result.Lifetime - skew));
            }

            return result;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Drops <paramref name="accessToken"/> after the provider refused it; a newer token is kept.</summary>
    public void Invalidate(TokenKey key, string accessToken)
    {
        if (_slots.TryGetValue(key, out var slot) && Volatile.Read(ref slot.Current) is { } current
            && string.Equals(current.Token.AccessToken, accessToken, StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref slot.Current, null, current);
        }
    }

    /// <summary>
    /// Sends one call with the account's token. A 401 means the provider did not process it, so the same call (the
    /// same reference, the same body: <paramref name="send"/> is called again) goes once more with a fresh token;
    /// nothing else is ever resent. Without a token nothing is sent and <see cref="AuthorizedReply{T}.TokenFailure"/>
    /// says why. Transport exceptions of <paramref name="send"/> propagate (classify them with
    /// <see cref="TransportFailure"/>).
    /// </summary>
    public async Task<AuthorizedReply<TResponse>> SendAsync<TResponse>(ConnectorContext context, TokenEndpoint endpoint,
        string reference, Func<string, Task<TResponse>> send, CancellationToken cancellationToken)
        where TResponse : class, IDisposable
    {
        var key = new TokenKey(context.Account.Id, endpoint.Scope);
        var token = await GetAsync(context, endpoint, cancellationToken);
        if (!token.IsIssued)
        {
            return new AuthorizedReply<TResponse>(null, token);
        }

        var response = await send(token.AccessToken!);
        if (!IsUnauthorized(response))
        {
            return new AuthorizedReply<TResponse>(response, null);
        }

        context.Logger.TokenRejected(_provider, reference);
        response.Dispose();
        Invalidate(key, token.AccessToken!);
        token = await GetAsync(context, endpoint, cancellationToken);
        return token.IsIssued
            ? new AuthorizedReply<TResponse>(await send(token.AccessToken!), null)
            : new AuthorizedReply<TResponse>(null, token);
    }

    private static bool IsUnauthorized(object response) => response switch
    {
        IApiResponse api => api.IsReceived && api.StatusCode == HttpStatusCode.Unauthorized,
        HttpResponseMessage message => message.StatusCode == HttpStatusCode.Unauthorized,
        _ => false,
    };

    private async Task<TokenResult> FetchAsync(ConnectorContext context, TokenEndpoint endpoint,
        CancellationToken cancellationToken)
    {
        TokenResult result;
        try
        {
            using var request = endpoint.CreateRequest(context.HttpClient.BaseAddress);
            using var response = await context.HttpClient.SendAsync(request, cancellationToken);
            result = await endpoint.ReadReplyAsync(response, cancellationToken);
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, cancellationToken))
        {
            TransportFailure.ThrowIfCallerCancelled(e, cancellationToken);
            result = TokenResult.Failed($"token request failed: {TransportFailure.Describe(e)}", false);
        }

        if (result.IsIssued)
        {
            context.Logger.TokenIssued(_provider, endpoint.Scope, context.Account.Id, (long)result.Lifetime.TotalSeconds);
        }
        else
        {
            context.Logger.TokenFailed(_provider, endpoint.Scope, context.Account.Id, result.FailureDetail ?? "");
        }

        return result;
    }

    private sealed record CachedToken(TokenResult Token, DateTimeOffset RefreshAt);

    private sealed class Slot
    {
        public readonly SemaphoreSlim Gate = new(1, 1);

        public CachedToken? Current;

        public TokenResult? TryGet(DateTimeOffset now) =>
            Volatile.Read(ref Current) is { } current && now < current.RefreshAt ? current.Token : null;
    }
}
