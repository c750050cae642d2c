using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Airtel;

// Refunds (full only, by Airtel's id of the payment) and disbursements (payouts, with the encrypted PIN).
public sealed partial class AirtelConnector
{
    /// <inheritdoc />
    /// <remarks>
    /// Airtel refunds a whole transaction by its airtel_money_id, with no amount: a partial refund is refused here
    /// (the hub refuses it first, PartialRefund not being declared). A second refund of the same transaction answers
    /// ESB000041: the one refund Airtel allows is done, and it is this one.
    /// </remarks>
    public async Task<TransferResult> RefundAsync(ConnectorContext context, RefundRequest request, CancellationToken cancellationToken)
    {
        var reference = request.ProviderReference;
        if (request.Amount != request.PaymentAmount)
        {
            return TransferResult.Known(TransferStatus.Failed, failure: new Failure(FailureCode.ProviderError,
                "Airtel Money refunds whole payments only.", "PARTIAL_REFUND_NOT_SUPPORTED"));
        }

        var client = CreateClient(context);
        var airtelId = request.PaymentProviderTransactionId
            ?? AirtelObjectData.Parse(request.PaymentConnectorData)?.AirtelMoneyId;
        if (airtelId is null)
        {
            // The payment's Airtel id is on Airtel's record of it.
            var payment = await QueryAsync(client, request.PaymentProviderReference, null, cancellationToken);
            airtelId = payment.ProviderTransactionId;
            if (airtelId is null)
            {
                return TransferResult.NotSent($"the payment's airtel_money_id could not be read: {payment.Detail ?? payment.ProviderStatus}");
            }
        }

        context.Logger.Requesting(AirtelClient.Provider, "refund", reference, request.Amount, null, context.Account.Id);
        var options = client.Options;
        var call = await client.SendAsync(reference, (api, token) => api.RefundAsync(token, options.Country, options.Currency,
            new AirtelRefundRequest(new AirtelRefundTransaction(airtelId)), cancellationToken), cancellationToken);
        TransferResult result;
        try
        {
            result = SentTransfer(call, cancellationToken) ?? AirtelMapping.Classify(call) switch
            {
                CreateReply.Accepted => AirtelMapping.ToTransferResult(call),
                CreateReply.Duplicate => TransferResult.Known(TransferStatus.Completed, AirtelStatusMap.DuplicateCode),
                CreateReply.NotTaken => TransferResult.NotSent($"Airtel did not take the refund ({call.Describe()})"),
                CreateReply.Refused when AirtelMapping.ToRefusal(call) is { } failure =>
                    TransferResult.Known(TransferStatus.Failed, call.ResultCode, failure),
                _ => TransferResult.Unknown($"Airtel answered {call.Describe()} to the refund"),
            };
        }
        catch (UnknownProviderStatusException e)
        {
            result = TransferResult.Unknown($"Airtel answered an undocumented refund status '{e.ProviderStatus}'");
        }

        if (result.Outcome == OperationOutcome.Completed)
        {
            // Airtel has no refund enquiry: its answer is kept, and the status query reads it back.
            result = result with
            {
                ProviderTransactionId = null,
                ConnectorData = new AirtelObjectData
                {
                    AirtelMoneyId = airtelId,
                    Refund = result.Status?.ToString(),
                    ProviderStatus = result.ProviderStatus,
                    Failure = result.Failure?.Code.ToString(),
                    FailureCode = result.Failure?.ProviderCode,
                }.Serialize(),
            };
        }

        context.Logger.Outcome(AirtelClient.Provider, reference, result);
        return result;
    }

