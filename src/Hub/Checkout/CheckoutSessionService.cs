using Connectors.Abstractions;
using Hub.Common;
using Hub.Events;
using Hub.Payments;
using Hub.Persistence;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hub.Checkout;

internal sealed record CheckoutSessionResponse(
    string Id, string Object, bool Livemode, string Status, string Url, long Amount, string Currency, string? Description,
    string? ExternalId, string ReturnUrl, IReadOnlyList<string> Methods, CheckoutPayer? Payer, string? PaymentId,
    string? PaymentStatus, int Attempts, string ExpiresAt, string CreatedAt, string? CompletedAt);

/// <summary>
/// Creates and reads checkout sessions for the calling merchant, and settles a session from its payment: complete once
/// the payment is paid, expired once past expiresAt with no payment still under way. Settling is done when a session is
/// read (by the merchant or by the page's status poll), with its event in the same transaction as the change, and the
/// row's version makes sure only one reader writes it.
/// </summary>
[ScopedService]
internal sealed partial class CheckoutSessionService(
    HubDbContext db, MerchantScope scope, TimeProvider clock, IOptions<HubOptions> options, ILogger<CheckoutSessionService> logger)
{
    public const string ObjectType = "checkout_session";
    public const string CompletedEvent = "checkout_session.completed";
    public const string ExpiredEvent = "checkout_session.expired";

    public async Task<Result<CheckoutSessionResponse>> CreateAsync(BodyReader body, CancellationToken ct)
    {
        var read = NewCheckoutSessionReader.Read(body);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var request = read.Value!;
        var now = clock.GetUtcNow();
        var row = new CheckoutSessionRow
        {
            Id = PublicId.NewGuid(clock),
            MerchantId = scope.MerchantId!.Value,
            Livemode = scope.Livemode,
            Status = CheckoutStatus.Open,
            Amount = request.Amount.Minor,
            Currency = request.Amount.Currency.Code,
            ReturnUrl = request.ReturnUrl.ToString(),
            Description = request.Description,
            ExternalId = request.ExternalId,
            Methods = [.. request.Methods.Select(m => m.ToApiString())],
            Payer = request.Payer,
            ExpiresAt = now + request.ExpiresIn,
            CreatedAt = now,
        };
        db.CheckoutSessions.Add(row);
        await db.SaveChangesAsync(ct);
        LogCreated(PublicId.Format(PublicId.CheckoutSession, row.Id), row.Currency);
        return ToResponse(row, null);
    }

    /// <summary>The caller's session (another merchant's or mode's answers 404), settled first.</summary>
    public async Task<Result<CheckoutSessionResponse>> GetAsync(string id, CancellationToken ct)
    {
        if (!PublicId.TryParse(PublicId.CheckoutSession, id, out var guid))
        {
            return ApiError.NotFound($"No checkout session {id}.");
        }

        var row = await db.CheckoutSessions.FirstOrDefaultAsync(s => s.Id == guid, ct);
        if (row is null)
        {
            return ApiError.NotFound($"No checkout session {id}.");
        }

        var payment = await SettleAsync(row, ct);
        return ToResponse(row, payment?.Status);
    }

    /// <summary>
    /// Moves an open session to complete (its payment paid) or expired (past expiresAt, no payment under way), with its
    /// event; returns the session's current payment, if any. Call with the session's merchant in scope.
    /// </summary>
    public async Task<Payment?> SettleAsync(CheckoutSessionRow row, CancellationToken ct)
    {
        var payment = row.PaymentId is { } pid ? await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        if (row.Status != CheckoutStatus.Open)
        {
            return payment;
        }

        var now = clock.GetUtcNow();
        string? type = null;
        if (payment?.Status is PaymentStatus.Paid or PaymentStatus.Refunded or PaymentStatus.Chargedback)
        {
            (row.Status, row.CompletedAt, type) = (CheckoutStatus.Complete, now, CompletedEvent);
        }
        else if (now >= row.ExpiresAt && (payment is null || PaymentStatusTransitions.IsFinal(payment.Status)))
        {
            (row.Status, type) = (CheckoutStatus.Expired, ExpiredEvent);
        }

        if (type is null)
        {
            return payment;
        }

        db.Events.Add(EventOutbox.New(clock, row.MerchantId, row.Livemode, type, ObjectType, row.Id, ToResponse(row, payment?.Status)));
        try
        {
            await db.SaveChangesAsync(ct);
            LogSettled(PublicId.Format(PublicId.CheckoutSession, row.Id), row.Status);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another reader settled it first (and wrote the one event): take its word.
            db.ChangeTracker.Clear();
            var fresh = await db.CheckoutSessions.IgnoreQueryFilters().AsNoTracking().FirstAsync(s => s.Id == row.Id, ct);
            (row.Status, row.CompletedAt, row.Version) = (fresh.Status, fresh.CompletedAt, fresh.Version);
        }

        return payment;
    }

    public CheckoutSessionResponse ToResponse(CheckoutSessionRow row, PaymentStatus? paymentStatus)
    {
        var id = PublicId.Format(PublicId.CheckoutSession, row.Id);
        return new(id, ObjectType, row.Livemode, row.Status, PageUrl(options.Value.PublicUrl, id), row.Amount, row.Currency,
            row.Description, row.ExternalId, row.ReturnUrl, row.Methods, row.Payer,
            row.PaymentId is { } p ? PublicId.Format(PublicId.Payment, p) : null, paymentStatus?.ToApiString(), row.Attempts,
            ApiTime.Format(row.ExpiresAt)!, ApiTime.Format(row.CreatedAt)!, ApiTime.Format(row.CompletedAt));
    }

    /// <summary>The page's address: {PublicUrl}/checkout/cs_….</summary>
    public static string PageUrl(Uri publicUrl, string id) => new Uri(publicUrl, "/checkout/" + id).ToString();

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout session {SessionId} created in {Currency}")]
    private partial void LogCreated(string sessionId, string currency);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout session {SessionId} is {Status}")]
    private partial void LogSettled(string sessionId, string status);
}
