using Hub.Common;
using Hub.Payments;
using Hub.Persistence;

namespace Hub.Refunds;

internal sealed record RefundResponse(
    string Id, string Object, bool Livemode, string PaymentId, long Amount, string Currency, string Status,
    string Provider, string ProviderReference, FailureResponse? Failure, string? Reason, string CreatedAt, string UpdatedAt);

internal static class RefundResponses
{
    public static RefundResponse ToResponse(RefundRow r) => new(
        PublicId.Format(PublicId.Refund, r.Id), "refund", r.Livemode, PublicId.Format(PublicId.Payment, r.PaymentId),
        r.Amount, r.Currency, TransferStatusNames.ToApiString(r.Status), r.Provider,
        r.ProviderTransactionId ?? r.ProviderReference,
        r.Failure is { } f ? new FailureResponse(f.Code, f.Message, f.ProviderCode) : null, r.Reason,
        PaymentResponses.Time(r.CreatedAt)!, PaymentResponses.Time(r.UpdatedAt)!);
}
