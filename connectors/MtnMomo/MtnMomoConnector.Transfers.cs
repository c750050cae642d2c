using Connectors.Abstractions;
using Connectors.Kit;
using Refit;

namespace Connectors.MtnMomo;

// Disbursement: payouts (transfer) and refunds, with the disbursement product's own subscription key and token.
public sealed partial class MtnMomoConnector
{
    private const string TransferOperation = "transfer";
    private const string RefundOperation = "refund";

    /// <inheritdoc />
    /// <remarks>
    /// POST /disbursement/v1_0/refund with referenceIdToRefund = the payment's X-Reference-Id. Partial and repeated
    /// refunds are MTN's to take: each refund is its own resource under its own X-Reference-Id.
    /// </remarks>
    public Task<TransferResult> RefundAsync(ConnectorContext context, RefundRequest request, CancellationToken cancellationToken)
    {
        var body = MtnMomoMapping.ToRefund(request);
        return SendDisbursementAsync(context, RefundOperation, CallbackSubject.Refund, request.ProviderReference,
            request.Amount, phone: null, (api, client, callbackUrl, token) => api.RefundAsync(request.ProviderReference,
                callbackUrl, client.Options.TargetEnvironment, client.SubscriptionKey, token, body, cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<TransferResult> GetRefundStatusAsync(ConnectorContext context, TransferStatusRequest request,
        CancellationToken cancellationToken) =>
        GetDisbursementStatusAsync(context, RefundOperation, request.ProviderReference, cancellationToken);

    /// <inheritdoc />
    /// <remarks>POST /disbursement/v1_0/transfer to the payee's MSISDN; X-Reference-Id = the stored provider reference.</remarks>
    public Task<TransferResult> CreatePayoutAsync(ConnectorContext context, PayoutRequest request, CancellationToken cancellationToken)
    {
        var msisdn = MtnMomoMapping.ToMsisdn(request.Recipient.Phone);
        if (msisdn is null)
        {
            // Nothing was sent: MTN credits a wallet by its MSISDN.
            return Task.FromResult(TransferResult.Known(TransferStatus.Failed, failure: new Failure(FailureCode.InvalidAccount,
                "MTN needs the recipient's phone number in E.164 form.", null)));
        }

        var body = MtnMomoMapping.ToTransfer(request, msisdn);
        return SendDisbursementAsync(context, TransferOperation, CallbackSubject.Payout, request.ProviderReference,
            request.Amount, request.Recipient.Phone, (api, client, callbackUrl, token) => api.TransferAsync(
                request.ProviderReference, callbackUrl, client.Options.TargetEnvironment, client.SubscriptionKey, token,
                body, cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<TransferResult> GetPayoutStatusAsync(ConnectorContext context, TransferStatusRequest request,
        CancellationToken cancellationToken) =>
        GetDisbursementStatusAsync(context, TransferOperation, request.ProviderReference, cancellationToken);

    /// <summary>
    /// Sends a transfer or a refund once. 202 → pending; 409 → the existing resource's status (never a second
    /// transfer); a 4xx or a 500 with a business code → failed; a timeout, a bare 5xx → unknown; not reached → not sent.
    /// </summary>
    private async Task<TransferResult> SendDisbursementAsync(ConnectorContext context, string operation,
        CallbackSubject subject, string reference, Money amount, string? phone,
        Func<IMtnMomoApi, MtnMomoClient, string, string, Task<IApiResponse>> post, CancellationToken cancellationToken)
    {
        var options = MtnMomoOptions.From(context.Account);
        if (options.DisbursementSubscriptionKey is null)
        {
            // Nothing was sent: without the disbursement product's key MTN's gateway refuses every call.
            return TransferResult.Known(TransferStatus.Failed, failure: new Failure(FailureCode.ProviderError,
                $"This MTN account has no disbursement subscription key (credentials.{MtnMomoOptions.DisbursementSubscriptionKeyName}).",
                null));
        }

        var client = CreateClient(context, options, MtnMomoClient.DisbursementProduct);
        var callbackUrl = MtnMomoMapping.ToCallbackUrl(context.CallbackUrl, reference, subject);
        context.Logger.Requesting(MtnMomoClient.Provider, operation, reference, amount, phone, context.Account.Id);

        TransferResult result;
        try
        {
            var call = await client.SendAsync(reference, (api, token) => post(api, client, callbackUrl, token),
                cancellationToken);
            if (call.TokenFailure is { } tokenFailure)
            {
                // Without a token the transfer never left: nothing can have moved.
                result = tokenFailure.CredentialsRefused
                    ? TransferResult.Known(TransferStatus.Failed, failure: new Failure(FailureCode.ProviderError,
                        "MTN refused the account's disbursement credentials.", "login_failed"))
                    : TransferResult.NotSent(tokenFailure.FailureDetail ?? "no MTN token");
            }
            else
            {
                using var response = call.Response!;
                result = await MapDisbursementReplyAsync(context, client, operation, reference, response, cancellationToken);
            }
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, cancellationToken))
        {
            result = TransportFailure.ToTransferResult(MtnMomoClient.Provider, e, notSentAllowed: true, cancellationToken);
        }

        context.Logger.Outcome(MtnMomoClient.Provider, reference, result);
        return result;
    }

    private static async Task<TransferResult> MapDisbursementReplyAsync(ConnectorContext context, MtnMomoClient client,
        string operation, string reference, IApiResponse response, CancellationToken cancellationToken)
    {
        if (!response.IsReceived)
        {
            return TransportFailure.ToTransferResult(MtnMomoClient.Provider, response.Error!, notSentAllowed: true,
                cancellationToken);
        }

        var reply = MtnMomoClient.ClassifyCreate(response);
        switch (reply.Kind)
        {
            case CreateReplyKind.Accepted:
                return TransferResult.Known(TransferStatus.Pending, "PENDING");
            case CreateReplyKind.Duplicate:
                context.Logger.DuplicateReference(operation, reference);
                try
                {
                    var existing = await QueryDisbursementAsync(client, operation, reference, cancellationToken);
                    return existing.Outcome == OperationOutcome.NotFound
                        ? TransferResult.Unknown("MTN reported the reference as existing, then as unknown")
                        : existing;
                }
                catch (UnknownProviderStatusException e)
                {
                    return TransferResult.Unknown($"MTN has this reference with an undocumented status '{e.ProviderStatus}'");
                }

            case CreateReplyKind.NotSent:
                return TransferResult.NotSent(reply.Detail!);
            case CreateReplyKind.Refused:
                return TransferResult.Known(TransferStatus.Failed, failure: MtnMomoStatusMap.ToFailure(reply.Code));
            default:
                return TransferResult.Unknown(reply.Detail!);
        }
    }

    private async Task<TransferResult> GetDisbursementStatusAsync(ConnectorContext context, string operation,
        string reference, CancellationToken cancellationToken)
    {
        var options = MtnMomoOptions.From(context.Account);
        var result = options.DisbursementSubscriptionKey is null
            ? TransferResult.Unknown($"the account has no credentials.{MtnMomoOptions.DisbursementSubscriptionKeyName} to ask MTN with")
            : await QueryDisbursementAsync(CreateClient(context, options, MtnMomoClient.DisbursementProduct), operation,
                reference, cancellationToken);
        context.Logger.Outcome(MtnMomoClient.Provider, reference, result);
        return result;
    }

    private static async Task<TransferResult> QueryDisbursementAsync(MtnMomoClient client, string operation,
        string reference, CancellationToken cancellationToken)
    {
        var fetch = await client.FetchStatusAsync(reference, (api, token) => api.GetDisbursementAsync(operation, reference,
            client.Options.TargetEnvironment, client.SubscriptionKey, token, cancellationToken), cancellationToken);
        return fetch switch
        {
            StatusFetch.Found found => MtnMomoMapping.ToTransferResult(found.Body),
            // Just after a 202 MTN may not show it yet: the hub leaves it as it is.
            StatusFetch.NotFound => TransferResult.NotFound($"MTN does not know this {operation}"),
            StatusFetch.Unknown unknown => TransferResult.Unknown(unknown.Detail),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }
}
