using System.Globalization;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Card;

// Capture, void and refunds: PUT /1/sales/{PaymentId}/capture|void[?amount=], synchronous at Cielo.
public sealed partial class CardConnector
{
    /// <inheritdoc />
    /// <remarks>
    /// Once, fully or in part (the rest is released). A refusal (308: not available to capture, e.g. captured already)
    /// answers the sale as Cielo shows it.
    /// </remarks>
    public async Task<PaymentResult> CapturePaymentAsync(ConnectorContext context, CapturePaymentRequest request,
        CancellationToken cancellationToken)
    {
        var client = Client(context);
        var currency = request.PaymentAmount.Currency;
        context.Logger.Requesting(CardClient.Provider, "capture", request.ProviderReference, request.Amount, null, context.Account.Id);
        var (paymentId, missing) = await PaymentIdAsync(client, request.ConnectorData, request.ProviderTransactionId,
            request.ProviderReference, cancellationToken);
        var result = missing;
        if (paymentId is not null)
        {
            var reply = await client.CaptureAsync(paymentId, request.Amount.Minor, cancellationToken);
            result = reply switch
            {
                { Ok: true, Data: { Status: 2, ReasonCode: 0 or null } } => PaymentResult.Known(PaymentStatus.Paid, "2",
                    providerTransactionId: paymentId) with { ConnectorData = Created(paymentId) },
                { Received: false } => TransportFailure.ToPaymentResult(CardClient.Provider, reply.NoReply!, true, cancellationToken),
                { Status: 404 } => PaymentResult.NotFound("Cielo has no sale with this PaymentId"),
                { Status: 400 } or { Ok: true } => await FetchAsync(client, paymentId, currency, cancellationToken),
                _ => PaymentResult.Unknown($"Cielo answered {reply.Describe()} to the capture"),
            };
        }

        context.Logger.Outcome(CardClient.Provider, request.ProviderReference, result!);
        return result!;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Voids an authorization (Status 1, under review included). The sale is read first, so a retried cancel whose
    /// first void went through sends nothing; a sale in any other state is answered as it is.
    /// </remarks>
    public async Task<PaymentResult> CancelPaymentAsync(ConnectorContext context, CancelPaymentRequest request,
        CancellationToken cancellationToken)
    {
        var client = Client(context);
        var currency = request.PaymentAmount.Currency;
        var (paymentId, missing) = await PaymentIdAsync(client, request.ConnectorData, request.ProviderTransactionId,
            request.ProviderReference, cancellationToken);
        var result = missing!;
        if (paymentId is not null)
        {
            result = await FetchAsync(client, paymentId, currency, cancellationToken);
            if (result is { Outcome: OperationOutcome.Completed, Status: PaymentStatus.Authorized or PaymentStatus.UnderReview })
            {
                var reply = await client.VoidAsync(paymentId, null, cancellationToken);
                result = reply switch
                {
                    { Ok: true, Data: { Status: 10, ReasonCode: 0 or null } } => PaymentResult.Known(PaymentStatus.Canceled, "10",
                        providerTransactionId: paymentId) with { ConnectorData = Created(paymentId) },
                    { Received: false } => TransportFailure.ToPaymentResult(CardClient.Provider, reply.NoReply!, true, cancellationToken),
                    { Status: 404 } => PaymentResult.NotFound("Cielo has no sale with this PaymentId"),
                    { Status: 400 } or { Ok: true } => await FetchAsync(client, paymentId, currency, cancellationToken),
                    _ => PaymentResult.Unknown($"Cielo answered {reply.Describe()} to the void"),
                };
            }
        }

        context.Logger.Outcome(CardClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A void with an amount, partial and repeatable up to the captured amount. The sale's VoidedAmount is read first and
    /// the target (before + amount) saved, so a retry after an unknown outcome sends nothing once Cielo shows it.
    /// </remarks>
    public async Task<TransferResult> RefundAsync(ConnectorContext context, RefundRequest request, CancellationToken cancellationToken)
    {
        var client = Client(context);
        context.Logger.Requesting(CardClient.Provider, "refund", request.ProviderReference, request.Amount, null, context.Account.Id);
        var result = await VoidAmountAsync(context, client, request, cancellationToken);
        context.Logger.Outcome(CardClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    /// <remarks>Done once the sale's VoidedAmount reaches the refund's target; a void Cielo does not show did not happen.</remarks>
    public async Task<TransferResult> GetRefundStatusAsync(ConnectorContext context, TransferStatusRequest request,
        CancellationToken cancellationToken)
    {
        var client = Client(context);
        var data = CardRefundData.Parse(request.ConnectorData);
        var paymentId = data?.PaymentId ?? request.PaymentProviderTransactionId;
        TransferResult result;
        if (paymentId is null)
        {
            result = TransferResult.Unknown("the refund names no Cielo sale (no PaymentId in its data)");
        }
        else
        {
            var sale = await client.GetSaleAsync(paymentId, cancellationToken);
            var voided = sale.Data?.Payment?.VoidedAmount ?? 0;
            result = sale switch
            {
                { Ok: true } when data is { Stage: CardRefundStage.Voided } || voided >= (data?.Target ?? request.Amount.Minor) =>
                    TransferResult.Known(TransferStatus.Completed, StatusOf(sale.Data)),
                { Ok: true } when data is not null => TransferResult.Known(TransferStatus.Failed, StatusOf(sale.Data),
                    new Failure(FailureCode.ProviderError, "Cielo shows no void for this refund.", null)),
                { Ok: true } => TransferResult.Unknown("the sale's VoidedAmount is below the refund's amount"),
                { Received: false } => TransportFailure.ToTransferResult(CardClient.Provider, sale.NoReply!, false, cancellationToken),
                { Status: 404 } => TransferResult.NotFound("Cielo has no sale with this PaymentId"),
                _ => TransferResult.Unknown($"Cielo answered {sale.Describe()} to the sale query"),
            };
        }

        context.Logger.Outcome(CardClient.Provider, request.ProviderReference, result);
        return result;
    }

    private static async Task<TransferResult> VoidAmountAsync(ConnectorContext context, CardClient client, RefundRequest request,
        CancellationToken ct)
    {
        var resumed = CardRefundData.Parse(request.ConnectorData);
        var paymentId = resumed?.PaymentId ?? CardData.Parse(request.PaymentConnectorData)?.PaymentId ?? request.PaymentProviderTransactionId;
        if (paymentId is null)
        {
            var (found, _) = await PaymentIdAsync(client, null, null, request.PaymentProviderReference, ct);
            if (found is null)
            {
                return TransferResult.NotSent("the payment's Cielo sale could not be found by its MerchantOrderId");
            }

            paymentId = found;
        }

        var sale = await client.GetSaleAsync(paymentId, ct);
        if (!sale.Ok || sale.Data!.Payment is not { } payment)
        {
            // Nothing was sent: the refund may go again.
            return sale.Status == 404
                ? TransferResult.Known(TransferStatus.Failed, failure: new Failure(FailureCode.ProviderError, "Cielo has no such sale.", "404"))
                : TransferResult.NotSent($"the sale could not be read before the void ({(sale.Received ? sale.Describe() : TransportFailure.Describe(sale.NoReply!))})");
        }

        var voided = payment.VoidedAmount ?? 0;
        if (resumed is not null && voided >= resumed.Target)
        {
            return Voided(paymentId, resumed.Target, payment.Status);
        }

        var target = resumed?.Target ?? voided + request.Amount.Minor;
        var voiding = new CardRefundData { Stage = CardRefundStage.Voiding, PaymentId = paymentId, Target = target }.Serialize();
        await context.SaveDataAsync(voiding, ct);
        var reply = await client.VoidAsync(paymentId, request.Amount.Minor, ct);
        return reply switch
        {
            { Ok: true, Data: { ReasonCode: 0 or null } data } => Voided(paymentId, target, data.Status),
            { Ok: true, Data: { } data } => TransferResult.Known(TransferStatus.Failed, StatusOf(data.Status),
                new Failure(FailureCode.ProviderError, "Cielo refused the void.", data.ReasonCode?.ToString(CultureInfo.InvariantCulture))),
            { Received: false } => TransportFailure.ToTransferResult(CardClient.Provider, reply.NoReply!, true, ct) with { ConnectorData = voiding },
            { Status: 400 or 401 or 403 or 404 } => TransferResult.Known(TransferStatus.Failed, failure: new Failure(FailureCode.ProviderError,
                "Cielo refused the void.", reply.ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? reply.Status.ToString(CultureInfo.InvariantCulture)))
                with { ConnectorData = voiding },
            _ => TransferResult.Unknown($"Cielo answered {reply.Describe()} to the void") with { ConnectorData = voiding },
        };
    }

    // No provider transaction id: a refund is a void on the sale, whose PaymentId every refund of it shares; the data keeps it.
    private static TransferResult Voided(string paymentId, long target, int? status) =>
        TransferResult.Known(TransferStatus.Completed, StatusOf(status)) with
        {
            ConnectorData = new CardRefundData { Stage = CardRefundStage.Voided, PaymentId = paymentId, Target = target }.Serialize(),
        };

    /// <summary>Cielo's PaymentId from the data, the transaction id, or the MerchantOrderId query; else the result to answer.</summary>
    private static async Task<(string? PaymentId, PaymentResult? Missing)> PaymentIdAsync(CardClient client, string? connectorData,
        string? transactionId, string merchantOrderId, CancellationToken ct)
    {
        if ((CardData.Parse(connectorData)?.PaymentId ?? transactionId) is { } known)
        {
            return (known, null);
        }

        var reply = await client.FindByOrderAsync(merchantOrderId, ct);
        if (reply is { Ok: true, Data.Payments: { Count: > 0 } payments } && payments[^1].PaymentId is { Length: > 0 } found)
        {
            return (found, null);
        }

        return (null, reply switch
        {
            { Ok: true } or { Status: 404 } => PaymentResult.NotFound("Cielo has no sale with this MerchantOrderId"),
            { Received: false } => TransportFailure.ToPaymentResult(CardClient.Provider, reply.NoReply!, false, ct),
            _ => PaymentResult.Unknown($"Cielo answered {reply.Describe()} to the MerchantOrderId query"),
        });
    }

    private static string? StatusOf(CieloSale? sale) => StatusOf(sale?.Payment?.Status);

    private static string? StatusOf(int? status) => status?.ToString(CultureInfo.InvariantCulture);

    private static string Created(string paymentId) => new CardData { Stage = CardStage.Created, PaymentId = paymentId }.Serialize();
}
