using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;

namespace Hub.Payments;

internal sealed record PaymentResponse(
    string Id, string Object, bool Livemode, string Status, long Amount, long AmountRefunded, string Currency,
    string Method, string Provider, ConnectorRef Connector, string ProviderReference, string? Country,
    NextActionResponse? NextAction, PayerResponse Payer, CardResponse? Card, FailureResponse? Failure,
    IReadOnlyList<StatusChangeResponse> StatusHistory, string? Description, string? ExternalId,
    IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<SplitResponse>? Splits, string? TransactionReference, string? Notes,
    IReadOnlyList<AttemptResponse> Attempts, string CreatedAt, string UpdatedAt, string? PaidAt, string? ExpiresAt);

internal sealed record ConnectorRef(string Id, string Version);

internal sealed record NextActionResponse(string Type, string? Message, string? Url, string? QrCode, string? QrImageUrl, string? ExpiresAt);

internal sealed record PayerResponse(string? Phone, string? Name, string? Email, string? DocumentType, string? DocumentNumber);

internal sealed record CardResponse(string Brand, string Bin, string Last4, int ExpMonth, int ExpYear);

internal sealed record FailureResponse(string Code, string Message, string? ProviderCode);

internal sealed record SplitResponse(string MerchantId, long Amount, bool ChargeFees, long AmountRefunded);

internal sealed record AttemptResponse(string Connector, string ConnectorAccountId, string Outcome, string At);

internal sealed record StatusChangeResponse(string Status, string At, string? Source);

internal static class PaymentResponses
{
    public static PaymentResponse ToResponse(Payment p) => new(
        PublicId.Format(PublicId.Payment, p.Id), "payment", p.Livemode, p.Status.ToApiString(), p.Amount, p.AmountRefunded, p.Currency,
        p.Method.ToApiString(), p.Provider, new ConnectorRef(p.Provider, p.ConnectorVersion),
        p.ProviderTransactionId ?? p.ProviderReference, p.Country,
        p.NextAction is { } n ? new NextActionResponse(n.Type, n.Message, n.Url, n.QrCode, n.QrImageUrl, Time(n.ExpiresAt)) : null,
        new PayerResponse(p.PayerPhone, p.PayerName, p.PayerEmail, p.PayerDocumentType, p.PayerDocumentNumber),
        p.Card is { } c ? new CardResponse(c.Brand, c.Bin, c.Last4, c.ExpMonth, c.ExpYear) : null,
        p.Failure is { } f ? new FailureResponse(f.Code, f.Message, f.ProviderCode) : null,
        [.. p.StatusHistory.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new StatusChangeResponse(h.Status.ToApiString(), Time(h.At)!, h.Source))],
        p.Description, p.ExternalId, p.Metadata,
        p.Splits.Count == 0 ? null : [.. p.Splits.Select(s => new SplitResponse(PublicId.Format(PublicId.Merchant, s.MerchantId), s.Amount, s.ChargeFees, s.AmountRefunded))],
        p.TransactionReference, p.Notes,
        [.. p.Attempts.Select(a => new AttemptResponse(a.Connector, PublicId.Format(PublicId.ConnectorAccount, a.ConnectorAccountId), a.Outcome, Time(a.At)!))],
        Time(p.CreatedAt)!, Time(p.UpdatedAt)!, Time(p.PaidAt), Time(p.ExpiresAt));

    public static NextActionInfo ToInfo(NextAction next) => new(
        next.Type switch
        {
            NextActionType.ApproveOnPhone => "approve_on_phone",
            NextActionType.Redirect => "redirect",
            NextActionType.PixQr => "pix_qr",
        },
        next.Message, next.Url?.ToString(), next.QrCode, next.QrImageUrl?.ToString(), next.ExpiresAt);

    /// <summary>ISO 8601 UTC to the millisecond: what the database keeps reads back identically.</summary>
    public static string? Time(DateTimeOffset? at) => ApiTime.Format(at);
}
