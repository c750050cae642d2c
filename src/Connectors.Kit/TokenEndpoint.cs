using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Connectors.Kit;

/// <summary>
/// How a connector asks its provider for an access token: the request to send and how to read the reply. Built per
/// call from the account's credentials; <see cref="AccessTokens"/> caches what it gives per account and
/// <see cref="Scope"/>. Use <see cref="OAuth2ClientCredentials"/>, <see cref="JsonClientCredentials"/> or
/// <see cref="BasicKeyToken"/>, or derive for a provider of its own kind.
/// </summary>
public abstract class TokenEndpoint
{
    /// <summary>Error codes that say the account's credentials are wrong, whatever the HTTP status.</summary>
    private static readonly HashSet<string> RefusalCodes =
        new(["invalid_client", "unauthorized_client", "invalid_grant", "login_failed"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The token's path (relative to the account's base URL) or absolute URL.</summary>
    public required string Path { get; init; }

    /// <summary>
    /// What the token is for, the second half of the cache key: an MTN product ("collection"), an OAuth scope. One
    /// account may hold one token per scope.
    /// </summary>
    public string Scope { get; init; } = "default";

    /// <summary>Headers sent with the token request (MTN's Ocp-Apim-Subscription-Key).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The token request. A relative <see cref="Path"/> goes under <paramref name="baseAddress"/>'s path, as Refit joins
    /// them ("https://psp.example/api/v2" + "/oauth/token" → "https://psp.example/api/v2/oauth/token"). The caller
    /// disposes it.
    /// </summary>
    public HttpRequestMessage CreateRequest(Uri? baseAddress = null)
    {
        var uri = new Uri(Path, UriKind.RelativeOrAbsolute);
        if (!uri.IsAbsoluteUri && baseAddress is not null)
        {
            uri = new Uri(baseAddress.AbsoluteUri.TrimEnd('/') + "/" + Path.TrimStart('/'));
        }

        var request = new HttpRequestMessage(HttpMethod.Post, uri);
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        Describe(request);
        return request;
    }

    /// <summary>Reads the provider's reply: a token with its lifetime, or why there is none.</summary>
    public virtual async Task<TokenResult> ReadReplyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = response.Content is null ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
        var reply = TokenReply.Parse(text);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode && reply.AccessToken is { Length: > 0 } token)
        {
            return TokenResult.Issued(token, reply.ExpiresIn ?? TimeSpan.Zero);
        }

        if (response.IsSuccessStatusCode)
        {
            return TokenResult.Failed($"the token reply ({status}) carries no access_token", false);
        }

        return IsCredentialsRefusal(response.StatusCode, reply.ErrorCode)
            ? TokenResult.Failed($"the provider refused the account's credentials ({status} {reply.ErrorCode ?? "unauthorized"})",
                true, reply.ErrorCode ?? "unauthorized")
            : TokenResult.Failed($"the provider answered {status} to the token request", false, reply.ErrorCode);
    }

    /// <summary>
    /// Whether a non-2xx token reply is a refusal of the account's credentials: a 401, or a code such as
    /// <c>invalid_client</c> or <c>login_failed</c> under any status (MTN answers login_failed with a 500 too).
    /// </summary>
    protected virtual bool IsCredentialsRefusal(HttpStatusCode status, string? errorCode) =>
        status == HttpStatusCode.Unauthorized || (errorCode is not null && RefusalCodes.Contains(errorCode));

    /// <summary>Adds the credentials and the body to the request.</summary>
    protected abstract void Describe(HttpRequestMessage request);

    /// <summary>The Basic authorization value of <paramref name="user"/>:<paramref name="password"/>.</summary>
    protected static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>
    /// The common token reply: <c>access_token</c>, <c>expires_in</c> as a number or a string (Airtel's "180"), and the
    /// error code of a refusal (<c>error</c>, or <c>code</c>).
    /// </summary>
    internal sealed record TokenReply(string? AccessToken, TimeSpan? ExpiresIn, string? ErrorCode)
    {
        public static TokenReply Parse(string text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return new TokenReply(null, null, null);
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return new TokenReply(null, null, null);
                }

                var root = document.RootElement;
                return new TokenReply(String(root, "access_token"), Seconds(root), String(root, "error") ?? String(root, "code"));
            }
            catch (JsonException)
            {
                // A gateway's HTML page or plain text.
                return new TokenReply(null, null, null);
            }
        }

        private static string? String(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static TimeSpan? Seconds(JsonElement root)
        {
            if (!root.TryGetProperty("expires_in", out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            {
                return TimeSpan.FromSeconds(Math.Max(0, number));
            }

            return value.ValueKind == JsonValueKind.String
                && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                ? TimeSpan.FromSeconds(parsed)
                : null;
        }
    }
}

/// <summary>
/// OAuth 2.0 client credentials (RFC 6749 §4.4): a form body <c>grant_type=client_credentials</c> (and <c>scope</c>),
/// the client authenticated with Basic <c>clientId:clientSecret</c>. Orange Money's WSO2 gateway, Pix PSPs.
/// </summary>
public sealed class OAuth2ClientCredentials : TokenEndpoint
{
    /// <summary>The client id (Orange's consumer key).</summary>
    public required string ClientId { get; init; }

    /// <summary>The client secret.</summary>
    public required string ClientSecret { get; init; }

    /// <summary>The scopes to ask for, space-separated; none when null.</summary>
    public string? RequestedScope { get; init; }

    /// <inheritdoc />
    protected override void Describe(HttpRequestMessage request)
    {
        request.Headers.Authorization = Basic(ClientId, ClientSecret);
        var fields = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (!string.IsNullOrEmpty(RequestedScope))
        {
            fields.Add(new("scope", RequestedScope));
        }

        request.Content = new FormUrlEncodedContent(fields);
    }
}

/// <summary>
/// Client credentials in a JSON body, <c>{"client_id","client_secret","grant_type":"client_credentials"}</c>, with
/// <c>Accept: */*</c> (Airtel Money; its <c>expires_in</c> is a string, which the reply reader takes).
/// </summary>
public sealed class JsonClientCredentials : TokenEndpoint
{
    /// <summary>The client id.</summary>
    public required string ClientId { get; init; }

    /// <summary>The client secret.</summary>
    public required string ClientSecret { get; init; }

    /// <inheritdoc />
    protected override void Describe(HttpRequestMessage request)
    {
        request.Headers.Accept.ParseAdd("*/*");
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
            ["grant_type"] = "client_credentials",
        });
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }
}

/// <summary>An empty POST authenticated with Basic <c>user:key</c> (MTN MoMo's <c>POST /{product}/token/</c>).</summary>
public sealed class BasicKeyToken : TokenEndpoint
{
    /// <summary>The user (MTN's API user).</summary>
    public required string User { get; init; }

    /// <summary>The key (MTN's API key).</summary>
    public required string Key { get; init; }

    /// <inheritdoc />
    protected override void Describe(HttpRequestMessage request) => request.Headers.Authorization = Basic(User, Key);
}
