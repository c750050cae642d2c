using Hub.Common;
using Hub.Payments;
using Hub.Persistence;

namespace Hub.Refunds;

internal sealed record RefundResponse(
    string Id, string Object, bool Livemode, string PaymentId, long Amount, string Currency, string Status,
    string Provider, string ProviderReference, FailureResponse? Failure, string? Reason, IReadOnlyList<RefundSplitResponse> Splits,
    string CreatedAt, string UpdatedAt);

internal sealed record RefundSplitResponse(string MerchantId, long Amount);

internal static class RefundResponses
{
    public static RefundResponse ToResponse(RefundRow r) => new(
        PublicId.Format(PublicId.Refund, r.Id), "refund", r.Livemode, PublicId.Format(PublicId.Payment, r.PaymentId),
        r.Amount, r.Currency, TransferStatusNames.ToApiString(r.Status), r.Provider,
        r.ProviderTransactionId ?? r.ProviderReference,
        r.Failure is { } f ? new FailureResponse(f.Code, f.Message, f.ProviderCode) : null, r.Reason,
        [.. r.Splits.Select(s => new RefundSplitResponse(PublicId.Format(PublicId.Merchant, s.MerchantId), s.Amount))],
        PaymentResponses.Time(r.CreatedAt)!, PaymentResponses.Time(r.UpdatedAt)!);
}