    /// <inheritdoc />
    /// <remarks>Airtel documents no refund enquiry: the refund's own answer, kept in its data, is its status.</remarks>
    public Task<TransferResult> GetRefundStatusAsync(ConnectorContext context, TransferStatusRequest request,
        CancellationToken cancellationToken)
    {
        var data = AirtelObjectData.Parse(request.ConnectorData);
        var result = Enum.TryParse<TransferStatus>(data?.Refund, out var status)
            ? TransferResult.Known(status, data!.ProviderStatus,
                Enum.TryParse<FailureCode>(data.Failure, out var code) ? FailureMessages.Failure(code, data.FailureCode) : null)
            : TransferResult.Unknown("Airtel has no refund enquiry and this refund's answer was never received: "
                + "check it in the Airtel portal");
        context.Logger.Outcome(AirtelClient.Provider, request.ProviderReference, result);
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public async Task<TransferResult> CreatePayoutAsync(ConnectorContext context, PayoutRequest request, CancellationToken cancellationToken)
    {
        var reference = request.ProviderReference;
        var client = CreateClient(context);
        var options = client.Options;
        if (Unsendable(options, request.Amount, request.Recipient.Phone, "recipient") is { } refusal)
        {
            return TransferResult.Known(TransferStatus.Failed, failure: refusal);
        }

        if (options.Pin is null || (options.PinPublicKey is null && context.Account.Environment == ConnectorEnvironment.Live))
        {
            return TransferResult.Known(TransferStatus.Failed, failure: new Failure(FailureCode.ProviderError,
                "This Airtel Money account cannot pay out: set its disbursement PIN (and, live, Airtel's PIN key).", "NO_DISBURSEMENT_PIN"));
        }

        var body = new AirtelDisbursementRequest(new AirtelPayee(AirtelMapping.ToMsisdn(request.Recipient.Phone)!),
            string.IsNullOrWhiteSpace(request.Description) ? request.PayoutId : request.Description,
            AirtelPin.Encode(options.Pin, options.PinPublicKey),
            new AirtelDisbursementTransaction(AirtelMapping.ToAmount(request.Amount), reference));
        context.Logger.Requesting(AirtelClient.Provider, "disbursement", reference, request.Amount, request.Recipient.Phone,
            context.Account.Id);
        var call = await client.SendAsync(reference, (api, token) => api.DisburseAsync(token, options.Country, options.Currency, body,
            cancellationToken), cancellationToken);
        TransferResult result;
        try
        {
            result = SentTransfer(call, cancellationToken) ?? AirtelMapping.Classify(call) switch
            {
                CreateReply.Accepted => AirtelMapping.ToTransferResult(call),
                // A resend of the same id: its status is the answer, never a second disbursement.
                CreateReply.Duplicate => await PayoutStatusAsync(client, reference, cancellationToken) is
                    { Outcome: OperationOutcome.Completed } existing
                    ? existing
                    : TransferResult.Unknown("Airtel already has this disbursement id (ESB000041) but its status is not known"),
                CreateReply.NotTaken => TransferResult.NotSent($"Airtel did not take the disbursement ({call.Describe()})"),
                CreateReply.Refused when AirtelMapping.ToRefusal(call) is { } failure =>
                    TransferResult.Known(TransferStatus.Failed, call.ResultCode, failure),
                _ => TransferResult.Unknown($"Airtel answered {call.Describe()} to the disbursement"),
            };
        }
        catch (UnknownProviderStatusException e)
        {
            result = TransferResult.Unknown($"Airtel answered an undocumented disbursement status '{e.ProviderStatus}'");
        }

        context.Logger.Outcome(AirtelClient.Provider, reference, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<TransferResult> GetPayoutStatusAsync(ConnectorContext context, TransferStatusRequest request,
        CancellationToken cancellationToken)
    {
        var result = await PayoutStatusAsync(CreateClient(context), request.ProviderReference, cancellationToken);
        context.Logger.Outcome(AirtelClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <summary>GET /standard/v1/disbursements/{id}; an undocumented status throws.</summary>
    private static async Task<TransferResult> PayoutStatusAsync(AirtelClient client, string reference, CancellationToken cancellationToken)
    {
        var options = client.Options;
        var call = await client.SendAsync(reference, (api, token) => api.DisbursementStatusAsync(reference, token, options.Country,
            options.Currency, cancellationToken), cancellationToken);
        return call switch
        {
            { TokenFailure: { } failure } => TransferResult.Unknown(failure.FailureDetail ?? "no Airtel token"),
            { NoReply: { } e } => TransportFailure.ToTransferResult(AirtelClient.Provider, e, notSentAllowed: false, cancellationToken),
            { IsNotFound: true } => TransferResult.NotFound($"Airtel has no such disbursement ({call.Describe()})"),
            { Succeeded: true } => AirtelMapping.ToTransferResult(call),
            _ => TransferResult.Unknown($"Airtel answered {call.Describe()} to the disbursement status query"),
        };
    }

    /// <summary>The result of a money-moving transfer call that got no answer from Airtel itself, or null when it did.</summary>
    private static TransferResult? SentTransfer(AirtelCall call, CancellationToken cancellationToken) => call switch
    {
        { TokenFailure: { } failure } => TransferResult.NotSent(failure.FailureDetail ?? "no Airtel token"),
        { NoReply: { } e } => TransportFailure.ToTransferResult(AirtelClient.Provider, e, notSentAllowed: true, cancellationToken),
        _ => null,
    };
}
