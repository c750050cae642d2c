using Connectors.Abstractions;
using Connectors.Kit;
using Refit;

namespace Connectors.Acme;

/// <summary>
/// Acme mobile-money collections: a charge per payment (API key auth), its status by our reference, and signed
/// callbacks once it is final. No refund, payout, cancel or capture. The only state kept is the Refit client per account.
/// </summary>
public sealed class AcmeConnector : IConnector
{
    internal const string Id = "acme_id";

    private static readonly Currency Xaf = Currency.FromCode("XAF");

    private static readonly ConnectorDescriptor ConnectorDescriptor = new()
    {
        Id = Id,
        DisplayName = "Acme",
        Version = "0.1.0",
        Methods = [PaymentMethod.MobileMoney],
        Countries = ["CM"],
        Currencies = ["XAF"],
        Limits = [new CurrencyLimit(Xaf, new Money(100, Xaf), new Money(1_000_000, Xaf))],
        Capabilities = ConnectorCapabilities.Callbacks | ConnectorCapabilities.Polling,
        CallbackTrust = CallbackTrust.Signed,
        Account = AcmeOptions.Schema,
    };

    private readonly RefitClients<IAcmeApi> _clients = new(RefitSettings.ForJsonContext(AcmeJsonContext.Default));
    private readonly AcmeCallbackVerifier _verifier = new();

    /// <inheritdoc />
    public ConnectorDescriptor Descriptor => ConnectorDescriptor;

    /// <inheritdoc />
    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => CallbackSecrets.Validate(account);

    /// <inheritdoc />
    /// <remarks>The hub's payment id itself: Acme's reference is ours to choose, unique per account and readable back.</remarks>
    public string NewProviderReference(string objectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        return objectId;
    }

    /// <inheritdoc />
    public async Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request,
        CancellationToken cancellationToken)
    {
        context.Logger.Requesting(AcmeClient.Provider, "charge", request.ProviderReference, request.Amount, request.Payer.Phone,
            context.Account.Id);
        var result = await CreateAsync(context, request, cancellationToken);
        context.Logger.Outcome(AcmeClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request,
        CancellationToken cancellationToken)
    {
        var reply = await Client(context).GetAsync(request.ProviderReference, cancellationToken);
        var result = FromStatusReply(reply, null, cancellationToken);
        context.Logger.Outcome(AcmeClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public CallbackParse ReadCallback(CallbackRequest request) => AcmeCallbacks.Read(request);

    /// <inheritdoc />
    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken)
    {
        var verification = AcmeCallbacks.Verify(_verifier, context, request, objects);
        if (verification is CallbackVerification.Rejected rejected)
        {
            context.Logger.CallbackRejected(AcmeClient.Provider, rejected);
        }

        return Task.FromResult(verification);
    }

    private async Task<PaymentResult> CreateAsync(ConnectorContext context, CreatePaymentRequest request, CancellationToken ct)
    {
        if (request.Payer.Phone is not { Length: > 1 } phone)
        {
            return PaymentResult.Refused(AcmeStatusMap.ToFailure("PAYER_NOT_FOUND") with { Message = "Acme needs the payer's phone number." });
        }

        var client = Client(context);
        var reply = await client.CreateAsync(new AcmeChargeRequest
        {
            Reference = request.ProviderReference,
            Amount = request.Amount.Minor,
            Currency = request.Amount.Currency.Code,
            Phone = phone.TrimStart('+'),
            Description = request.Description,
            CallbackUrl = context.CallbackUrl.ToString(),
        }, ct);
        return reply switch
        {
            { Ok: true } => Map(reply.Charge!, phone),
            // The reference is idempotent at Acme: a resend after a lost reply finds the first charge instead of a second.
            { Status: 409, ErrorCode: "DUPLICATE_REFERENCE" } => FromStatusReply(await client.GetAsync(request.ProviderReference, ct), phone, ct),
            // Never sent, or refused before anything was charged: the retry may resend under the same reference.
            { Received: false } => TransportFailure.ToPaymentResult(AcmeClient.Provider, reply.NoReply!, notSentAllowed: true, ct),
            { Status: 400 or 402 or 422, ErrorCode: { } code } => PaymentResult.Refused(AcmeStatusMap.ToFailure(code)),
            // A 5xx or an answer without a business code: Acme may have taken it, the hub reconciles.
            _ => PaymentResult.Unknown($"Acme answered {reply.Describe()} to the charge"),
        };
    }

    private static PaymentResult FromStatusReply(AcmeReply reply, string? phone, CancellationToken ct) => reply switch
    {
        { Ok: true } => Map(reply.Charge!, phone),
        { Received: false } => TransportFailure.ToPaymentResult(AcmeClient.Provider, reply.NoReply!, notSentAllowed: false, ct),
        { Status: 404 } => PaymentResult.NotFound("Acme has no charge with this reference"),
        _ => PaymentResult.Unknown($"Acme answered {reply.Describe()} to the status query"),
    };

    private static PaymentResult Map(AcmeCharge charge, string? phone)
    {
        try
        {
            return AcmeStatusMap.ToResult(charge, phone);
        }
        catch (UnknownProviderStatusException e)
        {
            return PaymentResult.Unknown($"Acme answered an undocumented status '{e.ProviderStatus}'");
        }
    }

    private AcmeClient Client(ConnectorContext context) => new(_clients.For(context), AcmeOptions.From(context.Account).ApiKey);
}
