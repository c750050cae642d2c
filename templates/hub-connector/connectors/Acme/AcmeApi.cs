using Refit;

namespace Connectors.Acme;

/// <summary>
/// Acme's charges API, one method per endpoint. Every call carries the account's API key as a bearer token and returns
/// an <see cref="IApiResponse"/>, so a reply of any status, and a call that got no reply, come back as values: the
/// connector decides what each means.
/// </summary>
[Headers("Accept: application/json")]
internal interface IAcmeApi
{
    /// <summary>POST /v1/charges: a charge keyed by our reference (409 DUPLICATE_REFERENCE when it exists).</summary>
    [Post("/v1/charges")]
    Task<IApiResponse<AcmeCharge>> CreateChargeAsync(
        [Header("Authorization")] string authorization,
        [Body] AcmeChargeRequest body,
        CancellationToken cancellationToken);

    /// <summary>GET /v1/charges/{reference}.</summary>
    [Get("/v1/charges/{reference}")]
    Task<IApiResponse<AcmeCharge>> GetChargeAsync(
        string reference,
        [Header("Authorization")] string authorization,
        CancellationToken cancellationToken);
}
