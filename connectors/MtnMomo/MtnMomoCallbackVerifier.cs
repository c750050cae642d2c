using System.Security.Cryptography;
using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.MtnMomo;

/// <summary>
/// Reads MTN's callbacks. MTN signs nothing: the callback is a PUT (POST accepted) whose body is the status object
/// and whose only link to the payment is the <c>ref</c> query parameter the connector put in X-Callback-Url. A
/// well-formed callback is "verified" only as a hint: the descriptor says <see cref="CallbackTrust.Unsigned"/>, so the
/// hub asks MTN for the status before it applies anything.
/// </summary>
internal static class MtnMomoCallbackVerifier
{
    public const string ReferenceParameter = "ref";

    public static CallbackVerification Verify(CallbackRequest request)
    {
        if (request.Method.ToUpperInvariant() is not ("PUT" or "POST"))
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed,
                $"MTN sends callbacks as PUT or POST, not {request.Method}");
        }

        var reference = MtnMomoMapping.NormalizeReference(request.QueryValue(ReferenceParameter));
        if (reference is null)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed,
                "the callback URL has no valid ?ref= reference: was it sent to the URL the connector gave MTN?");
        }

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
                "the body is not an MTN request-to-pay status object");
        }

        PaymentStatus status;
        try
        {
            status = MtnMomoStatusMap.ToPaymentStatus(body.Status, body.Reason?.Code);
        }
        catch (UnknownProviderStatusException)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed,
                "the callback carries a status MTN does not document");
        }

        return new CallbackVerification.Verified(new CallbackUpdate
        {
            Subject = CallbackSubject.Payment,
            ProviderReference = reference,
            // MTN callbacks have no event id; the same bytes twice are the same event.
            ProviderEventId = Convert.ToHexStringLower(SHA256.HashData(request.Body.Span)),
            Status = status,
            ProviderStatus = body.Status,
            Failure = MtnMomoStatusMap.ToFailure(body.Status, body.Reason),
            ProviderTransactionId = string.IsNullOrEmpty(body.FinancialTransactionId) ? null : body.FinancialTransactionId,
        });
    }
}
