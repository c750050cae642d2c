using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Pix;

/// <summary>
/// A reply of the API Pix reduced to what the connector decides on: no token (nothing sent), no reply (the transport
/// failure), or the HTTP status with the body read as <typeparamref name="T"/> (2xx) or as an RFC 7807 problem.
/// </summary>
internal sealed record PixReply<T>(TokenResult? TokenFailure, Exception? NoReply, int Status, T? Data, PixProblem? Problem)
    where T : class
{
    /// <summary>An HTTP answer came.</summary>
    public bool Received => TokenFailure is null && NoReply is null;

    /// <summary>A 2xx with a readable body.</summary>
    public bool Ok => Received && Status is >= 200 and < 300 && Data is not null;

    /// <summary>The problem's code: "CobOperacaoInvalida".</summary>
    public string? Code => Problem?.Code;

    /// <summary>"400 CobOperacaoInvalida", never the PSP's free text.</summary>
    public string Describe() => TokenFailure is { } token ? $"no token ({token.FailureDetail})"
        : NoReply is { } e ? $"no reply ({TransportFailure.Describe(e)})"
        : $"{Status}{(Code is null ? "" : " " + Code)}";
}

/// <summary>
/// One account's authorized access to its PSP: the Refit client, the kit's token cache (client credentials with Basic
/// auth, one 401 resend) and the reading of replies. Built per call.
/// </summary>
internal sealed class PixClient(ConnectorContext context, PixOptions options, IPixApi api, AccessTokens tokens)
{
    public const string Provider = "Pix";

    public IPixApi Api => api;

    public ConnectorContext Context => context;

    public PixOptions Options => options;

    /// <summary>
    /// Sends one call with the account's token and reads the reply. Transport failures come back as
    /// <see cref="PixReply{T}.NoReply"/>; the caller's own cancellation is rethrown.
    /// </summary>
    public async Task<PixReply<T>> SendAsync<T>(string reference, Func<IPixApi, string, Task<HttpResponseMessage>> send,
        JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        try
        {
            var call = await tokens.SendAsync(context, TokenEndpoint(), reference, token => send(api, "Bearer " + token), ct);
            if (call.TokenFailure is { } failure)
            {
                return new PixReply<T>(failure, null, 0, null, null);
            }

            using var response = call.Response!;
            var text = response.Content is null ? "" : await response.Content.ReadAsStringAsync(ct);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new PixReply<T>(null, null, status, Read(text, type), null)
                : new PixReply<T>(null, null, status, null, Read(text, PixJsonContext.Default.PixProblem));
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, ct))
        {
            TransportFailure.ThrowIfCallerCancelled(e, ct);
            return new PixReply<T>(null, e, 0, null, null);
        }
    }

    /// <summary>A body as <typeparamref name="T"/>, or null when it is not one (empty, a gateway's HTML page).</summary>
    public static T? Read<T>(string text, JsonTypeInfo<T> type)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // POST {tokenPath}: Basic clientId:clientSecret, grant_type=client_credentials and the API's scopes.
    private OAuth2ClientCredentials TokenEndpoint() => new()
    {
        Path = options.TokenPath,
        ClientId = options.ClientId,
        ClientSecret = options.ClientSecret,
        RequestedScope = PixOptions.Scopes,
    };
}
