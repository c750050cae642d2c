using Connectors.Abstractions;
using Hub.Common;
using Hub.Idempotency;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Providers;
using Hub.Refunds;
using Hub.Routing;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Hub.Payouts;

/// <summary>
/// Payouts (API.md Payouts), the transfer rule of PROVIDERS.md §1: the payout and its reference are committed before
/// the provider hears of it; the provider is called once; a retry with the same Idempotency-Key finds the payout and
/// sends it again only when the first call certainly never left (<see cref="PayoutSendStates.NotSent"/>). An unknown
/// outcome is processing and reconciled — never re-sent — as refunds are.
/// </summary>
[ScopedService]
internal sealed partial class PayoutService(
    HubDbContext db,
    MerchantScope scope,
    RouteSelector routes,
    ConnectorRegistry registry,
    ConnectorInvoker invoker,
    TransferStateMachine transfers,
    TimeProvider clock,
    ILogger<PayoutService> logger)
{
    private const int MaxAttempts = 3;

    public async Task<Result<PayoutResponse>> CreateAsync(BodyReader body, IdempotencyKey key, CancellationToken ct)
    {
        var read = NewPayoutReader.Read(body);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var request = read.Value!;
        var existing = await db.Payouts.AsNoTracking().FirstOrDefaultAsync(p => p.IdempotencyKey == key.Value, ct);
        if (existing is not null)
        {
            if (existing.Amount != request.Amount.Minor || existing.Currency != request.Amount.Currency.Code
                || existing.RecipientPhone != request.Phone || existing.RecipientPixKey != request.PixKey)
            {
                return ApiError.IdempotencyKeyReused();
            }

            return existing.SendState == PayoutSendStates.NotSent && existing.Status == TransferStatus.Pending
                ? await SendAsync(existing, CancellationToken.None)
                : PayoutResponses.ToResponse(existing);
        }

        var route = await routes.SelectAsync(new RouteRequest(request.Amount, request.Method, request.Provider,
            request.Country, request.Phone) { Needs = ConnectorCapabilities.Payout }, ct);
        if (!route.IsSuccess)
        {
            return route.Error!;
        }

        var (connector, account) = (route.Value!.Connector, route.Value.Account);
        var now = clock.GetUtcNow();
        var id = PublicId.NewGuid(clock);
        var payout = new PayoutRow
        {
            Id = id,
            MerchantId = scope.MerchantId!.Value,
            Livemode = scope.Livemode,
            Amount = request.Amount.Minor,
            Currency = request.Amount.Currency.Code,
            Method = request.Method,
            Provider = connector.Descriptor.Id,
            ConnectorAccountId = account.Id,
            ConnectorVersion = connector.Descriptor.Version,
            ProviderReference = connector.Connector.NewProviderReference(PublicId.Format(PublicId.Payout, id)),
            RecipientPhone = request.Phone,
            RecipientPixKey = request.PixKey,
            RecipientName = request.Name,
            Description = request.Description,
            ExternalId = request.ExternalId,
            Metadata = request.Metadata,
            IdempotencyKey = key.Value,
            CreatedAt = now,
            UpdatedAt = now,
        };
        transfers.Start(payout);
        db.Payouts.Add(payout);
        await db.SaveChangesAsync(ct); // recovery point: the payout and its reference exist before the provider hears of it

        // From here on the client's disconnect must not cut the provider call or the recording of its answer.
        return await SendAsync(payout, CancellationToken.None);
    }

    public async Task<Result<PayoutResponse>> GetAsync(string id, CancellationToken ct) =>
        PublicId.TryParse(PublicId.Payout, id, out var guid) && await db.Payouts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == guid, ct) is { } payout
            ? PayoutResponses.ToResponse(payout)
            : ApiError.NotFound($"No payout {id}.");

    public async Task<Result<Page<PayoutResponse>>> ListAsync(HttpRequest request, CancellationToken ct)
    {
        var page = PageRequest.From(request);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        IQueryable<PayoutRow> query = db.Payouts.AsNoTracking();
        if (request.Query["status"].ToString() is { Length: > 0 } statusText)
        {
            var statuses = TransferStatusNames.ParseFilter(statusText, "payout", errors);

            query = query.Where(p => statuses.Contains(p.Status));
        }

        if (request.Query["provider"].ToString() is { Length: > 0 } provider)
        {
            query = query.Where(p => p.Provider == provider);
        }

        if (request.Query["externalId"].ToString() is { Length: > 0 } externalId)
        {
            query = query.Where(p => p.ExternalId == externalId);
        }

        var (gte, lte) = ListFilters.CreatedRange(request, errors);
        if (gte is { } from)
        {
            query = query.Where(p => p.CreatedAt >= from);
        }

        if (lte is { } to)
        {
            query = query.Where(p => p.CreatedAt <= to);
        }

        if (errors.Count > 0)
        {
            return ApiError.Validation(errors);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip(page.Value!.Skip).Take(page.Value.PageSize).ToListAsync(ct);
        return new Page<PayoutResponse>([.. rows.Select(PayoutResponses.ToResponse)], page.Value, total);
    }

    /// <summary>Asks the provider for a payout's status and applies the answer (the reconciler's and callbacks' step).</summary>
    public async Task<PayoutRow?> SyncAsync(Guid payoutId, CancellationToken ct)
    {
        var payout = await db.Payouts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == payoutId, ct);
        if (payout is null || TransferStatusNames.IsFinal(payout.Status) || !registry.TryGet(payout.Provider, out var connector))
        {
            return payout;
        }

        var account = await db.ConnectorAccounts.IgnoreQueryFilters().AsNoTracking().FirstAsync(a => a.Id == payout.ConnectorAccountId, ct);
        var result = await invoker.GetPayoutStatusAsync(connector, account, new TransferStatusRequest
        {
            Id = PublicId.Format(PublicId.Payout, payout.Id),
            ProviderReference = payout.ProviderReference,
            ProviderTransactionId = payout.ProviderTransactionId,
            Amount = payout.ToMoney(),
            ConnectorData = payout.ConnectorData,
        }, ct);
        var applied = await ApplyAsync(payoutId, p => transfers.Apply(p, result), ct);
        return applied?.Payout ?? payout;
    }

    /// <summary>Changes a payout in one transaction with the events it writes; a concurrent writer makes it decide again.</summary>
    public async Task<(PayoutRow Payout, bool Moved)?> ApplyAsync(Guid payoutId, Func<PayoutRow, bool> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var payout = await db.Payouts.IgnoreQueryFilters().FirstOrDefaultAsync(p => p.Id == payoutId, ct);
            if (payout is null)
            {
                return null;
            }

            var moved = change(payout);
            try
            {
                await db.SaveChangesAsync(ct);
                return (payout, moved);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // A callback or the reconciler changed it meanwhile: read it again and decide again.
            }
        }
    }

    private async Task<Result<PayoutResponse>> SendAsync(PayoutRow payout, CancellationToken ct)
    {
        var id = PublicId.Format(PublicId.Payout, payout.Id);
        if (!registry.TryGet(payout.Provider, out var connector))
        {
            return ApiError.ProviderUnavailable($"The {payout.Provider} connector is not loaded on this hub.");
        }

        var account = await db.ConnectorAccounts.IgnoreQueryFilters().AsNoTracking().FirstAsync(a => a.Id == payout.ConnectorAccountId, ct);
        var request = new PayoutRequest
        {
            PayoutId = id,
            ProviderReference = payout.ProviderReference,
            Amount = payout.ToMoney(),
            Method = payout.Method,
            Recipient = new PayoutRecipient { Phone = payout.RecipientPhone, PixKey = payout.RecipientPixKey, Name = payout.RecipientName },
            Description = payout.Description,
            ExternalId = payout.ExternalId,
            ConnectorData = payout.ConnectorData,
        };
        if (payout.SendState != PayoutSendStates.Queued)
        {
            await ApplyAsync(payout.Id, p =>
            {
                p.SendState = PayoutSendStates.Queued; // a crash from here on leaves it to reconciliation, never to a resend
                return false;
            }, ct);
        }

        var result = await invoker.PayoutAsync(connector, account, request, async (data, token) =>
            await ApplyAsync(payout.Id, p =>
            {
                p.ConnectorData = data;
                return false;
            }, token), ct);

        if (result.Outcome == OperationOutcome.NotSent)
        {
            LogNotSent(id, payout.Provider, result.Detail);
            await ApplyAsync(payout.Id, p =>
            {
                p.SendState = PayoutSendStates.NotSent;
                return false;
            }, ct);
            return ApiError.ProviderUnavailable(
                $"{payout.Provider} could not be reached ({result.Detail}); nothing was sent. Retry with the same Idempotency-Key.");
        }

        var applied = await ApplyAsync(payout.Id, p =>
        {
            p.SendState = PayoutSendStates.Sent;
            return transfers.Apply(p, result);
        }, ct);
        return PayoutResponses.ToResponse(applied?.Payout ?? payout);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout {PayoutId} was not sent to {Provider}: {Detail}")]
    private partial void LogNotSent(string payoutId, string provider, string? detail);
}
