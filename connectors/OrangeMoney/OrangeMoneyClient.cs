using System.Net;
using System.Text;
using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.OrangeMoney;

/// <summary>
/// One account's authorized access to Orange for one operation: the account's Refit client, its cached WSO2 token
/// (the kit's <see cref="AccessTokens"/>: Basic consumerKey:consumerSecret, one 401 resend), the X-AUTH-TOKEN of the
/// channel user, and Orange's reply envelope. Built per call from the <see cref="ConnectorContext"/>.
/// </summary>
internal sealed class OrangeMoneyClient(ConnectorContext context, OrangeMoneyOptions options, IOrangeMoneyApi api, AccessTokens tokens)
{
    public const string Provider = "Orange Money";

    public ConnectorContext Context => context;

    public OrangeMoneyOptions Options => options;

    /// <summary>X-AUTH-TOKEN: base64(apiUser:apiPassword).</summary>
    public string AuthToken => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ApiUser}:{options.ApiPassword}"));

    /// <summary>
    /// Sends one call with the cached token and reads Orange's reply. A 401 means the gateway did not pass the call on,
    /// so the same call goes once more with a fresh token; nothing else is ever resent. Transport exceptions propagate.
    /// </summary>
    public async Task<OrangeMoneyCall> SendAsync(string reference,
        Func<IOrangeMoneyApi, string, string, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        var authToken = AuthToken;
        var call = await tokens.SendAsync(context, TokenEndpoint(), reference, token => send(api, token, authToken),
            cancellationToken);
        if (call.TokenFailure is { } failure)
        {
            return new OrangeMoneyCall(failure, 0, null);
        }

        using var response = call.Response!;
        var text = response.Content is null ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
        return new OrangeMoneyCall(null, response.StatusCode, Read(text));
    }

    /// <summary>Orange's envelope or WSO2's fault from a reply's text; null when it is neither (a gateway's HTML page).</summary>
    public static OrangeMoneyReply? Read(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, OrangeMoneyJsonContext.Default.OrangeMoneyReply);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // POST /token (WSO2): Basic consumerKey:consumerSecret, grant_type=client_credentials.
    private OAuth2ClientCredentials TokenEndpoint() => new()
    {
        Path = "/token",
        ClientId = options.ConsumerKey,
        ClientSecret = options.ConsumerSecret,
    };
}

/// <summary>One call's result: no token (nothing sent), or Orange's HTTP status and its envelope (null if unreadable).</summary>
internal sealed record OrangeMoneyCall(TokenResult? TokenFailure, HttpStatusCode Status, OrangeMoneyReply? Reply)
{
    /// <summary>The code of the reply: WSO2's fault code, or the "60019 :: …" prefix of Orange's message.</summary>
    public string? Code => Reply?.Fault?.Code ?? OrangeMoneyStatusMap.CodeOf(Reply?.Message);

    /// <summary>The reply's message, WSO2's included.</summary>
    public string? Message => Reply?.Fault?.Message ?? Reply?.Message;

    /// <summary>"417 60019" for an operator: status and code, never Orange's free text (it may name the payer).</summary>
    public string Describe() => $"{(int)Status}{(Code is null ? "" : " " + Code)}";
}
