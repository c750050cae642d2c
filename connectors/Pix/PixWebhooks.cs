using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;
using Microsoft.Extensions.Logging;

namespace Connectors.Pix;

/// <summary>
/// The Pix webhook (PROVIDERS §7.4). Registration: before an account's first charge (and again whenever its callback URL,
/// token or key changes, or the connector restarts) the connector PUTs <c>/webhook/{chave}</c> with
/// <c>{callbackUrl}?hmac={callbackSecret}&amp;ignorar=</c>; the PSP appends <c>/pix</c>, which lands in <c>ignorar</c>.
/// A failed registration is logged and retried on the next charge: the charge still goes (the hub polls).
/// Reception: the body is not signed (production authenticates the PSP by mTLS), so the <c>hmac</c> token is checked in
/// constant time and the webhook is only a hint: the hub confirms each charge with <c>GET /cob/{txid}</c> and each
/// devolução with its GET, and deduplicates by the endToEndIds (with the devoluções' states, so a refund's ending is
/// not taken for the receipt).
/// </summary>
internal sealed class PixWebhooks
{
    public const string TokenParameter = "hmac";

    // Per account: a digest of what was registered (URL, token, key); never the token itself.
    private readonly ConcurrentDictionary<string, string> _registered = new(StringComparer.Ordinal);

    /// <summary>The URL the PSP is given: the hub's callback URL with the token, and <c>ignorar=</c> to swallow <c>/pix</c>.</summary>
    public static string WebhookUrl(Uri callbackUrl, string token)
    {
        var url = callbackUrl.AbsoluteUri;
        var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return $"{url}{separator}{TokenParameter}={Uri.EscapeDataString(token)}&ignorar=";
    }

    /// <summary>
    /// Registers the account's webhook unless this instance already did with the same URL, token and key. Returns the
    /// token failure when no token could be had (the charge would not go either); any other failure is only logged.
    /// </summary>
    public async Task<TokenResult?> EnsureRegisteredAsync(PixClient client, CancellationToken ct)
    {
        var context = client.Context;
        if (CallbackSecrets.FromAccount(context.Account).Current is not { } token)
        {
            return null;
        }

        var url = WebhookUrl(context.CallbackUrl, token);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url + "\n" + client.Options.PixKey)));
        if (_registered.TryGetValue(context.Account.Id, out var done) && done == digest)
        {
            return null;
        }

        var reply = await client.SendAsync("webhook", (api, auth) => api.PutWebhookAsync(client.Options.PixKey, auth,
            new PixWebhookRequest { WebhookUrl = url }, ct), PixJsonContext.Default.PixProblem, ct);
        if (reply.Received && reply.Status is >= 200 and < 300)
        {
            _registered[context.Account.Id] = digest;
            context.Logger.WebhookRegistered(context.Account.Id);
        }
        else
        {
            context.Logger.WebhookNotRegistered(context.Account.Id, reply.Describe());
        }

        return reply.TokenFailure;
    }

    /// <summary>Step 1: the charges (txid, endToEndId) and devoluções (id) a webhook names.</summary>
    public static CallbackParse Read(CallbackRequest request)
    {
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return new CallbackParse.Malformed($"the Pix webhook is a POST, not a {request.Method}");
        }

        if (Parse(request) is not { Count: > 0 } pix)
        {
            return new CallbackParse.Malformed("the body is not a Pix webhook ({\"pix\":[…]})");
        }

        var references = References(pix).ToList();
        return references.Count > 0
            ? new CallbackParse.About(references)
            : new CallbackParse.Malformed("the webhook names no txid, endToEndId or devolução id");
    }

    /// <summary>
    /// Step 2: the token of the webhook URL against the account's callback secret (and its previous one while rotating),
    /// in constant time; then a hint naming the objects the hub found, with the event id for deduplication.
    /// </summary>
    public static CallbackVerification Verify(ConnectorContext context, CallbackRequest request, IReadOnlyList<CallbackObject> objects)
    {
        var secrets = CallbackSecrets.FromAccount(context.Account).AcceptedAt(context.Clock.GetUtcNow());
        if (secrets.Count == 0)
        {
            return new CallbackVerification.Rejected(CallbackRejection.SignatureInvalid,
                "the account has no callbackSecret to check the webhook's hmac token with");
        }

        if (request.QueryValue(TokenParameter) is not { Length: > 0 } token)
        {
            return new CallbackVerification.Rejected(CallbackRejection.SignatureInvalid,
                "the webhook carries no hmac token: was the webhook registered by this hub?");
        }

        if (!secrets.Any(s => SameToken(s.Secret, token)))
        {
            return new CallbackVerification.Rejected(CallbackRejection.SignatureInvalid,
                "the webhook's hmac token is not the account's callbackSecret");
        }

        if (Parse(request) is not { Count: > 0 } pix)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed, "the body is not a Pix webhook");
        }

        var named = References(pix).ToList();
        var found = named.Where(r => objects.Any(o => o.Subject == r.Subject && o.Matches(r.ProviderReference))).ToList();
        return found.Count > 0
            ? new CallbackVerification.Hint(found, EventId(pix))
            : new CallbackVerification.Rejected(CallbackRejection.UnknownReference, "no charge or devolução of this account is named");
    }

    /// <summary>
    /// The endToEndIds of the batch, each with its devoluções' ids and states: a PSP's retry is the same event, a
    /// devolução ending on the same Pix is a new one.
    /// </summary>
    public static string EventId(IReadOnlyList<PixReceived> pix) => string.Join(";", pix.Select(p =>
        p.EndToEndId + (p.Devolucoes is { Count: > 0 } devolucoes
            ? "|" + string.Join(",", devolucoes.Select(d => $"{d.Id}:{d.Status}"))
            : "")));

    private static IEnumerable<CallbackReference> References(IReadOnlyList<PixReceived> pix)
    {
        foreach (var received in pix)
        {
            if (!string.IsNullOrWhiteSpace(received.Txid))
            {
                yield return new CallbackReference(CallbackSubject.Payment, received.Txid);
            }

            if (!string.IsNullOrWhiteSpace(received.EndToEndId))
            {
                yield return new CallbackReference(CallbackSubject.Payment, received.EndToEndId);
            }

            foreach (var devolucao in received.Devolucoes ?? [])
            {
                if (!string.IsNullOrWhiteSpace(devolucao.Id))
                {
                    yield return new CallbackReference(CallbackSubject.Refund, devolucao.Id);
                }
            }
        }
    }

    // Digests first, so neither the length nor the content of the secret leaks through timing.
    private static bool SameToken(string secret, string token) => CryptographicOperations.FixedTimeEquals(
        SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static IReadOnlyList<PixReceived>? Parse(CallbackRequest request)
    {
        try
        {
            return JsonSerializer.Deserialize(request.Body.Span, PixJsonContext.Default.PixWebhook)?.Pix?
                .Where(p => p is not null).ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>What only Pix logs; requests and outcomes go through the kit's ConnectorLog. Never the webhook URL (it holds the token).</summary>
internal static partial class PixLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Pix webhook registered for account {AccountId}")]
    public static partial void WebhookRegistered(this ILogger logger, string accountId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Pix webhook for account {AccountId} not registered ({Reply}): charges are polled; retried on the next charge")]
    public static partial void WebhookNotRegistered(this ILogger logger, string accountId, string reply);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Pix {Reference} may exist already ({Why}): reading it before writing")]
    public static partial void ReadingFirst(this ILogger logger, string reference, string why);
}
