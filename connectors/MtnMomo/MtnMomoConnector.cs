using System.Net;
using Connectors.Abstractions;
using Connectors.Kit;
using Refit;

namespace Connectors.MtnMomo;

/// <summary>
/// MTN Mobile Money for Cameroon and Rwanda: collections (request to pay), payouts and refunds (disbursement) and
/// account-holder lookups. The hub creates one instance and calls it
/// for every account; the only state it keeps is the token cache and the Refit clients, keyed by account.
/// </summary>
public sealed partial class MtnMomoConnector : IConnector, IRefundConnector, IPayoutConnector, IAccountHolderConnector
{
    internal const string Id = "mtn_momo";

    private static readonly ConnectorDescriptor ConnectorDescriptor = new()
    {
        Id = Id,
        DisplayName = "MTN Mobile Money",
        Version = "2.1.0",
        Methods = [PaymentMethod.MobileMoney],
        Countries = ["CM", "RW"],
        // EUR is what MTN's sandbox target environment settles. MTN publishes no amount limits: none declared.
        Currencies = ["XAF", "RWF", "EUR"],
        Capabilities = ConnectorCapabilities.Refund | ConnectorCapabilities.PartialRefund | ConnectorCapabilities.Payout
            | ConnectorCapabilities.AccountHolder | ConnectorCapabilities.Callbacks | ConnectorCapabilities.Polling,
        CallbackTrust = CallbackTrust.Unsigned,
        Account = MtnMomoOptions.Schema,
        // Cameroon MTN: 67x, 650–654, 680; Rwanda MTN: 078, 079.
        PhonePrefixes = ["23767", "237650", "237651", "237652", "237653", "237654", "237680", "25078", "25079"],
    };

    private readonly AccessTokens _tokens = new(MtnMomoClient.Provider, TimeSpan.FromMinutes(10));
    private readonly RefitClients<IMtnMomoApi> _clients = new(RefitSettings.ForJsonContext(MtnMomoJsonContext.Default));

    /// <inheritdoc />
    public ConnectorDescriptor Descriptor => ConnectorDescriptor;

    /// <inheritdoc />
    /// <remarks>The target environment settles one currency: mtncameroon XAF, mtnrwanda RWF, the sandbox EUR.</remarks>
    public IReadOnlyList<string> AccountCurrencies(ConnectorAccount account) =>
        (account.Setting(MtnMomoOptions.TargetEnvironmentName) ?? MtnMomoOptions.DefaultTargetEnvironment) switch
        {
            "sandbox" => ["EUR"],
            "mtncameroon" => ["XAF"],
            "mtnrwanda" => ["RWF"],
            _ => ConnectorDescriptor.Currencies,
        };

    /// <summary>How many accounts have a Refit client (one each, reused across calls).</summary>
    internal int RefitClientCount => _clients.Count;

    /// <inheritdoc />
    /// <remarks>
    /// The schema checks the required credentials and targetEnvironment among MTN's values; a separate disbursement
    /// API user needs both its user and its key.
    /// </remarks>
    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) =>
        MtnMomoOptions.ValidateDisbursementUser(account);

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
                reference, callbackUrl, options.TargetEnvironment, client.SubscriptionKey, token, body,
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
            && (error.Code ?? error.Error) is { } code && !MtnMomoClient.NonDefinitiveErrorCodes.Contains(code))
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

        var reply = MtnMomoClient.ClassifyCreate(response);
        switch (reply.Kind)
        {
            case CreateReplyKind.Accepted:
                return PaymentResult.Known(PaymentStatus.Pending, "PENDING",
                    nextAction: MtnMomoMapping.ApproveOnPhone(request.Payer.Phone!));
            case CreateReplyKind.Duplicate:
                // A resend after a crash: MTN's status of the first request is the answer; a second debit cannot happen.
                context.Logger.DuplicateReference("request to pay", request.ProviderReference);
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

            case CreateReplyKind.NotSent:
                return PaymentResult.NotSent(reply.Detail!);
            case CreateReplyKind.Refused:
                return PaymentResult.Refused(MtnMomoStatusMap.ToFailure(reply.Code));
            default:
                return PaymentResult.Unknown(reply.Detail!);
        }
    }

    private static async Task<PaymentResult> QueryStatusAsync(MtnMomoClient client, string reference,
        CancellationToken cancellationToken)
    {
        var options = client.Options;
        var fetch = await client.FetchStatusAsync(reference, (api, token) => api.GetRequestToPayAsync(
            reference, options.TargetEnvironment, client.SubscriptionKey, token, cancellationToken), cancellationToken);
        return fetch switch
        {
            StatusFetch.Found found => MtnMomoMapping.ToPaymentResult(found.Body),
            // Just after a 202 MTN may not show the request yet, and a request that never arrived stays unknown to
            // it: either way the payment stays as it is, and only an expired one may end on this answer.
            StatusFetch.NotFound => PaymentResult.NotFound("MTN does not know this reference"),
            StatusFetch.Unknown unknown => PaymentResult.Unknown(unknown.Detail),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    private MtnMomoClient CreateClient(ConnectorContext context, MtnMomoOptions options,
        string product = MtnMomoClient.CollectionProduct) =>
        new(context, options, _clients.For(context), _tokens, product);
}
