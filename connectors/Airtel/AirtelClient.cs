using System.Net;
using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Airtel;

/// <summary>
/// One account's authorized access to Airtel for one call: the account's Refit client, its cached token (the kit's
/// <see cref="AccessTokens"/> with <see cref="JsonClientCredentials"/>: a JSON body, <c>expires_in</c> a string; one 401
/// resend), the X-Country and X-Currency of the account, and Airtel's reply envelope. Built per call.
/// </summary>
internal sealed class AirtelClient(ConnectorContext context, AirtelOptions options, IAirtelApi api, AccessTokens tokens)
{
    public const string Provider = "Airtel Money";
    public const string TokenPath = "/auth/oauth2/token";

    public AirtelOptions Options => options;

    /// <summary>
    /// Sends one call with the cached token and reads Airtel's reply. Without a token nothing was sent
    /// (<see cref="AirtelCall.TokenFailure"/>); a transport failure is <see cref="AirtelCall.NoReply"/>; the caller's own
    /// cancellation is rethrown.
    /// </summary>
    public async Task<AirtelCall> SendAsync(string reference,
        Func<IAirtelApi, string, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            var call = await tokens.SendAsync(context, TokenEndpoint(), reference, token => send(api, token), cancellationToken);
            if (call.TokenFailure is { } failure)
            {
                return new AirtelCall(failure, null, 0, null);
            }

            using var response = call.Response!;
            var text = response.Content is null ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
            return new AirtelCall(null, null, response.StatusCode, Read(text));
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, cancellationToken))
        {
            TransportFailure.ThrowIfCallerCancelled(e, cancellationToken);
            return new AirtelCall(null, e, 0, null);
        }
    }

    /// <summary>Airtel's envelope from a reply's text; null when it is not one (a gateway's HTML page, an empty body).</summary>
    public static AirtelEnvelope? Read(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(text, AirtelJsonContext.Default.AirtelEnvelope);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // POST /auth/oauth2/token: {"client_id","client_secret","grant_type":"client_credentials"}, Accept: */*.
    private JsonClientCredentials TokenEndpoint() => new()
    {
        Path = TokenPath,
        ClientId = options.ClientId,
        ClientSecret = options.ClientSecret,
    };
}

/// <summary>
/// One call's result: no token (nothing sent), no reply (a transport failure), or Airtel's HTTP status and envelope
/// (null when unreadable).
/// </summary>
internal sealed record AirtelCall(TokenResult? TokenFailure, Exception? NoReply, HttpStatusCode Status, AirtelEnvelope? Reply)
{
    /// <summary>ESB's result code.</summary>
    public string? ResultCode => Reply?.Status?.ResultCode;

    /// <summary>The DP response code.</summary>
    public string? ResponseCode => Reply?.Status?.ResponseCode;

    /// <summary>The transaction in the reply.</summary>
    public AirtelTransaction? Transaction => Reply?.Data?.Transaction;

    /// <summary>A 2xx with <c>"success":true</c>.</summary>
    public bool Succeeded => (int)Status is >= 200 and < 300 && Reply?.Status?.IsSuccess == true;

    /// <summary>Airtel answered that it has no such transaction (ESB000045, DP00800001025, or a 404).</summary>
    public bool IsNotFound => ResultCode == AirtelStatusMap.NotFoundCode || ResponseCode == AirtelStatusMap.TransactionNotFound
        || (Status == HttpStatusCode.NotFound && Reply?.Status is null);

    /// <summary>"400 ESB000004 DP00800001000", for an operator: codes only, never Airtel's free text.</summary>
    public string Describe() =>
        string.Join(' ', new[] { ((int)Status).ToString(System.Globalization.CultureInfo.InvariantCulture), ResultCode, ResponseCode }
            .Where(p => !string.IsNullOrEmpty(p)));
}
