using Connectors.Abstractions;
using Connectors.Kit;
using Microsoft.Extensions.Logging;

namespace Connectors.Card;

/// <summary>
/// Card payments through Cielo API E-commerce 3.0: a sale (authorize, or authorize and capture), 3-D Secure by redirect,
/// capture once, void, refunds as voids with an amount, status by query, the unsigned Notification Post as a hint, and
/// the chargebacks a sale shows. Cielo has no idempotency: a create whose POST may have gone looks the MerchantOrderId up
/// before any re-POST. The card lives only in the one sale request; nothing keeps, logs or returns it.
/// </summary>
public sealed partial class CardConnector : IConnector, ICaptureConnector, ICancelConnector, IRefundConnector
{
    internal const string Id = "card";

    private static readonly ConnectorDescriptor ConnectorDescriptor = new()
    {
        Id = Id,
        DisplayName = "Card (Cielo)",
        Version = "1.0.0",
        Methods = [PaymentMethod.Card],
        Countries = ["BR"],
        // BRL is Cielo's; USD is taken too (InfinitePay/JIM). Cielo publishes no amount limits.
        Currencies = ["BRL", "USD"],
        Capabilities = ConnectorCapabilities.Capture | ConnectorCapabilities.Cancel | ConnectorCapabilities.Refund
            | ConnectorCapabilities.PartialRefund | ConnectorCapabilities.Callbacks | ConnectorCapabilities.Polling
            | ConnectorCapabilities.Chargebacks,
        CallbackTrust = CallbackTrust.Unsigned,
        Account = CardOptions.Schema,
    };

    /// <inheritdoc />
    public ConnectorDescriptor Descriptor => ConnectorDescriptor;

    /// <inheritdoc />
    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => CardOptions.Validate(account);

    /// <inheritdoc />
    /// <remarks>The MerchantOrderId: the hub's id without its "_" ("pay01J9Z8…"), alphanumeric as Cielo requires.</remarks>
    public string NewProviderReference(string objectId) => CardMapping.Reference(objectId);

