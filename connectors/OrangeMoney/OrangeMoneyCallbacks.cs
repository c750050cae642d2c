using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.OrangeMoney;

/// <summary>
/// Reads Orange's notifications. Orange signs nothing: it POSTs to the notifUrl a body whose only documented fields
/// are the top-level <c>payToken</c>, <c>status</c> and <c>message</c>. The notifUrl the connector gave carries the
/// hub's reference (<c>?ref=</c>, and <c>for=</c> refund or payout), which is how the hub finds the object; the body's
/// payToken must then be that object's (its connector data), compared in constant time. A notification that passes is
/// still only a hint: the hub asks <c>paymentstatus</c> before it applies anything.
/// </summary>
internal static class OrangeMoneyCallbacks
{
    /// <summary>Step 1: the object the notification names; nothing trusted.</summary>
    public static CallbackParse Read(CallbackRequest request) => Parse(request) switch
    {
        (null, var problem, _) => new CallbackParse.Malformed(problem!),
        ({ } reference, _, _) => new CallbackParse.About(reference),
    };

    /// <summary>Step 2: a hint to re-query the object, once the body's payToken is the one saved for it.</summary>
    public static CallbackVerification Verify(CallbackRequest request, IReadOnlyList<CallbackObject> objects)
    {
        var (reference, problem, payToken) = Parse(request);
        if (reference is null)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed, problem!);
        }

        var target = objects.FirstOrDefault(o => o.Subject == reference.Subject && o.Matches(reference.ProviderReference));
        if (target is null)
        {
            return new CallbackVerification.Rejected(CallbackRejection.UnknownReference,
                $"no {OrangeMoneyMapping.SubjectName(reference.Subject)} of this account has this reference");
        }

        if (OrangeMoneyMapping.PayTokenOf(target.ConnectorData) is not { } saved)
        {
            return new CallbackVerification.Rejected(CallbackRejection.UnknownReference,
                $"the {OrangeMoneyMapping.SubjectName(reference.Subject)} has no Orange payToken: it was never pushed");
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(saved), Encoding.UTF8.GetBytes(payToken!)))
        {
            return new CallbackVerification.Rejected(CallbackRejection.SignatureInvalid,
                "the notification's payToken is not the one Orange gave for this object: not from Orange, or misrouted");
        }

        // No event id from Orange: the same bytes twice are the same event.
        return new CallbackVerification.Hint([new CallbackReference(reference.Subject, target.ProviderReference)],
            EventIds.FromBody(request.Body.Span));
    }

    private static (CallbackReference? Reference, string? Problem, string? PayToken) Parse(CallbackRequest request)
    {
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"Orange posts its notifications, not {request.Method}", null);
        }

        OrangeMoneyNotification? body;
        try
        {
            body = JsonSerializer.Deserialize(request.Body.Span, OrangeMoneyJsonContext.Default.OrangeMoneyNotification);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body?.PayToken is not { Length: > 0 } payToken)
        {
            return (null, "the body is not an Orange notification: no top-level payToken", null);
        }

        if (OrangeMoneyMapping.ParseSubject(request.QueryValue(OrangeMoneyMapping.SubjectParameter)) is not { } subject)
        {
            return (null, $"?{OrangeMoneyMapping.SubjectParameter}= must be payment, refund or payout", null);
        }

        // The hub's reference from the notifUrl; else what the body may name (an orderId, Orange's txnid).
        var reference = new[] { request.QueryValue(OrangeMoneyMapping.ReferenceParameter), body.OrderId, body.TxnId }
            .FirstOrDefault(r => !string.IsNullOrWhiteSpace(r));
        return reference is null
            ? (null, "the notification names no object: was it sent to the notifUrl the connector gave Orange (?ref=)?", null)
            : (new CallbackReference(subject, reference), null, payToken);
    }
}
