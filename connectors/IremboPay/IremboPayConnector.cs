using Connectors.Abstractions;
using Connectors.Kit;
using Refit;

namespace Connectors.IremboPay;

/// <summary>
/// IremboPay (Rwanda) collections: an invoice per payment, then a mobile-money push (MTN, Airtel) or the hosted checkout
/// page (banks, cards); cancel by expiring the invoice; signed payment notifications. No refund, payout or capture:
/// API v2 has none. The only state kept is the Refit client per account.
/// </summary>
public sealed class IremboPayConnector : IConnector, ICancelConnector
{
    internal const string Id = "irembopay";

    private static readonly ConnectorDescriptor ConnectorDescriptor = new()
    {
        Id = Id,
        DisplayName = "IremboPay",
        Version = "1.0.0",
        Methods = [PaymentMethod.MobileMoney, PaymentMethod.BankTransfer, PaymentMethod.Card],
        Countries = ["RW"],
        // The account's paymentAccountIdentifier fixes one currency; pushes are RWF only. Invoices in EUR, GBP or USD
        // need another payment account and are not routed here. IremboPay publishes no amount limits.
        Currencies = ["RWF"],
        Capabilities = ConnectorCapabilities.Cancel | ConnectorCapabilities.Callbacks | ConnectorCapabilities.Polling,
        CallbackTrust = CallbackTrust.Signed,
        Account = IremboPayOptions.Schema,
        // Rwanda MTN 078/079, Airtel 072/073.
        PhonePrefixes = ["25078", "25079", "25072", "25073"],
    };

    private readonly RefitClients<IIremboPayApi> _clients = new(RefitSettings.ForJsonContext(IremboPayJsonContext.Default));
    private readonly IremboPayCallbackVerifier _verifier = new();

    /// <inheritdoc />
    public ConnectorDescriptor Descriptor => ConnectorDescriptor;

    /// <inheritdoc />
    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => CallbackSecrets.Validate(account);

    /// <inheritdoc />
    /// <remarks>The hub's payment id itself: IremboPay's transactionId is ours to choose, unique and readable back.</remarks>
    public string NewProviderReference(string objectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        return objectId;
    }

    /// <inheritdoc />
    public async Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request,
        CancellationToken cancellationToken)
    {
        var options = IremboPayOptions.From(context.Account);
        context.Logger.Requesting(IremboPayClient.Provider, "invoice", request.ProviderReference, request.Amount,
            request.Payer.Phone, context.Account.Id);
        PaymentResult result;
        try
        {
            result = await new IremboPayCreation(context, Client(context, options), options, request).RunAsync(cancellationToken);
        }
        catch (UnknownProviderStatusException e)
        {
            // The invoice exists in a state no map knows: nothing is pushed, reconciliation asks again.
            result = PaymentResult.Unknown($"IremboPay's invoice is in an undocumented status '{e.ProviderStatus}'");
        }

        context.Logger.Outcome(IremboPayClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request,
        CancellationToken cancellationToken)
    {
        var data = IremboPayData.Parse(request.ConnectorData);
        var id = data?.InvoiceNumber ?? request.ProviderTransactionId ?? request.ProviderReference;
        var reply = await Client(context, IremboPayOptions.From(context.Account)).GetInvoiceAsync(id, cancellationToken);
        var result = reply switch
        {
            { Ok: true } => IremboPayResults.FromInvoice(reply.Data!, data, context.Clock.GetUtcNow(), request.Method, null),
            { Received: false } => TransportFailure.ToPaymentResult(IremboPayClient.Provider, reply.NoReply!, false, cancellationToken),
            { Status: 404 } => PaymentResult.NotFound("IremboPay has no invoice for this payment"),
            _ => PaymentResult.Unknown($"IremboPay answered {reply.Describe()} to the status query"),
        };
        context.Logger.Outcome(IremboPayClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    /// <remarks>IremboPay has no cancel endpoint: the invoice's expiryAt is moved to now, so it can no longer be paid.</remarks>
    public async Task<PaymentResult> CancelPaymentAsync(ConnectorContext context, CancelPaymentRequest request,
        CancellationToken cancellationToken)
    {
        var client = Client(context, IremboPayOptions.From(context.Account));
        var data = IremboPayData.Parse(request.ConnectorData);
        var invoiceNumber = data?.InvoiceNumber ?? request.ProviderTransactionId;
        PaymentResult result;
        if (invoiceNumber is null)
        {
            var found = await client.GetInvoiceAsync(request.ProviderReference, cancellationToken);
            invoiceNumber = found.Ok ? found.Data!.InvoiceNumber : null;
            if (invoiceNumber is null)
            {
                result = found.Status == 404
                    ? PaymentResult.NotFound("IremboPay has no invoice for this payment")
                    : PaymentResult.Unknown($"the invoice to cancel could not be read ({found.Describe()})");
                context.Logger.Outcome(IremboPayClient.Provider, request.ProviderReference, result);
                return result;
            }
        }

        var now = context.Clock.GetUtcNow();
        var reply = await client.ExpireInvoiceAsync(invoiceNumber, now, cancellationToken);
        var closed = (data ?? new IremboPayData { Stage = IremboPayStage.Closed }) with
        {
            Stage = IremboPayStage.Closed, InvoiceNumber = invoiceNumber, Closure = IremboPayClosure.Canceled,
        };
        result = reply switch
        {
            // Paid a moment before: the payment is paid, not canceled.
            { Ok: true, Data.PaymentStatus: IremboPayStatusMap.Paid } =>
                IremboPayResults.FromInvoice(reply.Data!, data, now, PaymentMethod.MobileMoney, null),
            { Ok: true } => PaymentResult.Known(PaymentStatus.Canceled, reply.Data!.PaymentStatus,
                providerTransactionId: invoiceNumber) with { ConnectorData = closed.Serialize() },
            { ErrorCode: "INVOICE_ALREADY_PAID" } => await StatusAfterAsync(client, invoiceNumber, data, now, cancellationToken),
            { Received: false } => TransportFailure.ToPaymentResult(IremboPayClient.Provider, reply.NoReply!, false, cancellationToken),
            { Status: 404 } => PaymentResult.NotFound("IremboPay has no such invoice"),
            // A refused cancel changes nothing: the payment stays as it is.
            _ => PaymentResult.Unknown($"IremboPay answered {reply.Describe()} to the cancel (expiryAt = now)"),
        };
        context.Logger.Outcome(IremboPayClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public CallbackParse ReadCallback(CallbackRequest request) => IremboPayCallbacks.Read(request);

    /// <inheritdoc />
    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken)
    {
        var verification = IremboPayCallbacks.Verify(_verifier, context, request, objects);
        if (verification is CallbackVerification.Rejected rejected)
        {
            context.Logger.CallbackRejected(IremboPayClient.Provider, rejected);
        }

        return Task.FromResult(verification);
    }

    private static async Task<PaymentResult> StatusAfterAsync(IremboPayClient client, string invoiceNumber, IremboPayData? data,
        DateTimeOffset now, CancellationToken ct)
    {
        var reply = await client.GetInvoiceAsync(invoiceNumber, ct);
        return reply.Ok
            ? IremboPayResults.FromInvoice(reply.Data!, data, now, PaymentMethod.MobileMoney, null)
            : PaymentResult.Unknown($"IremboPay answered {reply.Describe()} reading the invoice");
    }

    private IremboPayClient Client(ConnectorContext context, IremboPayOptions options) =>
        new(_clients.For(context), options.SecretKey);
}
