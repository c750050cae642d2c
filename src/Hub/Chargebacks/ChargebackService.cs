using Connectors.Abstractions;
using Hub.Common;
using Hub.Events;
using Hub.Payments;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hub.Chargebacks;

internal sealed record ChargebackResponse(
    string Id, string Object, bool Livemode, string PaymentId, long Amount, string Currency, string? Reason, string? ReasonCode,
    string Status, string Provider, string ProviderReference, string? Evidence, string? OpenedAt, string? RespondBy,
    string CreatedAt, string UpdatedAt);

/// <summary>
/// Chargebacks (API.md): opened and followed from what the provider shows on a paid payment (its status answers, fetched
/// when it notifies a dispute), one per provider reference; a lost one makes the payment chargedback. The merchant
/// disputes with evidence. Changes are made under the payment's row lock with their events, as refunds are.
/// </summary>
[ScopedService]
internal sealed partial class ChargebackService(HubDbContext db, PaymentStateMachine payments, TimeProvider clock,
    ILogger<ChargebackService> logger)
{
    public const string Source = "chargeback";

    /// <summary>Opens or updates the chargebacks a provider reports on a payment; true when one changed.</summary>
    public async Task<bool> ApplyReportsAsync(Guid paymentId, IReadOnlyList<ChargebackReport> reports, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM payments WHERE id = {paymentId} FOR UPDATE", ct);
        var payment = await db.Payments.IgnoreQueryFilters().Include(p => p.StatusHistory).FirstAsync(p => p.Id == paymentId, ct);
        var existing = await db.Chargebacks.IgnoreQueryFilters().Where(c => c.PaymentId == paymentId).ToListAsync(ct);
        var changed = false;
        var now = clock.GetUtcNow();
        foreach (var report in reports.Where(r => r.Amount.Currency.Code == payment.Currency && r.Amount.Minor > 0 && r.Amount.Minor <= payment.Amount))
        {
            var row = existing.FirstOrDefault(c => c.ProviderReference == report.ProviderReference);
            string type;
            if (row is null)
            {
                row = new ChargebackRow
                {
                    Id = PublicId.NewGuid(clock), MerchantId = payment.MerchantId, Livemode = payment.Livemode, PaymentId = paymentId,
                    Provider = payment.Provider, ProviderReference = report.ProviderReference, Amount = report.Amount.Minor,
                    Currency = payment.Currency, Status = report.Status, CreatedAt = now,
                };
                db.Chargebacks.Add(row);
                existing.Add(row);
                type = "chargeback.opened";
            }
            else if (row.Status == report.Status || row.Status.IsFinal()
                || (row.Status == ChargebackStatus.Disputing && report.Status is ChargebackStatus.Pending or ChargebackStatus.WaitingResponse))
            {
                continue; // nothing new, decided already, or the provider not yet aware of the merchant's dispute
            }
            else
            {
                row.Status = report.Status;
                type = report.Status switch
                {
                    ChargebackStatus.Won => "chargeback.won",
                    ChargebackStatus.Lost => "chargeback.lost",
                    _ => "chargeback.updated",
                };
            }

            row.ProviderStatus = report.ProviderStatus;
            row.ReasonCode = report.ReasonCode;
            row.Reason = report.Reason;
            row.OpenedAt = report.OpenedAt?.ToUniversalTime() ?? row.OpenedAt; // PostgreSQL keeps UTC only
            row.RespondBy = report.RespondBy?.ToUniversalTime() ?? row.RespondBy;
            row.UpdatedAt = now;
            if (type == "chargeback.opened" && report.Status.IsFinal())
            {
                AddEvent(row, "chargeback.opened");
                type = report.Status == ChargebackStatus.Lost ? "chargeback.lost" : report.Status == ChargebackStatus.Won ? "chargeback.won" : "chargeback.updated";
            }

            AddEvent(row, type);
            LogChargeback(PublicId.Format(PublicId.Payment, paymentId), type, report.ProviderStatus);
            if (row.Status == ChargebackStatus.Lost)
            {
                payments.TryMove(payment, PaymentStatus.Chargedback, Source, report.ProviderStatus, report.Reason);
            }

            changed = true;
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return changed;
    }

    public async Task<Result<ChargebackResponse>> GetAsync(string id, CancellationToken ct) =>
        PublicId.TryParse(PublicId.Chargeback, id, out var guid) && await db.Chargebacks.AsNoTracking().FirstOrDefaultAsync(c => c.Id == guid, ct) is { } row
            ? ToResponse(row)
            : ApiError.NotFound($"No chargeback {id}.");

    public async Task<Result<Page<ChargebackResponse>>> ListAsync(HttpRequest request, CancellationToken ct)
    {
        var page = PageRequest.From(request);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        IQueryable<ChargebackRow> query = db.Chargebacks.AsNoTracking();
        if (request.Query["paymentId"].ToString() is { Length: > 0 } paymentId)
        {
            query = PublicId.TryParse(PublicId.Payment, paymentId, out var pid) ? query.Where(c => c.PaymentId == pid) : query.Where(c => false);
        }

        if (request.Query["status"].ToString() is { Length: > 0 } statusText)
        {
            var statuses = Enum.GetValues<ChargebackStatus>().Where(s => statusText.Split(',').Contains(s.ToApiString())).ToList();
            if (statuses.Count == 0)
            {
                return ApiError.Validation("status", "must be pending, waiting_response, under_review, disputing, won, lost or canceled");
            }

            query = query.Where(c => statuses.Contains(c.Status));
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip(page.Value!.Skip).Take(page.Value.PageSize).ToListAsync(ct);
        return new Page<ChargebackResponse>([.. rows.Select(ToResponse)], page.Value, total);
    }

    /// <summary>The merchant contests it: its evidence is kept and the chargeback is disputing until the provider decides.</summary>
    public async Task<Result<ChargebackResponse>> DisputeAsync(string id, BodyReader body, CancellationToken ct)
    {
        var evidence = body.String("evidence", required: true, maxLength: 10000);
        if (body.HasErrors)
        {
            return body.ToError();
        }

        if (!PublicId.TryParse(PublicId.Chargeback, id, out var guid)
            || await db.Chargebacks.AsNoTracking().FirstOrDefaultAsync(c => c.Id == guid, ct) is not { } found)
        {
            return ApiError.NotFound($"No chargeback {id}.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM payments WHERE id = {found.PaymentId} FOR UPDATE", ct);
        var row = await db.Chargebacks.FirstAsync(c => c.Id == guid, ct);
        if (row.Status is not (ChargebackStatus.Pending or ChargebackStatus.WaitingResponse or ChargebackStatus.UnderReview))
        {
            return ApiError.InvalidState($"A {row.Status.ToApiString()} chargeback cannot be disputed (only pending, waiting_response or under_review).");
        }

        row.Status = ChargebackStatus.Disputing;
        row.Evidence = evidence;
        row.UpdatedAt = clock.GetUtcNow();
        AddEvent(row, "chargeback.updated");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ToResponse(row);
    }

    private void AddEvent(ChargebackRow row, string type) =>
        db.Events.Add(EventOutbox.New(clock, row.MerchantId, row.Livemode, type, "chargeback", row.Id, ToResponse(row)));

    public static ChargebackResponse ToResponse(ChargebackRow c) => new(
        PublicId.Format(PublicId.Chargeback, c.Id), "chargeback", c.Livemode, PublicId.Format(PublicId.Payment, c.PaymentId),
        c.Amount, c.Currency, c.Reason, c.ReasonCode, c.Status.ToApiString(), c.Provider, c.ProviderReference, c.Evidence,
        PaymentResponses.Time(c.OpenedAt), PaymentResponses.Time(c.RespondBy), PaymentResponses.Time(c.CreatedAt)!, PaymentResponses.Time(c.UpdatedAt)!);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: {EventType} (provider status {ProviderStatus})")]
    private partial void LogChargeback(string paymentId, string eventType, string? providerStatus);
}
