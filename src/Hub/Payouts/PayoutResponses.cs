using Connectors.Abstractions;
using Hub.Common;
using Hub.Payments;
using Hub.Persistence;
using Hub.Refunds;

namespace Hub.Payouts;

internal sealed record PayoutRecipientResponse(string? Phone, string? PixKey, string? Name);

internal sealed record PayoutResponse(
    string Id, string Object, bool Livemode, long Amount, string Currency, string Method, string Status, string Provider,
    ConnectorRef Connector, string ConnectorAccountId, string ProviderReference, PayoutRecipientResponse Recipient,
    FailureResponse? Failure, string? Description, string? ExternalId, Dictionary<string, string> Metadata,
    string CreatedAt, string UpdatedAt);

internal static class PayoutResponses
{
    public static PayoutResponse ToResponse(PayoutRow p) => new(
        PublicId.Format(PublicId.Payout, p.Id), "payout", p.Livemode, p.Amount, p.Currency, p.Method.ToApiString(),
        TransferStatusNames.ToApiString(p.Status), p.Provider, new ConnectorRef(p.Provider, p.ConnectorVersion),
        PublicId.Format(PublicId.ConnectorAccount, p.ConnectorAccountId), p.ProviderTransactionId ?? p.ProviderReference,
        new PayoutRecipientResponse(p.RecipientPhone, p.RecipientPixKey, p.RecipientName),
        p.Failure is { } f ? new FailureResponse(f.Code, f.Message, f.ProviderCode) : null,
        p.Description, p.ExternalId, p.Metadata, PaymentResponses.Time(p.CreatedAt)!, PaymentResponses.Time(p.UpdatedAt)!);
}
