using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.OrangeMoney;

// Payouts and refunds, both a cashin (init + pay + paymentstatus): Orange has no refund endpoint, so a refund is a
// cashin of the amount to the original payer (any amount still refundable: the hub keeps the total).
public sealed partial class OrangeMoneyConnector
{
    /// <inheritdoc />
    public async Task<TransferResult> CreatePayoutAsync(ConnectorContext context, PayoutRequest request,
        CancellationToken cancellationToken)
    {
        if (Unsendable(request.Amount, request.Recipient.Phone, "recipient") is { } refusal)
        {
            return TransferResult.Known(TransferStatus.Failed, failure: refusal);
        }

        return await CashinAsync(context, CallbackSubject.Payout, request.ProviderReference, request.Amount,
            request.Recipient.Phone!, request.Description, request.ConnectorData, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TransferResult> GetPayoutStatusAsync(ConnectorContext context, TransferStatusRequest request,
        CancellationToken cancellationToken) => CashinStatusAsync(context, request, cancellationToken);

    /// <inheritdoc />
    public async Task<TransferResult> RefundAsync(ConnectorContext context, RefundRequest request,
        CancellationToken cancellationToken)
    {
        var payer = request.PayerPhone;
        if (payer is null && OrangeMoneyMapping.PayTokenOf(request.PaymentConnectorData) is { } paymentToken)
        {
            // The hub did not pass the payer: Orange's record of the payment names them.
            var payment = await OrangeMoneyFlow.QueryAsync(CreateClient(context), OrangeMoneyFlow.Collection,
                request.PaymentProviderReference, paymentToken, cancellationToken);
            payer = payment.Transaction?.SubscriberMsisdn is { } local && OrangeMoneyMapping.IsLocalMsisdn(local) ? "+237" + local : null;
            if (payer is null && payment.Outcome != OperationOutcome.Completed)
            {
                return TransferResult.NotSent($"the payer could not be read from Orange: {payment.Detail}");
            }
        }

        if (Unsendable(request.Amount, payer, "payer") is { } refusal)
        {
            return TransferResult.Known(TransferStatus.Failed, failure: refusal);
        }

        var description = request.Reason is { Length: > 0 } reason
            ? $"Refund {request.PaymentProviderReference}: {reason}"
            : $"Refund {request.PaymentProviderReference}";
        return await CashinAsync(context, CallbackSubject.Refund, request.ProviderReference, request.Amount, payer!, description,
            request.ConnectorData, cancellationToken);
    }

    /// <inheritdoc />
    public Task<TransferResult> GetRefundStatusAsync(ConnectorContext context, TransferStatusRequest request,
        CancellationToken cancellationToken) => CashinStatusAsync(context, request, cancellationToken);

    private async Task<TransferResult> CashinAsync(ConnectorContext context, CallbackSubject subject, string reference,
        Money amount, string phone, string? description, string? savedData, CancellationToken cancellationToken)
    {
        var client = CreateClient(context);
        var msisdn = OrangeMoneyMapping.ToLocalMsisdn(phone)!;
        var notifUrl = OrangeMoneyMapping.ToNotifUrl(context.CallbackUrl, subject, reference);
        context.Logger.Requesting(OrangeMoneyClient.Provider, $"{OrangeMoneyMapping.SubjectName(subject)} (cashin)", reference,
            amount, phone, context.Account.Id);
        var answer = await OrangeMoneyFlow.CreateAsync(client, new OrangeMoneyCreate(OrangeMoneyFlow.Cashin, reference, savedData,
            payToken => OrangeMoneyMapping.ToPayRequest(client.Options, notifUrl, amount, msisdn, reference, description, payToken)),
            cancellationToken);

        TransferResult result;
        try
        {
            result = OrangeMoneyMapping.ToTransferResult(answer);
        }
        catch (UnknownProviderStatusException e)
        {
            result = TransferResult.Unknown($"Orange answered an undocumented status '{e.ProviderStatus}'")
                with { ConnectorData = answer.PayToken is { } token ? OrangeMoneyMapping.ToData(token) : null };
        }

        context.Logger.Outcome(OrangeMoneyClient.Provider, reference, result);
        return result;
    }

    private async Task<TransferResult> CashinStatusAsync(ConnectorContext context, TransferStatusRequest request,
        CancellationToken cancellationToken)
    {
        if (OrangeMoneyMapping.PayTokenOf(request.ConnectorData) is not { } payToken)
        {
            return TransferResult.NotFound("no Orange payToken was saved for this transfer: it was never pushed");
        }

        var answer = await OrangeMoneyFlow.QueryAsync(CreateClient(context), OrangeMoneyFlow.Cashin, request.ProviderReference,
            payToken, cancellationToken);
        var result = OrangeMoneyMapping.ToTransferResult(answer);
        context.Logger.Outcome(OrangeMoneyClient.Provider, request.ProviderReference, result);
        return result;
    }
}
