using System.Net;
using System.Text;
using System.Text.Json;
using Connectors.Abstractions;
using Refit;

namespace Connectors.MtnMomo;

/// <summary>A call's reply, or why no call was made (no token).</summary>
internal sealed record MtnMomoCall<TResponse>(TResponse? Response, MtnMomoTokenResult? TokenFailure)
    where TResponse : class, IApiResponse;

/// <summary>
/// One account's authorized access to MTN for one operation: the Refit client, the cached collection token, and
/// what a failed call means. Built per call from the <see cref="ConnectorContext"/>.
/// </summary>
internal sealed class MtnMomoClient(ConnectorContext context, MtnMomoOptions options, IMtnMomoApi api,
    MtnMomoTokenCache tokens)
{
    public const string CollectionProduct = "collection";

    public MtnMomoOptions Options => options;

    /// <summary>
    /// Sends one call with the cached token. A 401 means MTN did not process it, so the same call (same
    /// X-Reference-Id) goes again once with a fresh token; nothing else is ever resent here.
    /// </summary>
    public async Task<MtnMomoCall<TResponse>> SendAsync<TResponse>(string reference,
        Func<IMtnMomoApi, string, Task<TResponse>> send, CancellationToken cancellationToken)
        where TResponse : class, IApiResponse
    {
        var key = new MtnMomoTokenKey(context.Account.Id, CollectionProduct);
        var token = await tokens.GetAsync(key, context.Clock, FetchTokenAsync, cancellationToken);
        if (token.AccessToken is null)
        {
            return new MtnMomoCall<TResponse>(null, token);
        }

        var response = await send(api, token.AccessToken);
        if (!response.IsReceived || response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return new MtnMomoCall<TResponse>(response, null);
        }

        context.Logger.TokenRejected(reference);
        response.Dispose();
        tokens.Invalidate(key, token.AccessToken);
        token = await tokens.GetAsync(key, context.Clock, FetchTokenAsync, cancellationToken);
        return token.AccessToken is null
            ? new MtnMomoCall<TResponse>(null, token)
            : new MtnMomoCall<TResponse>(await send(api, token.AccessToken), null);
    }

    /// <summary>MTN's {"code","message"} (or {"error"}) body of a non-2xx reply, or null when there is none.</summary>
    public static MtnMomoErrorResponse? ReadError(IApiResponse response)
    {
        if (response.Error is not ApiException { Content: { Length: > 0 } content })
        {
            return null;
        }

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

    /// <summary>An exception of a call that got no usable reply (never the caller's own cancellation).</summary>
    public static bool IsCallFailure(Exception e, CancellationToken cancellationToken) =>
        e is ApiExceptionBase or HttpRequestException or IOException or TimeoutException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>
    /// A call that got no reply: not sent only when the connection provably never opened (and only where the
    /// caller may resend); otherwise unknown, for reconciliation. The caller's own cancellation is rethrown.
    /// </summary>
    public static PaymentResult FromCallFailure(Exception e, bool notSentAllowed, CancellationToken cancellationToken)
    {
        ThrowIfCallerCancelled(e, cancellationToken);
        var detail = ProviderCallFailure.Describe(e);
        return notSentAllowed && ProviderCallFailure.Classify(e, cancellationToken) == OperationOutcome.NotSent
            ? PaymentResult.NotSent($"MTN was not reached: {detail}")
            : PaymentResult.Unknown($"no reply from MTN: {detail}");
    }

    private async Task<MtnMomoTokenResult> FetchTokenAsync(CancellationToken cancellationToken)
    {
        var result = await RequestTokenAsync(cancellationToken);
        if (result.AccessToken is not null)
        {
            context.Logger.TokenIssued(CollectionProduct, context.Account.Id, (long)result.Lifetime.TotalSeconds);
        }
        else
        {
            context.Logger.TokenFailed(CollectionProduct, context.Account.Id, result.FailureDetail ?? "");
        }

        return result;
    }

    private async Task<MtnMomoTokenResult> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ApiUser}:{options.ApiKey}"));
        try
        {
            using var response = await api.CreateTokenAsync(CollectionProduct, basic, options.SubscriptionKey,
                cancellationToken);
            if (!response.IsReceived)
            {
                return TokenCallFailed(response.Error!, cancellationToken);
            }

            if (response is { IsSuccessful: true, Content.AccessToken: { Length: > 0 } accessToken })
            {
                return MtnMomoTokenResult.Issued(accessToken,
                    TimeSpan.FromSeconds(Math.Max(0, response.Content.ExpiresIn)));
            }

            var error = ReadError(response);
            var status = (int)response.StatusCode;
            // Bad apiUser/apiKey get {"error":"login_failed"} with a 401 or a 500; a bad subscription key a bare 401.
            var errorCode = error?.Error ?? error?.Code;
            return errorCode == "login_failed" || response.StatusCode == HttpStatusCode.Unauthorized
                ? MtnMomoTokenResult.Failed($"MTN refused the account's credentials ({status} {errorCode ?? "unauthorized"})", true)
                : MtnMomoTokenResult.Failed($"MTN answered {status} to the token request", false);
        }
        catch (Exception e) when (IsCallFailure(e, cancellationToken))
        {
            return TokenCallFailed(e, cancellationToken);
        }
    }

    private static MtnMomoTokenResult TokenCallFailed(Exception e, CancellationToken cancellationToken)
    {
        ThrowIfCallerCancelled(e, cancellationToken);
        return MtnMomoTokenResult.Failed($"token request failed: {ProviderCallFailure.Describe(e)}", false);
    }

    private static void ThrowIfCallerCancelled(Exception e, CancellationToken cancellationToken)
    {
        if (ProviderCallFailure.Classify(e, cancellationToken) is null)
        {
            throw new OperationCanceledException("the caller cancelled the MTN call", e, cancellationToken);
        }
    }
}
