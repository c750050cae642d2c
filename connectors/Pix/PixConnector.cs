using Connectors.Abstractions;
using Connectors.Kit;
using Refit;

namespace Connectors.Pix;

/// <summary>
/// Pix through a receiving PSP's API Pix v2 (BCB standard): immediate charges (<c>cob</c>) paid by a dynamic BR Code,
/// cancel by PATCH, devoluções (partial, repeated) and PSP-specific payouts to a Pix key; OAuth2 client credentials,
/// mTLS by the account's client certificate (the hub's HTTP client presents it); a webhook that is only a hint. The
/// only state kept is per account: Refit clients, tokens, and which webhook was registered.
/// </summary>
public sealed partial class PixConnector : IConnector, ICancelConnector, IRefundConnector, IPayoutConnector
{
    internal const string Id = "pix";

    private static readonly ConnectorDescriptor ConnectorDescriptor = new()
    {
        Id = Id,
        DisplayName = "Pix",
        Version = "1.0.0",
        Methods = [PaymentMethod.Pix],
        Countries = ["BR"],
        Currencies = ["BRL"],
        // The API Pix publishes no amount limits (each payer's bank has its own).
        Capabilities = ConnectorCapabilities.Refund | ConnectorCapabilities.PartialRefund | ConnectorCapabilities.Payout
            | ConnectorCapabilities.Cancel | ConnectorCapabilities.Callbacks | ConnectorCapabilities.Polling,
        // The webhook body is not signed (production authenticates the PSP by mTLS): the hub re-reads every charge.
        CallbackTrust = CallbackTrust.Unsigned,
        Account = PixOptions.Schema,
    };

    private readonly RefitClients<IPixApi> _clients = new(RefitSettings.ForJsonContext(PixJsonContext.Default));
    private readonly AccessTokens _tokens = new(PixClient.Provider, TimeSpan.FromMinutes(5));
    private readonly PixWebhooks _webhooks = new();

    /// <inheritdoc />
    public ConnectorDescriptor Descriptor => ConnectorDescriptor;

    /// <inheritdoc />
    public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => PixOptions.Validate(account);

    /// <inheritdoc />
    /// <remarks>The hub's id without its underscore ("pay_01J9…" → "pay01J9…", 29 characters): a txid, a devolução id, an idEnvio.</remarks>
    public string NewProviderReference(string objectId) => PixMapping.Identifier(objectId, 26, 35);

