using System.Collections.Frozen;
using System.Net;
using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;
using Refit;

namespace Connectors.MtnMomo;

/// <summary>
/// One account's authorized access to one MTN product (collection or disbursement) for one operation: the account's
/// Refit client, the product's cached token (the kit's <see cref="AccessTokens"/>: Basic apiUser:apiKey, refreshed 10
/// minutes early, one 401 resend), the product's subscription key, and MTN's replies read alike for every operation.
/// Built per call from the <see cref="ConnectorContext"/>.
/// </summary>
internal sealed class MtnMomoClient(ConnectorContext context, MtnMomoOptions options, IMtnMomoApi api, AccessTokens tokens,
    string product = MtnMomoClient.CollectionProduct)
{
    public const string Provider = "MTN";
    public const string CollectionProduct = "collection";
    public const string DisbursementProduct = "disbursement";

    // Codes that come with a 5xx but do not say MTN refused the request: it may still be processing it.
    public static readonly FrozenSet<string> NonDefinitiveErrorCodes =
        FrozenSet.Create(StringComparer.Ordinal, "SERVICE_UNAVAILABLE", "INTERNAL_PROCESSING_ERROR");

    public MtnMomoOptions Options => options;

    /// <summary>The product's Ocp-Apim-Subscription-Key (a disbursement client is only built when the account has one).</summary>
    public string SubscriptionKey => product == DisbursementProduct
        ? options.DisbursementSubscriptionKey ?? throw new InvalidOperationException("no disbursement subscription key")
        : options.SubscriptionKey;

    /// <summary>
    /// Sends one call with the cached token. A 401 means MTN did not process it, so the same call (same
    /// X-Reference-Id) goes again once with a fresh token; nothing else is ever resent.
    /// </summary>
    public Task<AuthorizedReply<TResponse>> SendAsync<TResponse>(string reference,
        Func<IMtnMomoApi, string, Task<TResponse>> send, CancellationToken cancellationToken)
        where TResponse : class, IApiResponse =>
        tokens.SendAsync(context, TokenEndpoint(), reference, token => send(api, token), cancellationToken);

    /// <summary>
    /// GETs a status object. 404 → <see cref="StatusFetch.NotFound"/> (just after a 202, or never received); no
    /// token, another status, an unreadable body or no reply → <see cref="StatusFetch.Unknown"/>.
    /// </summary>
    public async Task<StatusFetch> FetchStatusAsync(string reference,
        Func<IMtnMomoApi, string, Task<IApiResponse<MtnMomoRequestToPayStatus>>> get, CancellationToken cancellationToken)
    {
        try
        {
            var call = await SendAsync(reference, get, cancellationToken);
            if (call.TokenFailure is { } tokenFailure)
            {
                return new StatusFetch.Unknown(tokenFailure.FailureDetail ?? "no MTN token");
            }

            using var response = call.Response!;
            if (!response.IsReceived)
            {
                TransportFailure.ThrowIfCallerCancelled(response.Error!, cancellationToken);
                return new StatusFetch.Unknown($"no reply from {Provider}: {TransportFailure.Describe(response.Error!)}");
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response is { IsSuccessful: true, Content: { } content }
                    ? new StatusFetch.Found(content)
                    : new StatusFetch.Unknown("MTN's status reply could not be read");
            }

            var error = ReadError(response);
            return response.StatusCode == HttpStatusCode.NotFound
                ? new StatusFetch.NotFound()
                : new StatusFetch.Unknown($"MTN answered {(int)response.StatusCode} {error?.Code ?? error?.Error} to the status query".TrimEnd());
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, cancellationToken))
        {
            TransportFailure.ThrowIfCallerCancelled(e, cancellationToken);
            return new StatusFetch.Unknown($"no reply from {Provider}: {TransportFailure.Describe(e)}");
        }
    }

    /// <summary>What MTN's reply to a request to pay, a transfer or a refund POST means (it was received).</summary>
    public static CreateReply ClassifyCreate(IApiResponse response)
    {
        if (!response.IsReceived)
        {
            throw new ArgumentException("only a received reply can be classified", nameof(response));
        }

        var status = (int)response.StatusCode;
        var error = ReadError(response);
        var code = error?.Code ?? error?.Error;
        return response.StatusCode switch
        {
            HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.Created => new CreateReply(CreateReplyKind.Accepted),
            // RESOURCE_ALREADY_EXIST: this X-Reference-Id was sent before; its status is the answer.
            HttpStatusCode.Conflict => new CreateReply(CreateReplyKind.Duplicate),
            // MTN's gateway throttled the call before processing it; the same reference may go again.
            HttpStatusCode.TooManyRequests => new CreateReply(CreateReplyKind.NotSent, Detail: "MTN throttled the request (429)"),
            // A 500 with a business code (NOT_ALLOWED, INVALID_CURRENCY, PAYER_NOT_FOUND…) is MTN's final refusal.
            HttpStatusCode.InternalServerError when code is not null && !NonDefinitiveErrorCodes.Contains(code) =>
                new CreateReply(CreateReplyKind.Refused, code),
            >= HttpStatusCode.InternalServerError =>
                new CreateReply(CreateReplyKind.Unknown, Detail: $"MTN answered {status}{(code is null ? "" : " " + code)}"),
            // 400 is definitive, and so is a 401 after one fresh token, or another 4xx: MTN did not take it.
            >= HttpStatusCode.BadRequest => new CreateReply(CreateReplyKind.Refused, code ?? $"HTTP_{status}"),
            _ => new CreateReply(CreateReplyKind.Unknown, Detail: $"MTN answered an unexpected {status}"),
        };
    }

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

    // POST /{product}/token/ with Basic apiUser:apiKey and the product's subscription key; each product has its own token.
    private BasicKeyToken TokenEndpoint() => new()
    {
        Path = $"/{product}/token/",
        Scope = product,
        User = product == DisbursementProduct ? options.DisbursementApiUser : options.ApiUser,
        Key = product == DisbursementProduct ? options.DisbursementApiKey : options.ApiKey,
        Headers = new Dictionary<string, string> { ["Ocp-Apim-Subscription-Key"] = SubscriptionKey },
    };
}

/// <summary>How MTN answered a POST that creates a resource.</summary>
internal enum CreateReplyKind
{
    Accepted,
    Duplicate,
    NotSent,
    Refused,
    Unknown,
}

/// <summary>A classified POST reply: the refusal's code, or the detail of an unknown or unsent one.</summary>
internal readonly record struct CreateReply(CreateReplyKind Kind, string? Code = null, string? Detail = null);

/// <summary>The answer of a status GET.</summary>
internal abstract record StatusFetch
{
    private StatusFetch()
    {
    }

    public sealed record Found(MtnMomoRequestToPayStatus Body) : StatusFetch;

    public sealed record NotFound : StatusFetch;

    public sealed record Unknown(string Detail) : StatusFetch;
}
