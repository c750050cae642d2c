using System.Collections.Frozen;
using System.Net;
using Connectors.Abstractions;
using Connectors.Kit;
using Refit;

namespace Connectors.MtnMomo;

/// <summary>
/// MTN Mobile Money collections (request to pay) for Cameroon and Rwanda. The hub creates one instance and calls it
/// for every account; the only state it keeps is the token cache and the Refit clients, keyed by account.
/// </summary>
public sealed class MtnMomoConnector : IConnector
{
    internal const string Id = "mtn_momo";

    // Codes that come with a 5xx but do not say MTN refused the request: it may still be processing it.
    private static readonly FrozenSet<string> NonDefinitiveErrorCodes =
        FrozenSet.Create(StringComparer.Ordinal, "SERVICE_UNAVAILABLE", "INTERNAL_PROCESSING_ERROR");

    private static readonly ConnectorDescriptor ConnectorDescriptor = new()
    {
        Id = Id,
        DisplayName = "MTN Mobile Money",
        Version = "2.0.0",
        Methods = [PaymentMethod.MobileMoney],
        Countries = ["CM", "RW"],
        // EUR is what MTN's sandbox target environment settles. MTN publishes no amount limits: none declared.
        Currencies = ["XAF", "RWF", "EUR"],
        Capabilities = ConnectorCapabilities.Callbacks | ConnectorCapabilities.Polling,
        CallbackTrust = CallbackTrust.Unsigned,
        Account = MtnMomoOptions.Schema,
        // Cameroon MTN: 67x, 650–654, 680; Rwanda MTN: 078, 079.
        PhonePrefixes = ["23767", "237650", "237651", "237652", "237653", "237654", "237680", "25078", "25079"],
    };

    private readonly AccessTokens _tokens = new(MtnMomoClient.Provider, TimeSpan.FromMinutes(10));
    private readonly RefitClients<IMtnMomoApi> _clients = new(RefitSettings.ForJsonContext(MtnMomoJsonContext.Default));

    /// <inheritdoc />
    public ConnectorDescriptor Descriptor => ConnectorDescriptor;

    /// <summary>How many accounts have a Refit client (one each, reused across calls).</summary>
    internal int RefitClientCount => _clients.Count;

    /// <inheritdoc />
    /// <remarks>The schema says it all for MTN: required credentials, and targetEnvironment among MTN's values.</remarks>
    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => [];

    /// <inheritdoc />
    public string NewProviderReference(string objectId) => MtnMomoMapping.ProviderReference(objectId);

