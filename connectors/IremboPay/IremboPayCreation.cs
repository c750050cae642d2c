using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.IremboPay;

/// <summary>
/// One create, step by step: the invoice, then for mobile money the push. Each step is saved in the connector data before
/// it goes, so a resumed create (after a crash, or after a call that was not sent) reads what exists instead of doing a
/// step twice: an invoice POST that may have happened is followed by a GET by transactionId, and a push that may have
/// happened is never sent again.
/// </summary>
internal sealed class IremboPayCreation(ConnectorContext context, IremboPayClient client, IremboPayOptions options,
    CreatePaymentRequest request)
{
    private IremboPayData? _data = IremboPayData.Parse(request.ConnectorData);

    private string Reference => request.ProviderReference;

    public async Task<PaymentResult> RunAsync(CancellationToken ct)
    {
        if (Precheck() is { } refused)
        {
            return refused;
        }

        var (invoice, stop) = _data switch
        {
            { Stage: not IremboPayStage.Invoicing, InvoiceNumber: { } number } => await ReadAsync(number, ct),
            { Stage: IremboPayStage.Invoicing } => await FindOrCreateAsync(ct),
            _ => await CreateAsync(ct),
        };
        if (stop is not null)
        {
            return stop;
        }

        var current = IremboPayResults.FromInvoice(invoice!, _data, context.Clock.GetUtcNow(), request.Method, request.Payer.Phone);
        if (current.Status != PaymentStatus.Pending || _data?.Stage is IremboPayStage.Pushing or IremboPayStage.Pushed
            or IremboPayStage.Closed)
        {
            return current;
        }

        if (IremboPayMapping.ToMoney(invoice!.Amount, invoice.Currency) is { } billed && billed != request.Amount)
        {
            // The account's payment account bills another currency (or amount): never let it be paid.
            return await RejectAsync(invoice.InvoiceNumber!, "AMOUNT_MISMATCH", ct);
        }

        return request.Method == PaymentMethod.MobileMoney ? await PushAsync(invoice.InvoiceNumber!, ct) : current;
    }

    /// <summary>What IremboPay would refuse anyway, refused before anything is sent.</summary>
    private PaymentResult? Precheck()
    {
        if (request.Amount.Currency != Currency.RWF)
        {
            return PaymentResult.Refused(new Failure(FailureCode.ProviderError,
                "IremboPay accounts here bill RWF only.", null));
        }

        return request.Method switch
        {
            PaymentMethod.MobileMoney when IremboPayMapping.PaymentProvider(request.Payer.Phone) is null =>
                PaymentResult.Refused(new Failure(FailureCode.InvalidAccount,
                    "IremboPay pushes to Rwandan MTN (078, 079) and Airtel (072, 073) numbers only.", null)),
            PaymentMethod.MobileMoney or PaymentMethod.BankTransfer or PaymentMethod.Card => null,
            PaymentMethod.Pix or PaymentMethod.LocalWallet => PaymentResult.Refused(new Failure(FailureCode.ProviderError,
                "IremboPay takes mobile money, bank transfers and cards.", null)),
        };
    }

    private async Task<(IremboPayInvoice?, PaymentResult?)> CreateAsync(CancellationToken ct)
    {
        await SaveAsync(new IremboPayData { Stage = IremboPayStage.Invoicing }, ct);
        var reply = await client.CreateInvoiceAsync(IremboPayMapping.ToInvoice(request, options), ct);
        if (reply.Ok)
        {
            return await InvoicedAsync(reply.Data!, ct);
        }

        switch (reply)
        {
            case { Received: false }:
                return (null, TransportFailure.ToPaymentResult(IremboPayClient.Provider, reply.NoReply!, true, ct));
            case { Status: 409 }:
                // DUPLICATE_TRANSACTION_ID: this payment's invoice exists (a resend): it is the answer.
                context.Logger.ExistingInvoice(Reference, reply.Describe());
                return await FindAsync(ct);
            case { Status: 429 }:
                return (null, PaymentResult.NotSent("IremboPay throttled the invoice (429)"));
            case { Status: >= 500 }:
                return (null, PaymentResult.Unknown($"IremboPay answered {reply.Describe()} to the invoice"));
            case { Status: >= 400 }:
                return (null, PaymentResult.Refused(IremboPayStatusMap.ToFailure(reply.ErrorCode ?? $"HTTP_{reply.Status}")));
            default:
                return (null, PaymentResult.Unknown($"IremboPay's invoice reply ({reply.Status}) could not be read"));
        }
    }

    /// <summary>A create that may have happened before: GET by transactionId first, create only on IremboPay's 404.</summary>
    private async Task<(IremboPayInvoice?, PaymentResult?)> FindOrCreateAsync(CancellationToken ct)
    {
        var reply = await client.GetInvoiceAsync(Reference, ct);
        if (reply.Ok)
        {
            context.Logger.ExistingInvoice(Reference, "resumed create");
            return await InvoicedAsync(reply.Data!, ct);
        }

        return reply switch
        {
            { Status: 404 } => await CreateAsync(ct),
            { Received: false } => (null, TransportFailure.ToPaymentResult(IremboPayClient.Provider, reply.NoReply!, true, ct)),
            _ => (null, PaymentResult.Unknown($"IremboPay answered {reply.Describe()} looking for the invoice")),
        };
    }

    private async Task<(IremboPayInvoice?, PaymentResult?)> FindAsync(CancellationToken ct)
    {
        var reply = await client.GetInvoiceAsync(Reference, ct);
        return reply.Ok
            ? await InvoicedAsync(reply.Data!, ct)
            : (null, PaymentResult.Unknown($"IremboPay reported the invoice as existing, then answered {reply.Describe()}"));
    }

    private async Task<(IremboPayInvoice?, PaymentResult?)> ReadAsync(string invoiceNumber, CancellationToken ct)
    {
        var reply = await client.GetInvoiceAsync(invoiceNumber, ct);
        return reply switch
        {
            { Ok: true } => (reply.Data, null),
            { Received: false } => (null, TransportFailure.ToPaymentResult(IremboPayClient.Provider, reply.NoReply!, true, ct)),
            _ => (null, PaymentResult.Unknown($"IremboPay answered {reply.Describe()} reading invoice {invoiceNumber}")),
        };
    }

    private async Task<(IremboPayInvoice?, PaymentResult?)> InvoicedAsync(IremboPayInvoice invoice, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(invoice.InvoiceNumber))
        {
            return (null, PaymentResult.Unknown("IremboPay's invoice carries no invoiceNumber"));
        }

        await SaveAsync(new IremboPayData
        {
            Stage = IremboPayStage.Invoiced, InvoiceNumber = invoice.InvoiceNumber, PaymentLinkUrl = invoice.PaymentLinkUrl,
        }, ct);
        return (invoice, null);
    }

    private async Task<PaymentResult> PushAsync(string invoiceNumber, CancellationToken ct)
    {
        var provider = IremboPayMapping.PaymentProvider(request.Payer.Phone)!;
        var invoiced = _data!;
        await SaveAsync(invoiced with { Stage = IremboPayStage.Pushing, Provider = provider }, ct);
        var reply = await client.PushAsync(new IremboPayPushRequest
        {
            AccountIdentifier = IremboPayMapping.ToWirePhone(request.Payer.Phone, options.InternationalPhones)!,
            PaymentProvider = provider,
            InvoiceNumber = invoiceNumber,
            TransactionReference = Reference,
        }, ct);
        switch (reply)
        {
            case { Ok: true }:
                _data = _data! with { Stage = IremboPayStage.Pushed };
                return With(PaymentResult.Known(PaymentStatus.Pending, IremboPayStatusMap.New,
                    nextAction: IremboPayMapping.ApproveOnPhone(request.Payer.Phone)), invoiceNumber);
            case { Received: false } when TransportFailure.Classify(reply.NoReply!, ct) == TransportOutcome.NotSent:
            case { Status: 429 }:
                // The push provably did not go (or was throttled before processing): it may go on a resume.
                await SaveAsync(invoiced, ct);
                return With(PaymentResult.NotSent($"the IremboPay push was not sent ({reply.Describe()})"), invoiceNumber);
            case { Received: false } or { Status: >= 500 }:
                return With(PaymentResult.Unknown(reply.Received
                    ? $"IremboPay answered {reply.Describe()} to the push"
                    : $"no reply from IremboPay to the push: {TransportFailure.Describe(reply.NoReply!)}"), invoiceNumber);
            case { ErrorCode: "INVOICE_ALREADY_PAID" }:
                var (invoice, stop) = await ReadAsync(invoiceNumber, ct);
                return stop ?? IremboPayResults.FromInvoice(invoice!, _data, context.Clock.GetUtcNow(), request.Method, request.Payer.Phone);
            default:
                return await RejectAsync(invoiceNumber, reply.ErrorCode ?? $"HTTP_{reply.Status}", ct);
        }
    }

    /// <summary>The push (or the invoice) is refused: the invoice is closed (expiryAt = now) so it can never be paid.</summary>
    private async Task<PaymentResult> RejectAsync(string invoiceNumber, string code, CancellationToken ct)
    {
        var closed = await client.ExpireInvoiceAsync(invoiceNumber, context.Clock.GetUtcNow(), ct);
        if (!closed.Ok)
        {
            context.Logger.CloseFailed(Reference, code, invoiceNumber,
                closed.Received ? closed.Describe() : TransportFailure.Describe(closed.NoReply!));
        }

        _data = _data! with
        {
            Stage = closed.Ok ? IremboPayStage.Closed : IremboPayStage.Pushed, Closure = IremboPayClosure.PushRejected, ErrorCode = code,
        };
        return With(PaymentResult.Refused(IremboPayStatusMap.ToFailure(code), IremboPayStatusMap.New), invoiceNumber);
    }

    private PaymentResult With(PaymentResult result, string invoiceNumber) =>
        result with { ProviderTransactionId = invoiceNumber, ConnectorData = _data?.Serialize() };

    private async Task SaveAsync(IremboPayData data, CancellationToken ct)
    {
        _data = data;
        await context.SaveDataAsync(data.Serialize(), ct);
    }
}