    /// <inheritdoc />
    public async Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request,
        CancellationToken cancellationToken)
    {
        var client = Client(context);
        context.Logger.Requesting(PixClient.Provider, "cob", request.ProviderReference, request.Amount, null, context.Account.Id);
        PaymentResult result;
        try
        {
            result = Precheck(request) ?? await CreateAsync(client, request, cancellationToken);
        }
        catch (UnknownProviderStatusException e)
        {
            result = PaymentResult.Unknown($"the Pix charge is in an undocumented status '{e.ProviderStatus}'");
        }

        context.Logger.Outcome(PixClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request,
        CancellationToken cancellationToken)
    {
        var client = Client(context);
        var reply = await GetCobAsync(client, request.ProviderReference, cancellationToken);
        var result = reply switch
        {
            { Ok: true } => PixResults.FromCob(reply.Data!, client.Options, context.Clock.GetUtcNow(), PixData.Parse(request.ConnectorData)),
            { Status: 404 } => PaymentResult.NotFound("the PSP has no charge with this txid"),
            _ => PaymentResult.Unknown($"the PSP answered {reply.Describe()} to GET /cob"),
        };
        context.Logger.Outcome(PixClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    /// <remarks>PATCH /cob/{txid} to REMOVIDA_PELO_USUARIO_RECEBEDOR; a charge no longer ATIVA answers what it is now.</remarks>
    public async Task<PaymentResult> CancelPaymentAsync(ConnectorContext context, CancelPaymentRequest request,
        CancellationToken cancellationToken)
    {
        var client = Client(context);
        var txid = request.ProviderReference;
        var reply = await client.SendAsync(txid, (api, auth) => api.PatchCobAsync(txid, auth,
            new Dictionary<string, string> { ["status"] = PixStatusMap.RemovidaPeloUsuario }, cancellationToken),
            PixJsonContext.Default.PixCob, cancellationToken);
        var data = PixData.Parse(request.ConnectorData);
        var now = context.Clock.GetUtcNow();
        PaymentResult result;
        try
        {
            result = reply switch
            {
                { Ok: true } => PixResults.FromCob(reply.Data!, client.Options, now, data),
                { Status: 404 } => PaymentResult.NotFound("the PSP has no charge with this txid"),
                // Not ATIVA any more (paid a moment ago, removed): its status is the answer.
                { Status: 400 } => await StatusAfterAsync(client, txid, data, cancellationToken),
                { NoReply: not null } => TransportFailure.ToPaymentResult(PixClient.Provider, reply.NoReply, false, cancellationToken),
                _ => PaymentResult.Unknown($"the PSP answered {reply.Describe()} to the cancel"),
            };
        }
        catch (UnknownProviderStatusException e)
        {
            result = PaymentResult.Unknown($"after the cancel the charge is in an undocumented status '{e.ProviderStatus}'");
        }

        context.Logger.Outcome(PixClient.Provider, txid, result);
        return result;
    }

    /// <inheritdoc />
    public CallbackParse ReadCallback(CallbackRequest request) => PixWebhooks.Read(request);

    /// <inheritdoc />
    public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
        IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken)
    {
        var verification = PixWebhooks.Verify(context, request, objects);
        if (verification is CallbackVerification.Rejected rejected)
        {
            context.Logger.CallbackRejected(PixClient.Provider, rejected);
        }

        return Task.FromResult(verification);
    }

    private static PaymentResult? Precheck(CreatePaymentRequest request)
    {
        if (request.Amount.Currency != Currency.BRL || request.Method != PaymentMethod.Pix)
        {
            return PaymentResult.Refused(new Failure(FailureCode.ProviderError, "Pix takes BRL payments by Pix only.", null));
        }

        PixMapping.DevedorOf(request.Payer, out var problem);
        return problem is null ? null : PaymentResult.Refused(new Failure(FailureCode.InvalidAccount, $"Pix: {problem}.", null));
    }

    /// <summary>
    /// PUT /cob/{txid}, marked sent first. A resumed create reads the charge before writing: a PUT on a charge that was
    /// paid meanwhile would be refused, and a read costs nothing.
    /// </summary>
    private async Task<PaymentResult> CreateAsync(PixClient client, CreatePaymentRequest request, CancellationToken ct)
    {
        var context = client.Context;
        var txid = request.ProviderReference;
        if (await _webhooks.EnsureRegisteredAsync(client, ct) is { } noToken)
        {
            return NoToken(noToken);
        }

        var data = PixData.Parse(request.ConnectorData);
        if (data is { Sent: true })
        {
            context.Logger.ReadingFirst(txid, "resumed create");
            var found = await GetCobAsync(client, txid, ct);
            if (found.Ok)
            {
                return PixResults.FromCob(found.Data!, client.Options, context.Clock.GetUtcNow(), data);
            }

            if (found.Status != 404)
            {
                return found.NoReply is { } e
                    ? TransportFailure.ToPaymentResult(PixClient.Provider, e, true, ct)
                    : PaymentResult.Unknown($"the PSP answered {found.Describe()} reading the charge");
            }
        }

        data = new PixData { Sent = true };
        await context.SaveDataAsync(data.Serialize(), ct);
        var body = PixMapping.ToCob(request, client.Options, context.Clock.GetUtcNow());
        var reply = await client.SendAsync(txid, (api, auth) => api.PutCobAsync(txid, auth, body, ct), PixJsonContext.Default.PixCob, ct);
        return reply switch
        {
            { Ok: true } => PixResults.FromCob(reply.Data!, client.Options, context.Clock.GetUtcNow(), data),
            { TokenFailure: { } token } => NoToken(token),
            { NoReply: { } e } => TransportFailure.ToPaymentResult(PixClient.Provider, e, true, ct),
            // The fresh token was refused too, or the PSP throttled: not processed.
            { Status: 401 or 429 } => PaymentResult.NotSent($"the PSP answered {reply.Describe()} to the charge"),
            { Status: >= 500 } => PaymentResult.Unknown($"the PSP answered {reply.Describe()} to the charge"),
            { Status: >= 400 } => PaymentResult.Refused(PixStatusMap.ToFailure(reply.Code ?? $"HTTP_{reply.Status}")),
            _ => PaymentResult.Unknown($"the PSP's reply to the charge ({reply.Status}) could not be read"),
        };
    }

    private static PaymentResult NoToken(TokenResult token) => token.CredentialsRefused
        ? PaymentResult.Refused(FailureMessages.Failure(FailureCode.ProviderError, token.ErrorCode ?? "invalid_client"))
        : PaymentResult.NotSent(token.FailureDetail ?? "no Pix token");

    private static async Task<PaymentResult> StatusAfterAsync(PixClient client, string txid, PixData? data, CancellationToken ct)
    {
        var reply = await GetCobAsync(client, txid, ct);
        return reply.Ok
            ? PixResults.FromCob(reply.Data!, client.Options, client.Context.Clock.GetUtcNow(), data)
            : PaymentResult.Unknown($"the cancel was refused, then the PSP answered {reply.Describe()} reading the charge");
    }

    private static Task<PixReply<PixCob>> GetCobAsync(PixClient client, string txid, CancellationToken ct) =>
        client.SendAsync(txid, (api, auth) => api.GetCobAsync(txid, auth, ct), PixJsonContext.Default.PixCob, ct);

    private PixClient Client(ConnectorContext context) =>
        new(context, PixOptions.From(context.Account), _clients.For(context), _tokens);
}
