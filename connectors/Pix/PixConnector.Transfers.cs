using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Pix;

// Devoluções (refunds of the received Pix, by its endToEndId) and payouts to a Pix key. Both are PUTs keyed by our id,
// marked sent before they go; a retry reads first, since a reused devolução id is refused (400 PixDevolucaoInvalida).
public sealed partial class PixConnector
{
    /// <inheritdoc />
    public async Task<TransferResult> RefundAsync(ConnectorContext context, RefundRequest request, CancellationToken cancellationToken)
    {
        var client = Client(context);
        context.Logger.Requesting(PixClient.Provider, "devolucao", request.ProviderReference, request.Amount, null, context.Account.Id);
        var data = PixData.Parse(request.ConnectorData);
        var e2e = data?.EndToEndId ?? request.PaymentProviderTransactionId ?? PixData.Parse(request.PaymentConnectorData)?.EndToEndId;
        TransferResult result;
        try
        {
            if (e2e is null)
            {
                var (found, stop) = await EndToEndIdAsync(client, request.PaymentProviderReference, cancellationToken);
                e2e = found;
                result = stop ?? await DevolveAsync(client, request, e2e!, data, cancellationToken);
            }
            else
            {
                result = await DevolveAsync(client, request, e2e, data, cancellationToken);
            }
        }
        catch (UnknownProviderStatusException e)
        {
            result = Undocumented(e);
        }

        context.Logger.Outcome(PixClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<TransferResult> GetRefundStatusAsync(ConnectorContext context, TransferStatusRequest request,
        CancellationToken cancellationToken)
    {
        var client = Client(context);
        var data = PixData.Parse(request.ConnectorData);
        var e2e = data?.EndToEndId ?? request.PaymentProviderTransactionId;
        TransferResult? stop = null;
        if (e2e is null && request.PaymentProviderReference is { } txid)
        {
            (e2e, stop) = await EndToEndIdAsync(client, txid, cancellationToken);
        }

        TransferResult result;
        try
        {
            result = stop ?? (e2e is null
                ? TransferResult.NotFound("the refunded Pix (endToEndId) is not known")
                : Refund(await GetDevolucaoAsync(client, e2e, request.ProviderReference, cancellationToken), e2e, "GET devolucao"));
        }
        catch (UnknownProviderStatusException e)
        {
            result = Undocumented(e);
        }

        context.Logger.Outcome(PixClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<TransferResult> CreatePayoutAsync(ConnectorContext context, PayoutRequest request, CancellationToken cancellationToken)
    {
        var client = Client(context);
        context.Logger.Requesting(PixClient.Provider, "envio", request.ProviderReference, request.Amount, null, context.Account.Id);
        TransferResult result;
        try
        {
            result = await SendPayoutAsync(client, request, cancellationToken);
        }
        catch (UnknownProviderStatusException e)
        {
            result = Undocumented(e);
        }

        context.Logger.Outcome(PixClient.Provider, request.ProviderReference, result);
        return result;
    }

    /// <inheritdoc />
    public async Task<TransferResult> GetPayoutStatusAsync(ConnectorContext context, TransferStatusRequest request,
        CancellationToken cancellationToken)
    {
        var client = Client(context);
        TransferResult result;
        try
        {
            result = Payout(await GetEnvioAsync(client, request.ProviderReference, cancellationToken), "GET envio");
        }
        catch (UnknownProviderStatusException e)
        {
            result = Undocumented(e);
        }

        context.Logger.Outcome(PixClient.Provider, request.ProviderReference, result);
        return result;
    }

    private static async Task<TransferResult> DevolveAsync(PixClient client, RefundRequest request, string e2e, PixData? data,
        CancellationToken ct)
    {
        var id = request.ProviderReference;
        if (data is { Sent: true })
        {
            client.Context.Logger.ReadingFirst(id, "resumed devolução");
            var found = await GetDevolucaoAsync(client, e2e, id, ct);
            if (found.Status != 404)
            {
                return Refund(found, e2e, "GET devolucao");
            }
        }

        var sent = new PixData { Sent = true, EndToEndId = e2e };
        await client.Context.SaveDataAsync(sent.Serialize(), ct);
        var body = new PixDevolucaoRequest
        {
            Valor = PixMapping.Valor(request.Amount),
            Descricao = request.Reason is { Length: > 0 } reason ? reason[..Math.Min(reason.Length, PixMapping.MaxSolicitacao)] : null,
        };
        var reply = await client.SendAsync(id, (api, auth) => api.PutDevolucaoAsync(e2e, id, auth, body, ct),
            PixJsonContext.Default.PixDevolucao, ct);
        if (reply is { Status: 400, Code: "PixDevolucaoInvalida" })
        {
            // Our id already taken (a retry whose data was lost) is ours; otherwise the refund is refused.
            var found = await GetDevolucaoAsync(client, e2e, id, ct);
            return found.Ok ? Refund(found, e2e, "GET devolucao") : Failed(PixStatusMap.ToFailure(reply.Code), sent);
        }

        return Refund(reply, e2e, "PUT devolucao", moneyMoving: true);
    }

    private static TransferResult Refund(PixReply<PixDevolucao> reply, string e2e, string what, bool moneyMoving = false)
    {
        var data = new PixData { Sent = true, EndToEndId = e2e };
        if (reply.Ok)
        {
            var status = PixStatusMap.ToRefundStatus(reply.Data!.Status);
            return TransferResult.Known(status, reply.Data.Status,
                status == TransferStatus.Failed ? PixStatusMap.NotDone("refund") : null, reply.Data.RtrId) with
            {
                ConnectorData = data.Serialize(),
            };
        }

        return Unanswered(reply, what, moneyMoving, data);
    }

    private static async Task<TransferResult> SendPayoutAsync(PixClient client, PayoutRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Recipient.PixKey) || request.Amount.Currency != Currency.BRL)
        {
            return TransferResult.Known(TransferStatus.Failed, failure: new Failure(FailureCode.InvalidAccount,
                "A Pix payout needs the recipient's Pix key (recipient.pixKey) and a BRL amount.", null));
        }

        var id = request.ProviderReference;
        if (PixData.Parse(request.ConnectorData) is { Sent: true })
        {
            client.Context.Logger.ReadingFirst(id, "resumed payout");
            var found = await GetEnvioAsync(client, id, ct);
            if (found.Status != 404)
            {
                return Payout(found, "GET envio");
            }
        }

        await client.Context.SaveDataAsync(new PixData { Sent = true }.Serialize(), ct);
        var body = new PixEnvioRequest
        {
            Valor = PixMapping.Valor(request.Amount),
            Pagador = new PixChave { Chave = client.Options.PixKey },
            Favorecido = new PixChave { Chave = request.Recipient.PixKey.Trim() },
        };
        return Payout(await client.SendAsync(id, (api, auth) => api.PutEnvioAsync(id, auth, body, ct), PixJsonContext.Default.PixEnvio, ct),
            "PUT envio", moneyMoving: true);
    }

    private static TransferResult Payout(PixReply<PixEnvio> reply, string what, bool moneyMoving = false)
    {
        var data = new PixData { Sent = true };
        if (reply.Ok)
        {
            var status = PixStatusMap.ToPayoutStatus(reply.Data!.Status);
            return TransferResult.Known(status, reply.Data.Status,
                status == TransferStatus.Failed ? PixStatusMap.NotDone("payout") : null, reply.Data.E2eId) with
            {
                ConnectorData = (data with { EndToEndId = reply.Data.E2eId }).Serialize(),
            };
        }

        return Unanswered(reply, what, moneyMoving, data);
    }

    /// <summary>A transfer call without a usable 2xx: not sent, unknown, not found or refused, by what came back.</summary>
    private static TransferResult Unanswered<T>(PixReply<T> reply, string what, bool moneyMoving, PixData data)
        where T : class
    {
        var result = reply switch
        {
            { TokenFailure: { CredentialsRefused: true } token } =>
                Failed(FailureMessages.Failure(FailureCode.ProviderError, token.ErrorCode ?? "invalid_client"), data),
            { TokenFailure: { } token } => TransferResult.NotSent(token.FailureDetail ?? "no Pix token"),
            { NoReply: { } e } => TransportFailure.ToTransferResult(PixClient.Provider, e, moneyMoving, CancellationToken.None),
            { Status: 401 or 429 } when moneyMoving => TransferResult.NotSent($"the PSP answered {reply.Describe()} to {what}"),
            { Status: 404 } when !moneyMoving => TransferResult.NotFound($"the PSP answered 404 to {what}"),
            { Status: >= 400 and < 500 } when moneyMoving => Failed(PixStatusMap.ToFailure(reply.Code ?? $"HTTP_{reply.Status}"), data),
            _ => TransferResult.Unknown($"the PSP answered {reply.Describe()} to {what}"),
        };
        return result;
    }

    // A status no map knows: left to reconciliation, never guessed.
    private static TransferResult Undocumented(UnknownProviderStatusException e) =>
        TransferResult.Unknown($"the PSP answered an undocumented status '{e.ProviderStatus}'");

    private static TransferResult Failed(Failure failure, PixData data) =>
        TransferResult.Known(TransferStatus.Failed, failure: failure) with { ConnectorData = data.Serialize() };

    /// <summary>The endToEndId of a charge's received Pix, read from the PSP; or why there is none.</summary>
    private static async Task<(string? EndToEndId, TransferResult? Stop)> EndToEndIdAsync(PixClient client, string txid, CancellationToken ct)
    {
        var reply = await GetCobAsync(client, txid, ct);
        if (reply.Ok && PixMapping.Received(reply.Data!)?.EndToEndId is { Length: > 0 } e2e)
        {
            return (e2e, null);
        }

        return (null, reply.Ok
            ? TransferResult.Known(TransferStatus.Failed, failure: new Failure(FailureCode.ProviderError,
                "The Pix charge has received no Pix to refund.", reply.Data!.Status))
            : TransferResult.NotSent($"the refunded charge could not be read ({reply.Describe()})"));
    }

    private static Task<PixReply<PixDevolucao>> GetDevolucaoAsync(PixClient client, string e2e, string id, CancellationToken ct) =>
        client.SendAsync(id, (api, auth) => api.GetDevolucaoAsync(e2e, id, auth, ct), PixJsonContext.Default.PixDevolucao, ct);

    private static Task<PixReply<PixEnvio>> GetEnvioAsync(PixClient client, string id, CancellationToken ct) =>
        client.SendAsync(id, (api, auth) => api.GetEnvioAsync(id, auth, ct), PixJsonContext.Default.PixEnvio, ct);
}
