using Connectors.Abstractions;
using Connectors.Kit;
using Refit;

namespace Connectors.OrangeMoney;

/// <summary>
/// Orange Money Cameroon through the OM core merchant-payment API: collections by USSD PIN push (<c>mp</c>), payouts
/// and refunds by <c>cashin</c>. The hub creates one instance and calls it for every account; the only state it keeps
/// is the token cache and the Refit clients, keyed by account.
/// </summary>
public sealed partial class OrangeMoneyConnector : IConnector, IRefundConnector, IPayoutConnector
{
    internal const string Id = "orange_money";

    private static readonly ConnectorDescriptor ConnectorDescriptor = new()
    {
        Id = Id,
        DisplayName = "Orange Money Cameroon",
        Version = "1.0.0",
        Methods = [PaymentMethod.MobileMoney],
        Countries = ["CM"],
        // Orange publishes no amount limits: none declared.
        Currencies = ["XAF"],
        Capabilities = ConnectorCapabilities.Refund | ConnectorCapabilities.PartialRefund | ConnectorCapabilities.Payout
            | ConnectorCapabilities.Callbacks | ConnectorCapabilities.Polling,
        CallbackTrust = CallbackTrust.Unsigned,
        Account = OrangeMoneyOptions.Schema,
        // Orange Cameroon: 69x and 655–659.
        PhonePrefixes = ["23769", "237655", "237656", "237657", "237658", "237659"],
    };

    // WSO2 tokens live about 40 minutes (expires_in 2496): refreshed 5 minutes early.
    private readonly AccessTokens _tokens = new(OrangeMoneyClient.Provider, TimeSpan.FromMinutes(5));
    private readonly RefitClients<IOrangeMoneyApi> _clients = new(RefitSettings.ForJsonContext(OrangeMoneyJsonContext.Default));

    /// <inheritdoc />
    public ConnectorDescriptor Descriptor => ConnectorDescriptor;

    /// <inheritdoc />
    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => OrangeMoneyOptions.Validate(account);

    /// <inheritdoc />
    /// <remarks>
    /// Orange's orderId is the hub's own id: it is unique per object and the same on every retry. Orange's own handle,
    /// the payToken, only exists after mp/init; it is kept in the object's connector data.
    /// </remarks>
    public string NewProviderReference(string objectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        return objectId;
    }

    /// <inheritdoc />
    public async Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request,
        CancellationToken cancellationToken)
    {
        var reference = request.ProviderReference;
        if (Unsendable(request.Amount, request.Payer.Phone, "payer") is { } refusal)
        {
            return PaymentResult.Refused(refusal);
        }

        var client = CreateClient(context);
        var msisdn = OrangeMoneyMapping.ToLocalMsisdn(request.Payer.Phone)!;
        var notifUrl = OrangeMoneyMapping.ToNotifUrl(context.CallbackUrl, CallbackSubject.Payment, reference);
        context.Logger.Requesting(OrangeMoneyClient.Provider, "payment (mp)", reference, request.Amount, request.Payer.Phone,
            context.Account.Id);
        var answer = await OrangeMoneyFlow.CreateAsync(client, new OrangeMoneyCreate(OrangeMoneyFlow.Collection, reference,
            request.ConnectorData, payToken => OrangeMoneyMapping.ToPayRequest(client.Options, notifUrl, request.Amount, msisdn,
                reference, request.Description, payToken)), cancellationToken);

        PaymentResult result;
        try
        {
            result = OrangeMoneyMapping.ToPaymentResult(answer, request.Payer.Phone);
        }
        catch (UnknownProviderStatusException e)
        {
            result = PaymentResult.Unknown($"Orange answered an undocumented status '{e.ProviderStatus}'")
                with { ConnectorData = answer.PayToken is { } token ? OrangeMoneyMapping.ToData(token) : null };
        }

        context.Logger.Outcome(OrangeMoneyClient.Provider, reference, result);
        return result;
    }

    /// <inheritdoc />
    /// <remarks>An undocumented status throws <see cref="UnknownProviderStatusException"/> (the hub logs it and reconciles).</remarks>
    public async Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request,
        CancellationToken cancellationToken)
    {
        var reference = request.ProviderReference;
        if (OrangeMoneyMapping.PayTokenOf(request.ConnectorData) is not { } payToken)
        {
            // No payToken was saved, so mp/pay never left: Orange cannot know this payment.
            return PaymentResult.NotFound("no Orange payToken was saved for this payment: it was never pushed");
        }

        var answer = await OrangeMoneyFlow.QueryAsync(CreateClient(context), OrangeMoneyFlow.Collection, reference, payToken,
            cancellationToken);
        var result = OrangeMoneyMapping.ToPaymentResult(answer, null);
        context.Logger.Outcome(OrangeMoneyClient.Provider, reference, result);
        return result;
    }

    /// <inheritdoc />
    public CallbackParse ReadCallback(CallbackRequest request) => OrangeMoneyCallbacks.Read(request);

    /// <inheritdoc />
    /// <remarks>Orange signs nothing: a notification whose payToken is the object's is a <see cref="CallbackVerification.Hint"/>.</remarks>
    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken)
    {
        var verification = OrangeMoneyCallbacks.Verify(request, objects);
        if (verification is CallbackVerification.Rejected rejected)
        {
            context.Logger.CallbackRejected(OrangeMoneyClient.Provider, rejected);
        }

        return Task.FromResult(verification);
    }

    /// <summary>Why nothing can be sent (not XAF, no Cameroon phone), or null.</summary>
    private static Failure? Unsendable(Money amount, string? phone, string who)
    {
        if (amount.Currency != Currency.XAF)
        {
            return FailureMessages.Failure(FailureCode.ProviderError, $"UNSUPPORTED_CURRENCY_{amount.Currency.Code}") with
            {
                Message = "Orange Money Cameroon settles XAF only.",
            };
        }

        return OrangeMoneyMapping.ToLocalMsisdn(phone) is null
            ? new Failure(FailureCode.InvalidAccount, $"Orange Money needs the {who}'s Cameroon number (+2376XXXXXXXX).", null)
            : null;
    }

    private OrangeMoneyClient CreateClient(ConnectorContext context) =>
        new(context, OrangeMoneyOptions.From(context.Account), _clients.For(context), _tokens);
}
