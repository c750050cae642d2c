using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Hub.Tenancy;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Hub.Checkout;

/// <summary>A session opened by its page: the row (tracked), the merchant's display name and the current payment.</summary>
internal sealed record CheckoutVisit(string Id, CheckoutSessionRow Session, string MerchantName, Payment? Payment)
{
    public Money Amount => new(Session.Amount, Currency.FromCode(Session.Currency));

    /// <summary>Where the payer goes once the payment ended: returnUrl with payment= and status= appended, or null.</summary>
    public string? RedirectUrl => Payment is { } p && CheckoutVisitor.EndsThePage(p.Status)
        ? QueryHelpers.AddQueryString(Session.ReturnUrl, new Dictionary<string, string?>
        {
            ["payment"] = PublicId.Format(PublicId.Payment, p.Id),
            ["status"] = p.Status.ToApiString(),
        })
        : null;
}

/// <summary>
/// Opens a session for the public page, whose only credential is the unguessable id (as Stripe Checkout's): finds it
/// whoever owns it, then puts the request in that merchant's scope, so routing, payment creation and every query that
/// follows see that merchant's accounts and payments only. The one place the page looks past the query filters.
/// </summary>
[ScopedService]
internal sealed class CheckoutVisitor(HubDbContext db, MerchantScope scope, CheckoutSessionService sessions)
{
    public async Task<CheckoutVisit?> OpenAsync(string id, CancellationToken ct)
    {
        if (!PublicId.TryParse(PublicId.CheckoutSession, id, out var guid))
        {
            return null;
        }

        var row = await db.CheckoutSessions.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == guid, ct);
        if (row is null)
        {
            return null;
        }

        var merchant = await db.Merchants.IgnoreQueryFilters().AsNoTracking().FirstAsync(m => m.Id == row.MerchantId, ct);
        scope.SetMerchant(merchant.TenantId, merchant.Id, row.Livemode);
        var payment = await sessions.SettleAsync(row, ct);
        return new CheckoutVisit(id, row, merchant.Name, payment);
    }

    /// <summary>The statuses after which the page has nothing left to wait for and returns to the merchant.</summary>
    public static bool EndsThePage(PaymentStatus status) => status switch
    {
        PaymentStatus.Paid or PaymentStatus.Failed or PaymentStatus.Canceled or PaymentStatus.Expired
            or PaymentStatus.Refunded or PaymentStatus.Chargedback => true,
        PaymentStatus.Created or PaymentStatus.Pending or PaymentStatus.Processing or PaymentStatus.Authorized
            or PaymentStatus.UnderReview => false,
    };
}
