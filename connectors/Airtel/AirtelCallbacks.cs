using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Airtel;

/// <summary>
/// Airtel's collection callback: a POST of <c>{"transaction":{"id","message","status_code","airtel_money_id"},"hash"}</c>
/// to the one URL set in Airtel's portal. With a callback secret on the account the hash must verify (a wrong or missing
/// one is refused and changes nothing); even then the callback carries no amount, so it is only a hint: the hub
/// re-queries Airtel and applies what the status query answers (PROVIDERS §5.3).
/// </summary>
internal static class AirtelCallbacks
{
    /// <summary>Step 1: the payment the callback names, by transaction.id (ours) and airtel_money_id.</summary>
    public static CallbackParse Read(CallbackRequest request)
    {
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return new CallbackParse.Malformed($"Airtel posts its callbacks, it does not {request.Method} them");
        }

        if (Parse(request) is not { } transaction)
        {
            return new CallbackParse.Malformed("the body is not an Airtel callback ({\"transaction\":{\"id\",…}})");
        }

        return new CallbackParse.About(References(transaction));
    }

    /// <summary>Step 2: the hash (when the account has a callback secret), then a hint to re-query.</summary>
    public static CallbackVerification Verify(AirtelCallbackVerifier verifier, ConnectorContext context, CallbackRequest request)
    {
        if (Parse(request) is not { } transaction)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed, "the body is not an Airtel callback");
        }

        var secrets = CallbackSecrets.FromAccount(context.Account);
        if (secrets.AcceptedAt(context.Clock.GetUtcNow()).Count > 0)
        {
            var verdict = verifier.Verify(request, secrets, context.Clock);
            if (!verdict.IsValid)
            {
                return verdict.ToRejected();
            }
        }

        if (transaction.StatusCode is not (AirtelStatusMap.Successful or AirtelStatusMap.Failed))
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed,
                "the callback's status_code is neither TS nor TF");
        }

        // Same bytes, same event: a duplicate callback is one hint.
        return new CallbackVerification.Hint(References(transaction), EventIds.FromBody(request.Body.Span));
    }

    private static List<CallbackReference> References(AirtelTransaction transaction)
    {
        var references = new List<CallbackReference> { new(CallbackSubject.Payment, transaction.Id!) };
        if (transaction.AirtelMoneyId is { Length: > 0 } airtelId)
        {
            references.Add(new CallbackReference(CallbackSubject.Payment, airtelId));
        }

        return references;
    }

    private static AirtelTransaction? Parse(CallbackRequest request)
    {
        try
        {
            var callback = JsonSerializer.Deserialize(request.Body.Span, AirtelJsonContext.Default.AirtelCallback);
            return callback?.Transaction is { Id: { Length: > 0 } } transaction ? transaction : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
