using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;
using Refit;

namespace Connectors.MtnMomo;

/// <summary>
/// One account's authorized access to MTN for one operation: the account's Refit client, its cached collection token
/// (the kit's <see cref="AccessTokens"/>: Basic apiUser:apiKey, refreshed 10 minutes early, one 401 resend), and
/// MTN's error bodies. Built per call from the <see cref="ConnectorContext"/>.
/// </summary>
internal sealed class MtnMomoClient(ConnectorContext context, MtnMomoOptions options, IMtnMomoApi api, AccessTokens tokens)
{
    public const string Provider = "MTN";
    public const string CollectionProduct = "collection";

    public MtnMomoOptions Options => options;

    /// <summary>
    /// Sends one call with the cached token. A 401 means MTN did not process it, so the same call (same
    /// X-Reference-Id) goes again once with a fresh token; nothing else is ever resent.
    /// </summary>
    public Task<AuthorizedReply<TResponse>> SendAsync<TResponse>(string reference,
        Func<IMtnMomoApi, string, Task<TResponse>> send, CancellationToken cancellationToken)
        where TResponse : class, IApiResponse =>
        tokens.SendAsync(context, TokenEndpoint(), reference, token => send(api, token), cancellationToken);

    /// <summary>MTN's {"code","message"} (or {"error"}) body of a non-2xx reply, or null when there is none.</summary>
    public static MtnMomoErrorResponse? ReadError(IApiResponse response) =>
        response.Error is ApiException { Content: { Length: > 0 } content } ? ReadError(content) : null;

    /// <summary>MTN's error body from its text, or null when it is not one (a gateway's HTML page).</summary>
    public static MtnMomoErrorResponse? ReadError(string content)
    {
        try
        {
            return JsonSerializer.Deserialize(content, MtnMomoJsonContext.Default.MtnMomoErrorResponse);
        }
        catch (JsonException)
        {
            // A gateway's HTML page or plain text: no business code.
            return null;
        }
    }

    // POST /collection/token/ with Basic apiUser:apiKey and the subscription key; each product has its own token.
    private BasicKeyToken TokenEndpoint() => new()
    {
        Path = $"/{CollectionProduct}/token/",
        Scope = CollectionProduct,
        User = options.ApiUser,
        Key = options.ApiKey,
        Headers = new Dictionary<string, string> { ["Ocp-Apim-Subscription-Key"] = options.SubscriptionKey },
    };
}
