using Connectors.Abstractions;
using Connectors.Kit;
using Refit;

namespace Connectors.Airtel;

/// <summary>
/// Airtel Money (Rwanda) through Airtel's Open API: collections by USSD push, full refunds, disbursements with the
/// encrypted PIN, KYC lookups. The hub creates one instance and calls it for every account; the only state it keeps is
/// the token cache and the Refit clients, keyed by account.
/// </summary>
public sealed partial class AirtelConnector : IConnector, IRefundConnector, IPayoutConnector, IAccountHolderConnector
{
    internal const string Id = "airtel_money";

    private static readonly ConnectorDescriptor ConnectorDescriptor = new()
    {
        Id = Id,
        DisplayName = "Airtel Money",
        Version = "1.0.0",
        Methods = [PaymentMethod.MobileMoney],
        Countries = ["RW"],
        // Airtel publishes no amount limits: none declared.
        Currencies = ["RWF"],
        // Refunds are full only (no amount on the wire): PartialRefund is not declared, so the hub refuses a partial one
        // before any call. No cancel, no capture.
        Capabilities = ConnectorCapabilities.Refund | ConnectorCapabilities.Payout | ConnectorCapabilities.AccountHolder
            | ConnectorCapabilities.Callbacks | ConnectorCapabilities.Polling,
        // The hash is checked (a bad one is refused), but the callback has no amount and PROVIDERS §5.3 re-queries
        // anyway: the hub applies only what the status query answers.
        CallbackTrust = CallbackTrust.Unsigned,
        Account = AirtelOptions.Schema,
        // Airtel Rwanda: 072 and 073.
        PhonePrefixes = ["25072", "25073"],
    };

    // Airtel's tokens live 180 s ("expires_in":"180"): refreshed 30 s early.
    private readonly AccessTokens _tokens = new(AirtelClient.Provider, TimeSpan.FromSeconds(30));
    private readonly RefitClients<IAirtelApi> _clients = new(RefitSettings.ForJsonContext(AirtelJsonContext.Default));
    private readonly AirtelCallbackVerifier _verifier = new();

    /// <inheritdoc />
    public ConnectorDescriptor Descriptor => ConnectorDescriptor;

    /// <inheritdoc />
    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => AirtelOptions.Validate(account);

    /// <inheritdoc />
    public IReadOnlyList<string> AccountCurrencies(ConnectorAccount account) =>
        [account.SettingOrDefault(AirtelOptions.CurrencyField)!];

    /// <inheritdoc />
    /// <remarks>Airtel's transaction.id is the hub's own id: unique per object, the same on every retry (ESB000041).</remarks>
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
        var client = CreateClient(context);
        if (Unsendable(client.Options, request.Amount, request.Payer.Phone, "payer") is { } refusal)
        {
            return PaymentResult.Refused(refusal);
        }

        var body = AirtelMapping.ToCollection(request, client.Options, AirtelMapping.ToMsisdn(request.Payer.Phone)!);
        context.Logger.Requesting(AirtelClient.Provider, "collection", reference, request.Amount, request.Payer.Phone, context.Account.Id);
        var options = client.Options;
        var call = await client.SendAsync(reference, (api, token) => api.CollectAsync(options.CollectionVersion, token,
            options.Country, options.Currency, body, cancellationToken), cancellationToken);

        PaymentResult result;
        try
        {
            result = call switch
            {
                { TokenFailure: { } failure } => failure.CredentialsRefused
                    ? PaymentResult.Refused(new Failure(FailureCode.ProviderError, "Airtel refused the account's credentials.",
                        failure.ErrorCode ?? "invalid_client"))
                    : PaymentResult.NotSent(failure.FailureDetail ?? "no Airtel token"),
                { NoReply: { } e } => TransportFailure.ToPaymentResult(AirtelClient.Provider, e, notSentAllowed: true, cancellationToken),
                _ => AirtelMapping.Classify(call) switch
                {
                    CreateReply.Accepted => AirtelMapping.ToPaymentResult(call, request.Payer.Phone),
                    // The id was taken before (a resend after a crash or a lost reply): its status is the answer.
                    CreateReply.Duplicate => await ExistingAsync(client, reference, request.Payer.Phone, cancellationToken),
                    CreateReply.NotTaken => PaymentResult.NotSent($"Airtel did not take the push ({call.Describe()})"),
                    CreateReply.Refused when AirtelMapping.ToRefusal(call) is { } failure => PaymentResult.Refused(failure,
                        call.Transaction?.Status ?? call.ResultCode),
                    _ => PaymentResult.Unknown($"Airtel answered {call.Describe()} to the push"),
                },
            };
        }
        catch (UnknownProviderStatusException e)
        {
            result = PaymentResult.Unknown($"Airtel answered an undocumented status '{e.ProviderStatus}'");
        }

