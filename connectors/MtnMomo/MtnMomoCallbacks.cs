using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.MtnMomo;

/// <summary>
/// Reads MTN's callbacks. MTN signs nothing: the callback is a PUT (POST accepted) whose body is the status object
/// and whose only link to the payment is the <c>ref</c> query parameter the connector put in X-Callback-Url. A
/// well-formed callback is only a hint: the hub asks MTN for the status before it applies anything.
/// </summary>
internal static class MtnMomoCallbacks
{
    public const string ReferenceParameter = "ref";
    public const string SubjectParameter = "subject";

    /// <summary>
    /// Step 1: the object the callback names, from <c>?ref=</c> and <c>&amp;subject=refund|payout</c> (none: a
    /// payment); nothing trusted.
    /// </summary>
    public static CallbackParse Read(CallbackRequest request)
    {
        if (request.Method.ToUpperInvariant() is not ("PUT" or "POST"))
        {
            return new CallbackParse.Malformed($"MTN sends callbacks as PUT or POST, not {request.Method}");
        }

        var reference = MtnMomoMapping.NormalizeReference(request.QueryValue(ReferenceParameter));
        if (reference is null)
        {
            return new CallbackParse.Malformed(
                "the callback URL has no valid ?ref= reference: was it sent to the URL the connector gave MTN?");
        }

        return Subject(request.QueryValue(SubjectParameter)) is { } subject
            ? new CallbackParse.About(new CallbackReference(subject, reference))
            : new CallbackParse.Malformed("the callback URL's subject is neither refund nor payout");
    }

    private static CallbackSubject? Subject(string? text) => text switch
    {
        null or "" or "payment" => CallbackSubject.Payment,
        "refund" => CallbackSubject.Refund,
        "payout" => CallbackSubject.Payout,
        _ => null,
    };

    /// <summary>
    /// Step 2: a hint to re-query the payment, once the callback reads as MTN's (a status object with a documented
    /// status) and names a payment the hub has. Its event id is the digest of the raw body.
    /// </summary>
    public static CallbackVerification Verify(CallbackRequest request, IReadOnlyList<CallbackObject> objects)
    {
        if (Read(request) is CallbackParse.Malformed malformed)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed, malformed.Detail);
        }

        var about = ((CallbackParse.About)Read(request)).References[0];
        var (subject, reference) = (about.Subject, about.ProviderReference);
        MtnMomoRequestToPayStatus? body;
        try
        {
            body = JsonSerializer.Deserialize(request.Body.Span, MtnMomoJsonContext.Default.MtnMomoRequestToPayStatus);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body?.Status is null)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed,
                "the body is not an MTN status object");
        }

        try
        {
            if (subject == CallbackSubject.Payment)
            {
                _ = MtnMomoStatusMap.ToPaymentStatus(body.Status, body.Reason?.Code);
            }
            else
            {
                _ = MtnMomoStatusMap.ToTransferStatus(body.Status);
            }
        }
        catch (UnknownProviderStatusException)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed,
                "the callback carries a status MTN does not document");
        }

        if (!objects.Any(o => o.Subject == subject && o.Matches(reference)))
        {
            return new CallbackVerification.Rejected(CallbackRejection.UnknownReference,
                $"no {subject.ToString().ToLowerInvariant()} of this account has this reference");
        }

        // MTN callbacks have no event id; the same bytes twice are the same event.
        return new CallbackVerification.Hint([about], EventIds.FromBody(request.Body.Span));
    }
}