    /// <inheritdoc />
    public async Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request,
        CancellationToken cancellationToken)
    {
        var client = Client(context);
        context.Logger.Requesting(CardClient.Provider, "sale", request.ProviderReference, request.Amount, null, context.Account.Id);
        PaymentResult result;
        try
        {
            result = await CreateAsync(context, client, request, cancellationToken);
        }
        catch (UnknownProviderStatusException e)
        {
            // The sale exists in a state no map knows: reconciliation asks again (by MerchantOrderId, or the saved PaymentId).
            result = PaymentResult.Unknown($"Cielo's sale is in an undocumented Status '{e.ProviderStatus}'");
        }

        context.Logger.Outcome(CardClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request,
        CancellationToken cancellationToken)
    {
        var client = Client(context);
        var paymentId = CardData.Parse(request.ConnectorData)?.PaymentId ?? request.ProviderTransactionId;
        var result = paymentId is null
            ? await FindAsync(client, request.ProviderReference, request.Amount.Currency, cancellationToken)
            : await FetchAsync(client, paymentId, request.Amount.Currency, cancellationToken);
        context.Logger.Outcome(CardClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public CallbackParse ReadCallback(CallbackRequest request) => CardCallbacks.Read(request);

    /// <inheritdoc />
    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken)
    {
        var verification = CardCallbacks.Verify(context, request, objects);
        if (verification is CallbackVerification.Rejected rejected)
        {
            context.Logger.CallbackRejected(CardClient.Provider, rejected);
        }

        return Task.FromResult(verification);
    }

    /// <summary>
    /// A resumed create (its data says the POST may have gone) looks the sale up first and re-POSTs only when Cielo has
    /// none; a fresh one saves that it is posting, then POSTs once.
    /// </summary>
    private static async Task<PaymentResult> CreateAsync(ConnectorContext context, CardClient client, CreatePaymentRequest request,
        CancellationToken ct)
    {
        var currency = request.Amount.Currency;
        if (CardData.Parse(request.ConnectorData) is { } data)
        {
            var existing = data.PaymentId is { } known
                ? await FetchAsync(client, known, currency, ct)
                : await FindAsync(client, request.ProviderReference, currency, ct);
            // Only "Cielo has no sale under this MerchantOrderId" allows a POST; a known PaymentId always exists.
            if (existing.Outcome != OperationOutcome.NotFound || data.PaymentId is not null)
            {
                context.Logger.ExistingSale(request.ProviderReference, existing.Outcome.ToString());
                return existing;
            }
        }

        if (request.Card is not { } card)
        {
            return PaymentResult.Refused(new Failure(FailureCode.ProviderError,
                "The card details are needed to create a card payment (they are never kept for a retry).", null));
        }

        if (CardMapping.Brand(card.Number) is not { } brand)
        {
            return PaymentResult.Refused(new Failure(FailureCode.CardDeclined, "Cielo does not take this card's brand.", null));
        }

        if (request.ThreeDSecure && request.ReturnUrl is null)
        {
            return PaymentResult.Refused(new Failure(FailureCode.ProviderError,
                "3-D Secure needs a returnUrl to bring the payer back after authentication.", null));
        }

        await context.SaveDataAsync(new CardData { Stage = CardStage.Posting }.Serialize(), ct);
        var reply = await client.CreateSaleAsync(CardMapping.ToSale(request, card, brand), ct);
        return reply switch
        {
            { Ok: true, Data.Payment: { } payment } => CardMapping.FromSale(payment, currency),
            { Received: false } => TransportFailure.ToPaymentResult(CardClient.Provider, reply.NoReply!, true, ct),
            { Status: 400 } => PaymentResult.Refused(new Failure(FailureCode.ProviderError,
                "Cielo refused the sale's data.", reply.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "400")),
            { Status: 401 or 403 } => PaymentResult.Refused(new Failure(FailureCode.ProviderError,
                "Cielo refused the account's MerchantId or MerchantKey.", reply.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            // A 2xx without a readable sale, a 5xx, anything else: the sale may exist.
            _ => PaymentResult.Unknown($"Cielo answered {reply.Describe()} to the sale"),
        };
    }

    /// <summary>GET /1/sales/{PaymentId}: the mapped sale; 404 → not found.</summary>
    private static async Task<PaymentResult> FetchAsync(CardClient client, string paymentId, Currency currency, CancellationToken ct)
    {
        var reply = await client.GetSaleAsync(paymentId, ct);
        return reply switch
        {
            { Ok: true, Data.Payment: { } payment } => CardMapping.FromSale(payment, currency),
            { Received: false } => TransportFailure.ToPaymentResult(CardClient.Provider, reply.NoReply!, false, ct),
            { Status: 404 } => PaymentResult.NotFound("Cielo has no sale with this PaymentId"),
            _ => PaymentResult.Unknown($"Cielo answered {reply.Describe()} to the sale query"),
        };
    }

    /// <summary>GET /1/sales?merchantOrderId=: the latest sale under the reference, fetched; none → not found.</summary>
    private static async Task<PaymentResult> FindAsync(CardClient client, string merchantOrderId, Currency currency, CancellationToken ct)
    {
        var reply = await client.FindByOrderAsync(merchantOrderId, ct);
        if (reply is { Ok: true, Data.Payments: { Count: > 0 } payments } && payments[^1].PaymentId is { Length: > 0 } paymentId)
        {
            return await FetchAsync(client, paymentId, currency, ct);
        }

        return reply switch
        {
            { Ok: true } or { Status: 404 } => PaymentResult.NotFound("Cielo has no sale with this MerchantOrderId"),
            { Received: false } => TransportFailure.ToPaymentResult(CardClient.Provider, reply.NoReply!, false, ct),
            _ => PaymentResult.Unknown($"Cielo answered {reply.Describe()} to the MerchantOrderId query"),
        };
    }

    private static CardClient Client(ConnectorContext context) => new(context.HttpClient, CardOptions.From(context.Account));
}

/// <summary>What only the card connector logs; requests and outcomes go through the kit's ConnectorLog. Never card data.</summary>
internal static partial class CardLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Cielo create for {Reference} resumed: the sale was looked up before any new POST ({Outcome})")]
    public static partial void ExistingSale(this ILogger logger, string reference, string outcome);
}