        context.Logger.Outcome(AirtelClient.Provider, reference, result);
        return result;
    }

    /// <inheritdoc />
    /// <remarks>An undocumented status throws <see cref="UnknownProviderStatusException"/> (the hub logs it and reconciles).</remarks>
    public async Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request,
        CancellationToken cancellationToken)
    {
        var result = await QueryAsync(CreateClient(context), request.ProviderReference, null, cancellationToken);
        context.Logger.Outcome(AirtelClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public CallbackParse ReadCallback(CallbackRequest request) => AirtelCallbacks.Read(request);

    /// <inheritdoc />
    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken)
    {
        var verification = AirtelCallbacks.Verify(_verifier, context, request);
        if (verification is CallbackVerification.Rejected rejected)
        {
            context.Logger.CallbackRejected(AirtelClient.Provider, rejected);
        }

        return Task.FromResult(verification);
    }

    /// <summary>GET /standard/v1/payments/{id}.</summary>
    private static async Task<PaymentResult> QueryAsync(AirtelClient client, string reference, string? phone,
        CancellationToken cancellationToken)
    {
        var options = client.Options;
        var call = await client.SendAsync(reference, (api, token) => api.PaymentStatusAsync(reference, token, options.Country,
            options.Currency, cancellationToken), cancellationToken);
        return call switch
        {
            { TokenFailure: { } failure } => PaymentResult.Unknown(failure.FailureDetail ?? "no Airtel token"),
            { NoReply: { } e } => TransportFailure.ToPaymentResult(AirtelClient.Provider, e, notSentAllowed: false, cancellationToken),
            { IsNotFound: true } => PaymentResult.NotFound($"Airtel has no such transaction ({call.Describe()})"),
            { Succeeded: true } => AirtelMapping.ToPaymentResult(call, phone),
            _ => PaymentResult.Unknown($"Airtel answered {call.Describe()} to the status query"),
        };
    }

    /// <summary>After ESB000041: the existing transaction's status; never a second push.</summary>
    private static async Task<PaymentResult> ExistingAsync(AirtelClient client, string reference, string? phone,
        CancellationToken cancellationToken)
    {
        var existing = await QueryAsync(client, reference, phone, cancellationToken);
        return existing.Outcome == OperationOutcome.Completed
            ? existing
            : PaymentResult.Unknown($"Airtel already has this transaction id (ESB000041) but its status is not known: {existing.Detail}");
    }

    /// <summary>Why nothing can be sent (another currency than the account's, no Rwandan mobile number), or null.</summary>
    private static Failure? Unsendable(AirtelOptions options, Money amount, string? phone, string who)
    {
        if (!string.Equals(amount.Currency.Code, options.Currency, StringComparison.Ordinal))
        {
            return new Failure(FailureCode.ProviderError, $"This Airtel Money account settles {options.Currency} only.",
                $"UNSUPPORTED_CURRENCY_{amount.Currency.Code}");
        }

        return AirtelMapping.ToMsisdn(phone) is null
            ? new Failure(FailureCode.InvalidAccount, $"Airtel Money needs the {who}'s Rwandan mobile number (+2507XXXXXXXX).", null)
            : null;
    }

    private AirtelClient CreateClient(ConnectorContext context) =>
        new(context, AirtelOptions.From(context.Account), _clients.For(context), _tokens);
}
