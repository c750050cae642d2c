using Refit;

namespace Connectors.IremboPay;

/// <summary>
/// IremboPay API v2, one method per endpoint used (irembopay.gitbook.io/irembopay-api-docs, checked 2026-11). Every
/// call carries <c>irembopay-secretKey</c> and <c>X-API-Version: 2</c>, and returns an <see cref="IApiResponse"/> so a
/// reply of any status, and a call that got no reply, come back as values: the connector decides what each means.
/// </summary>
[Headers("X-API-Version: 2", "Accept: application/json")]
internal interface IIremboPayApi
{
    /// <summary>POST /payments/invoices: the invoice, keyed by our transactionId (409 DUPLICATE_TRANSACTION_ID if taken).</summary>
    [Post("/payments/invoices")]
    Task<IApiResponse<IremboPayEnvelope<IremboPayInvoice>>> CreateInvoiceAsync(
        [Header("irembopay-secretKey")] string secretKey,
        [Body] IremboPayInvoiceRequest body,
        CancellationToken cancellationToken);

    /// <summary>GET /payments/invoices/{invoiceNumber or transactionId}.</summary>
    [Get("/payments/invoices/{id}")]
    Task<IApiResponse<IremboPayEnvelope<IremboPayInvoice>>> GetInvoiceAsync(
        string id,
        [Header("irembopay-secretKey")] string secretKey,
        CancellationToken cancellationToken);

    /// <summary>PUT /payments/invoices/{invoiceNumber}: here only to move expiryAt (cancel, close after a rejected push).</summary>
    [Put("/payments/invoices/{invoiceNumber}")]
    Task<IApiResponse<IremboPayEnvelope<IremboPayInvoice>>> UpdateInvoiceAsync(
        string invoiceNumber,
        [Header("irembopay-secretKey")] string secretKey,
        [Body] IremboPayInvoiceUpdate body,
        CancellationToken cancellationToken);

    /// <summary>POST /payments/transactions/initiate: the mobile-money push (one doc page says GET; POST is right).</summary>
    [Post("/payments/transactions/initiate")]
    Task<IApiResponse<IremboPayEnvelope<IremboPayPushReply>>> InitiatePushAsync(
        [Header("irembopay-secretKey")] string secretKey,
        [Body] IremboPayPushRequest body,
        CancellationToken cancellationToken);
}
