using Refit;

namespace Connectors.Airtel;

/// <summary>
/// Airtel Money's Open API, one method per endpoint used; the token comes from the kit (<see cref="AirtelClient"/>).
/// Every call carries <c>Authorization: Bearer</c>, <c>X-Country</c> and <c>X-Currency</c>. Methods return the raw
/// <see cref="HttpResponseMessage"/>: every reply, a 400 included, is the same <c>{"data","status"}</c> envelope, read
/// once by <see cref="AirtelClient"/>.
/// </summary>
internal interface IAirtelApi
{
    /// <summary>POST /merchant/{v1|v2}/payments/: the USSD push.</summary>
    [Post("/merchant/{version}/payments/")]
    Task<HttpResponseMessage> CollectAsync(
        string version,
        [Authorize("Bearer")] string accessToken,
        [Header("X-Country")] string country,
        [Header("X-Currency")] string currency,
        [Body] AirtelCollectionRequest body,
        CancellationToken cancellationToken);

    /// <summary>GET /standard/v1/payments/{id}: a collection's status by our transaction id.</summary>
    [Get("/standard/v1/payments/{id}")]
    Task<HttpResponseMessage> PaymentStatusAsync(
        string id,
        [Authorize("Bearer")] string accessToken,
        [Header("X-Country")] string country,
        [Header("X-Currency")] string currency,
        CancellationToken cancellationToken);

    /// <summary>POST /standard/v1/payments/refund: a full refund by Airtel's id.</summary>
    [Post("/standard/v1/payments/refund")]
    Task<HttpResponseMessage> RefundAsync(
        [Authorize("Bearer")] string accessToken,
        [Header("X-Country")] string country,
        [Header("X-Currency")] string currency,
        [Body] AirtelRefundRequest body,
        CancellationToken cancellationToken);

    /// <summary>POST /standard/v1/disbursements/: a payout with the encrypted PIN.</summary>
    [Post("/standard/v1/disbursements/")]
    Task<HttpResponseMessage> DisburseAsync(
        [Authorize("Bearer")] string accessToken,
        [Header("X-Country")] string country,
        [Header("X-Currency")] string currency,
        [Body] AirtelDisbursementRequest body,
        CancellationToken cancellationToken);

    /// <summary>GET /standard/v1/disbursements/{id}: a payout's status by our transaction id.</summary>
    [Get("/standard/v1/disbursements/{id}")]
    Task<HttpResponseMessage> DisbursementStatusAsync(
        string id,
        [Authorize("Bearer")] string accessToken,
        [Header("X-Country")] string country,
        [Header("X-Currency")] string currency,
        CancellationToken cancellationToken);

    /// <summary>GET /standard/v1/users/{msisdn}: KYC.</summary>
    [Get("/standard/v1/users/{msisdn}")]
    Task<HttpResponseMessage> UserAsync(
        string msisdn,
        [Authorize("Bearer")] string accessToken,
        [Header("X-Country")] string country,
        [Header("X-Currency")] string currency,
        CancellationToken cancellationToken);
}
