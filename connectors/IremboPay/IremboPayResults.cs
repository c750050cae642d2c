using Connectors.Abstractions;

namespace Connectors.IremboPay;

/// <summary>An invoice as a payment result, for creation, polling and cancel alike.</summary>
internal static class IremboPayResults
{
    /// <summary>
    /// The invoice's status now: NEW is pending until its own expiryAt passes on <paramref name="now"/> (the context
    /// clock), then expired; an invoice the connector closed itself reads as what closed it (canceled, or the rejected
    /// push's failure). The invoice number is the provider transaction id and goes into the connector data.
    /// </summary>
    public static PaymentResult FromInvoice(IremboPayInvoice invoice, IremboPayData? data, DateTimeOffset now,
        PaymentMethod method, string? phone)
    {
        var expiry = IremboPayMapping.ParseTime(invoice.ExpiryAt);
        var status = IremboPayStatusMap.ToPaymentStatus(invoice.PaymentStatus, expiry is { } at && at <= now);
        var invoiceNumber = invoice.InvoiceNumber ?? data?.InvoiceNumber;
        var updated = (data ?? new IremboPayData { Stage = IremboPayStage.Invoiced }) with
        {
            InvoiceNumber = invoiceNumber,
            PaymentLinkUrl = data?.PaymentLinkUrl ?? invoice.PaymentLinkUrl,
            PaymentReference = invoice.PaymentReference ?? data?.PaymentReference,
            PaymentMethod = invoice.PaymentMethod ?? data?.PaymentMethod,
        };
        var result = status switch
        {
            PaymentStatus.Paid => PaymentResult.Known(PaymentStatus.Paid, invoice.PaymentStatus),
            PaymentStatus.Expired => data?.Closure switch
            {
                IremboPayClosure.Canceled => PaymentResult.Known(PaymentStatus.Canceled, invoice.PaymentStatus),
                IremboPayClosure.PushRejected => PaymentResult.Refused(IremboPayStatusMap.ToFailure(data.ErrorCode), invoice.PaymentStatus),
                _ => PaymentResult.Known(PaymentStatus.Expired, invoice.PaymentStatus, IremboPayStatusMap.Expired()),
            },
            _ when data?.Closure == IremboPayClosure.PushRejected =>
                PaymentResult.Refused(IremboPayStatusMap.ToFailure(data.ErrorCode), invoice.PaymentStatus),
            _ => PaymentResult.Known(status, invoice.PaymentStatus, nextAction: method == PaymentMethod.MobileMoney
                ? IremboPayMapping.ApproveOnPhone(phone)
                : IremboPayMapping.Redirect(updated.PaymentLinkUrl, expiry)),
        };
        return result with { ProviderTransactionId = invoiceNumber, ConnectorData = updated.Serialize() };
    }
}
