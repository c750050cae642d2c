using Connectors.Abstractions;
using Hub.Common;
using Hub.Payments;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Providers;
using Microsoft.EntityFrameworkCore;

namespace Hub.Refunds;

/// <summary>
/// Refunds of paid payments (API.md Refunds). The amount is reserved under the payment's row lock, so the sum of a
/// payment's refunds that are not failed never exceeds its amount, however many requests race on however many hub
/// instances; the refund and its reference are committed before the provider hears of it; the provider is called once
/// (an unknown outcome is processing, reconciled, never re-sent); every later answer — the reply, a callback, the
/// reconciler — is applied under the same lock, where a completed refund raises the payment's amountRefunded and a
/// payment refunded in full becomes refunded.
/// </summary>
[ScopedService]
internal sealed partial class RefundService(
    HubDbContext db,
    ConnectorRegistry registry,
    ConnectorInvoker invoker,
    TransferStateMachine transfers,
    TimeProvider clock,
    ILogger<RefundService> logger)
{
    private const int MaxAttempts = 3;

    public async Task<Result<RefundResponse>> CreateAsync(string paymentId, BodyReader body, CancellationToken ct)
    {
        if (!PublicId.TryParse(PublicId.Payment, paymentId, out var id)
            || await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is not { } payment)
        {
            return ApiError.NotFound($"No payment {paymentId}.");
        }

        var amount = body.Integer("amount", message: "must be an integer in minor units");
        if (amount is <= 0)
        {
            body.AddError("amount", "must be > 0");
        }

        var reason = body.String("reason", maxLength: 500);
        if (body.HasErrors)
        {
            return body.ToError();
        }

        // Decided before any provider call: what the connector cannot do is refused with a stable code.
        if (!registry.TryGet(payment.Provider, out var connector))
        {
            return ApiError.ProviderUnavailable($"The {payment.Provider} connector is not loaded on this hub.");
        }

        if (!connector.Descriptor.Has(ConnectorCapabilities.Refund))
        {
            return ApiError.RefundNotSupported($"{payment.Provider} payments cannot be refunded through the hub (the provider has no refund).");
        }

        if (amount is { } partial && partial != payment.Amount && !connector.Descriptor.Has(ConnectorCapabilities.PartialRefund))
        {
            return ApiError.Validation("amount", $"{payment.Provider} refunds the whole amount only: omit amount or send {payment.Amount}");
        }

        var reserved = await ReserveAsync(id, connector, amount, reason, ct);
        if (!reserved.IsSuccess)
        {
            return reserved.Error!;
        }

        // From here on the client's disconnect must not cut the provider call or the recording of its answer.
        return await SendAsync(reserved.Value!, connector, CancellationToken.None);
    }

    public async Task<Result<RefundResponse>> GetAsync(string id, CancellationToken ct) =>
        PublicId.TryParse(PublicId.Refund, id, out var guid) && await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == guid, ct) is { } refund
            ? RefundResponses.ToResponse(refund)
            : ApiError.NotFound($"No refund {id}.");

    public async Task<Result<Page<RefundResponse>>> ListAsync(HttpRequest request, CancellationToken ct)
    {
        var page = PageRequest.From(request);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        IQueryable<RefundRow> query = db.Refunds.AsNoTracking();
        if (request.Query["paymentId"].ToString() is { Length: > 0 } paymentId)
        {
            query = PublicId.TryParse(PublicId.Payment, paymentId, out var pid)
                ? query.Where(r => r.PaymentId == pid)
                : query.Where(r => false);
        }

        if (request.Query["status"].ToString() is { Length: > 0 } statusText)
        {
            var statuses = TransferStatusNames.ParseFilter(statusText, "refund", errors);

            query = query.Where(r => statuses.Contains(r.Status));
        }

        var (gte, lte) = ListFilters.CreatedRange(request, errors);
        if (gte is { } from)
        {
            query = query.Where(r => r.CreatedAt >= from);
        }

        if (lte is { } to)
        {
            query = query.Where(r => r.CreatedAt <= to);
        }

        if (errors.Count > 0)
        {
            return ApiError.Validation(errors);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip(page.Value!.Skip).Take(page.Value.PageSize).ToListAsync(ct);
        return new Page<RefundResponse>([.. rows.Select(RefundResponses.ToResponse)], page.Value, total);
    }

    /// <summary>Asks the provider for a refund's status and applies the answer (the reconciler's and sync's step).</summary>
    public async Task<RefundRow?> SyncAsync(Guid refundId, CancellationToken ct)
    {
        var refund = await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == refundId, ct);
        if (refund is null || TransferStatusNames.IsFinal(refund.Status) || !registry.TryGet(refund.Provider, out var connector))
        {
            return refund;
        }

        var payment = await db.Payments.AsNoTracking().FirstAsync(p => p.Id == refund.PaymentId, ct);
        var account = await db.ConnectorAccounts.IgnoreQueryFilters().AsNoTracking().FirstAsync(a => a.Id == refund.ConnectorAccountId, ct);
        var result = await invoker.GetRefundStatusAsync(connector, account, new TransferStatusRequest
        {
            Id = PublicId.Format(PublicId.Refund, refund.Id),
            ProviderReference = refund.ProviderReference,
            ProviderTransactionId = refund.ProviderTransactionId,
            Amount = refund.ToMoney(),
            ConnectorData = refund.ConnectorData,
            PaymentProviderReference = payment.ProviderReference,
            PaymentProviderTransactionId = payment.ProviderTransactionId,
        }, ct);
        var applied = await ApplyAsync(refundId, (r, p) => transfers.Apply(r, p, result), ct);
        return applied?.Refund ?? refund;
    }

    /// <summary>
    /// Changes a refund (and its payment) under the payment's row lock, in one transaction with the events it writes.
    /// </summary>
    public async Task<(RefundRow Refund, bool Moved)?> ApplyAsync(Guid refundId, Func<RefundRow, Payment, bool> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var paymentId = await db.Refunds.Where(r => r.Id == refundId).Select(r => (Guid?)r.PaymentId).FirstOrDefaultAsync(ct);
            if (paymentId is not { } pid)
            {
                return null;
            }

            await LockPaymentAsync(pid, ct);
            var refund = await db.Refunds.FirstAsync(r => r.Id == refundId, ct);
            var payment = await db.Payments.Include(p => p.StatusHistory).FirstAsync(p => p.Id == pid, ct);
            var moved = change(refund, payment);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return (refund, moved);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // The payment moved by another path (a chargeback, a late callback) meanwhile: decide again.
                await tx.RollbackAsync(ct);
            }
        }
    }

    private async Task<Result<RefundRow>> ReserveAsync(Guid paymentId, LoadedConnector connector, long? amount, string? reason,
        CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockPaymentAsync(paymentId, ct);
        var payment = await db.Payments.FirstAsync(p => p.Id == paymentId, ct);
        if (payment.Status != PaymentStatus.Paid)
        {
            return ApiError.InvalidState($"Only a paid payment can be refunded; this one is {payment.Status.ToApiString()}.");
        }

        var committed = await db.Refunds.Where(r => r.PaymentId == paymentId && r.Status != TransferStatus.Failed)
            .SumAsync(r => (long?)r.Amount, ct) ?? 0;
        var left = payment.Amount - committed;
        var wanted = amount ?? left;
        if (wanted <= 0 || wanted > left)
        {
            return ApiError.RefundExceedsPayment(
                $"{wanted} {payment.Currency} would exceed what is left to refund: {left} of {payment.Amount} (refunds not failed count).");
        }

        var now = clock.GetUtcNow();
        var id = PublicId.NewGuid(clock);
        var refund = new RefundRow
        {
            Id = id,
            MerchantId = payment.MerchantId,
            Livemode = payment.Livemode,
            PaymentId = paymentId,
            Amount = wanted,
            Currency = payment.Currency,
            Provider = payment.Provider,
            ConnectorAccountId = payment.ConnectorAccountId,
            ProviderReference = connector.Connector.NewProviderReference(PublicId.Format(PublicId.Refund, id)),
            Reason = reason,
            Splits = SplitAllocator.Allocate(payment.Splits, payment.Amount, committed, wanted),
            CreatedAt = now,
            UpdatedAt = now,
        };
        transfers.Start(refund);
        db.Refunds.Add(refund);
        await db.SaveChangesAsync(ct); // recovery point: the refund and its reference exist before the provider hears of it
        await tx.CommitAsync(ct);
        return refund;
    }

    private async Task<Result<RefundResponse>> SendAsync(RefundRow refund, LoadedConnector connector, CancellationToken ct)
    {
        var payment = await db.Payments.AsNoTracking().FirstAsync(p => p.Id == refund.PaymentId, ct);
        var account = await db.ConnectorAccounts.IgnoreQueryFilters().AsNoTracking().FirstAsync(a => a.Id == refund.ConnectorAccountId, ct);
        var request = new RefundRequest
        {
            RefundId = PublicId.Format(PublicId.Refund, refund.Id),
            ProviderReference = refund.ProviderReference,
            PaymentProviderReference = payment.ProviderReference,
            PaymentProviderTransactionId = payment.ProviderTransactionId,
            Amount = refund.ToMoney(),
            PaymentAmount = payment.ToMoney(),
            PayerPhone = payment.PayerPhone,
            Reason = refund.Reason,
            PaymentConnectorData = payment.ConnectorData,
        };
        var result = await invoker.RefundAsync(connector, account, request, async (data, token) =>
            await ApplyAsync(refund.Id, (r, _) =>
            {
                r.ConnectorData = data;
                return false;
            }, token), ct);

        if (result.Outcome == OperationOutcome.NotSent)
        {
            // Provably never received: nothing to reconcile, and the amount is released for another try.
            LogNotSent(request.RefundId, refund.Provider, result.Detail);
            await ApplyAsync(refund.Id, (r, p) =>
            {
                r.Failure = new FailureInfo(FailureCode.ProviderError.ToApiString(), $"not sent: {result.Detail}", null);
                return transfers.Move(r, p, TransferStatus.Failed);
            }, ct);
            return ApiError.ProviderUnavailable(
                $"{refund.Provider} could not be reached ({result.Detail}); nothing was sent and the refund is failed. Try again.");
        }

        var applied = await ApplyAsync(refund.Id, (r, p) => transfers.Apply(r, p, result), ct);
        return RefundResponses.ToResponse(applied?.Refund ?? refund);
    }

    private Task LockPaymentAsync(Guid paymentId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM payments WHERE id = {paymentId} FOR UPDATE", ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refund {RefundId} was not sent to {Provider}: {Detail}")]
    private partial void LogNotSent(string refundId, string provider, string? detail);
}