    /// <inheritdoc />
    public async Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request,
        CancellationToken cancellationToken)
    {
        var options = MtnMomoOptions.From(context.Account);
        var reference = request.ProviderReference;
        var msisdn = MtnMomoMapping.ToMsisdn(request.Payer.Phone);
        if (msisdn is null)
        {
            // Nothing was sent: MTN debits a wallet by its MSISDN, and without one there is no request to make.
            return PaymentResult.Refused(new Failure(FailureCode.ProviderError,
                "MTN needs the payer's phone number in E.164 form.", null));
        }

        var client = CreateClient(context, options);
        var body = MtnMomoMapping.ToRequestToPay(request, msisdn);
        var callbackUrl = MtnMomoMapping.ToCallbackUrl(context.CallbackUrl, reference);
        context.Logger.Requesting(MtnMomoClient.Provider, "request to pay", reference, request.Amount, request.Payer.Phone,
            context.Account.Id);

        PaymentResult result;
        try
        {
            var call = await client.SendAsync(reference, (api, token) => api.RequestToPayAsync(
                reference, callbackUrl, options.TargetEnvironment, options.SubscriptionKey, token, body,
                cancellationToken), cancellationToken);
            if (call.TokenFailure is { } tokenFailure)
            {
                // Without a token the request to pay never left: nothing can have been debited.
                result = tokenFailure.CredentialsRefused
                    ? PaymentResult.Refused(new Failure(FailureCode.ProviderError,
                        "MTN refused the account's credentials.", "login_failed"))
                    : PaymentResult.NotSent(tokenFailure.FailureDetail ?? "no MTN token");
            }
            else
            {
                using var response = call.Response!;
                result = await MapCreateReplyAsync(context, client, request, response, cancellationToken);
            }
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, cancellationToken))
        {
            result = TransportFailure.ToPaymentResult(MtnMomoClient.Provider, e, notSentAllowed: true, cancellationToken);
        }

        context.Logger.Outcome(MtnMomoClient.Provider, reference, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request,
        CancellationToken cancellationToken)
    {
        var options = MtnMomoOptions.From(context.Account);
        var result = await QueryStatusAsync(CreateClient(context, options), request.ProviderReference,
            cancellationToken);
        context.Logger.Outcome(MtnMomoClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public CallbackParse ReadCallback(CallbackRequest request) => MtnMomoCallbacks.Read(request);

    /// <inheritdoc />
    /// <remarks>MTN signs nothing: a well-formed callback is a <see cref="CallbackVerification.Hint"/>, never verified.</remarks>
    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken)
    {
        var verification = MtnMomoCallbacks.Verify(request, objects);
        if (verification is CallbackVerification.Rejected rejected)
        {
            context.Logger.CallbackRejected(MtnMomoClient.Provider, rejected);
        }

        return Task.FromResult(verification);
    }

    /// <inheritdoc />
    /// <remarks>
    /// MTN answers definitive refusals with a 500 and a business code (NOT_ALLOWED, INVALID_CURRENCY…): an answer about
    /// the request, not a failing provider. A bare 500, INTERNAL_PROCESSING_ERROR, 503 and other 5xx, 408 and 429 are.
    /// </remarks>
    public async ValueTask<bool> IsProviderFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.InternalServerError && response.Content is { } content
            && MtnMomoClient.ReadError(await content.ReadAsStringAsync(cancellationToken)) is { } error
            && (error.Code ?? error.Error) is { } code && !NonDefinitiveErrorCodes.Contains(code))
        {
            return false;
        }

        return (int)response.StatusCode >= 500 || (int)response.StatusCode is 408 or 429;
    }

    private static async Task<PaymentResult> MapCreateReplyAsync(ConnectorContext context, MtnMomoClient client,
        CreatePaymentRequest request, IApiResponse response, CancellationToken cancellationToken)
    {
        if (!response.IsReceived)
        {
            return TransportFailure.ToPaymentResult(MtnMomoClient.Provider, response.Error!, notSentAllowed: true,
                cancellationToken);
        }

        var status = (int)response.StatusCode;
        var error = MtnMomoClient.ReadError(response);
        var code = error?.Code ?? error?.Error;
        switch (response.StatusCode)
        {
            case HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.Created:
                return PaymentResult.Known(PaymentStatus.Pending, "PENDING",
                    nextAction: MtnMomoMapping.ApproveOnPhone(request.Payer.Phone!));
            case HttpStatusCode.Conflict:
                // RESOURCE_ALREADY_EXIST: this X-Reference-Id was sent before (a resend after a crash). MTN's
                // status of the first request is the answer; a second debit cannot happen.
                context.Logger.DuplicateReference(request.ProviderReference);
                try
                {
                    var existing = await QueryStatusAsync(client, request.ProviderReference, cancellationToken);
                    // MTN says the reference exists, then that it does not: no answer to rely on.
                    return existing.Outcome == OperationOutcome.NotFound
                        ? PaymentResult.Unknown("MTN reported the reference as existing, then as unknown")
                        : existing;
                }
                catch (UnknownProviderStatusException e)
                {
                    return PaymentResult.Unknown($"MTN has this reference with an undocumented status '{e.ProviderStatus}'");
                }

            case HttpStatusCode.TooManyRequests:
                // MTN's gateway throttled the call before processing it; the same reference may go again.
                return PaymentResult.NotSent("MTN throttled the request to pay (429)");
            case HttpStatusCode.InternalServerError when code is not null && !NonDefinitiveErrorCodes.Contains(code):
                // A 500 with a business code (NOT_ALLOWED, INVALID_CURRENCY, PAYER_NOT_FOUND…) is MTN's final refusal.
                return PaymentResult.Refused(MtnMomoStatusMap.ToFailure(code));
            case >= HttpStatusCode.InternalServerError:
                return PaymentResult.Unknown($"MTN answered {status}{(code is null ? "" : " " + code)}");
            case >= HttpStatusCode.BadRequest:
                // 400 is definitive, and so is a 401 after one fresh token, or another 4xx: MTN did not take it.
                return PaymentResult.Refused(MtnMomoStatusMap.ToFailure(code ?? $"HTTP_{status}"));
            default:
                return PaymentResult.Unknown($"MTN answered an unexpected {status}");
        }
    }

    private static async Task<PaymentResult> QueryStatusAsync(MtnMomoClient client, string reference,
        CancellationToken cancellationToken)
    {
        try
        {
            var options = client.Options;
            var call = await client.SendAsync(reference, (api, token) => api.GetRequestToPayAsync(
                reference, options.TargetEnvironment, options.SubscriptionKey, token, cancellationToken),
                cancellationToken);
            if (call.TokenFailure is { } tokenFailure)
            {
                return PaymentResult.Unknown(tokenFailure.FailureDetail ?? "no MTN token");
            }

            using var response = call.Response!;
            if (!response.IsReceived)
            {
                return TransportFailure.ToPaymentResult(MtnMomoClient.Provider, response.Error!, notSentAllowed: false,
                    cancellationToken);
            }

            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response is { IsSuccessful: true, Content: { } content }
                    ? MtnMomoMapping.ToPaymentResult(content)
                    : PaymentResult.Unknown("MTN's status reply could not be read");
            }

            var error = MtnMomoClient.ReadError(response);
            return response.StatusCode == HttpStatusCode.NotFound
                // Just after a 202 MTN may not show the request yet, and a request that never arrived stays unknown to
                // it: either way the payment stays as it is, and only an expired one may end on this answer.
                ? PaymentResult.NotFound("MTN does not know this reference")
                : PaymentResult.Unknown($"MTN answered {(int)response.StatusCode} {error?.Code ?? error?.Error} to the status query".TrimEnd());
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, cancellationToken))
        {
            return TransportFailure.ToPaymentResult(MtnMomoClient.Provider, e, notSentAllowed: false, cancellationToken);
        }
    }

    private MtnMomoClient CreateClient(ConnectorContext context, MtnMomoOptions options) =>
        new(context, options, _clients.For(context), _tokens);
}
