using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Acme;

/// <summary>
/// Acme's callback signature on the kit's template: header <c>Acme-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>
/// where <c>v1 = hex(HMAC-SHA256(callbackSecret, t + "." + raw body))</c>. The kit compares in constant time, allows
/// 300 s either way on the context clock, and accepts the previous secret inside its rotation window.
/// </summary>
internal sealed class AcmeCallbackVerifier : SignedCallbackVerifier
{
    public const string SignatureHeaderName = "Acme-Signature";

    /// <inheritdoc />
    protected override TimestampFormat TimestampFormat => TimestampFormat.UnixSeconds;

    /// <inheritdoc />
    protected override CallbackSignature? ReadSignature(CallbackRequest request) =>
        SignatureHeader.TryParse(request.Header(SignatureHeaderName), out var parts) && parts.TryGetValue("v1", out var v1)
            ? new CallbackSignature(v1, parts.GetValueOrDefault("t"))
            : null;

    /// <inheritdoc />
    protected override byte[]? BuildSignedMessage(CallbackRequest request, CallbackSignature signature) =>
        [.. Utf8(signature.Timestamp + "."), .. request.Body.Span];
}

/// <summary>
/// Acme's callback: a POST of the final charge, signed. Step 1 names the payment by its reference; step 2 checks the
/// signature, then applies the charge with its amount (the hub compares it with the payment's).
/// </summary>
internal static class AcmeCallbacks
{
    /// <summary>Step 1: which payment the callback is about; never throws.</summary>
    public static CallbackParse Read(CallbackRequest request)
    {
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return new CallbackParse.Malformed($"Acme posts its callbacks, it does not {request.Method} them");
        }

        return Parse(request) is { Reference: { Length: > 0 } reference }
            ? new CallbackParse.About(new CallbackReference(CallbackSubject.Payment, reference))
            : new CallbackParse.Malformed("the body is not an Acme charge with a reference");
    }

    /// <summary>Step 2: the signature, then a documented status, a readable amount, and a payment of this account.</summary>
    public static CallbackVerification Verify(AcmeCallbackVerifier verifier, ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects)
    {
        var verdict = verifier.Verify(request, CallbackSecrets.FromAccount(context.Account), context.Clock);
        if (!verdict.IsValid)
        {
            return verdict.ToRejected();
        }

        if (Parse(request) is not { Reference: { } reference } charge)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed, "the signed body is not an Acme charge");
        }

        PaymentResult result;
        try
        {
            result = AcmeStatusMap.ToResult(charge, phone: null);
        }
        catch (UnknownProviderStatusException)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed, "the callback carries a status Acme does not document");
        }

        if (charge.Amount is not { } minor || charge.Currency is null || !Currency.TryFromCode(charge.Currency, out var currency))
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed, "the callback's amount or currency cannot be read");
        }

        var target = objects.FirstOrDefault(o => o.Subject == CallbackSubject.Payment && o.Matches(reference));
        if (target is null)
        {
            return new CallbackVerification.Rejected(CallbackRejection.UnknownReference, "no payment of this account has this reference");
        }

        return new CallbackVerification.Verified(new CallbackUpdate
        {
            ProviderReference = target.ProviderReference,
            ProviderTransactionId = charge.Id ?? target.ProviderTransactionId,
            // A charge reaches one final status once: the charge and its status are the event.
            ProviderEventId = charge.Id is { } id ? $"{id}:{charge.Status}" : EventIds.FromBody(request.Body.Span),
            Status = result.Status,
            ProviderStatus = charge.Status,
            Failure = result.Failure,
            Amount = new Money(minor, currency),
        });
    }

    private static AcmeCharge? Parse(CallbackRequest request)
    {
        try
        {
            return JsonSerializer.Deserialize(request.Body.Span, AcmeJsonContext.Default.AcmeCharge);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
