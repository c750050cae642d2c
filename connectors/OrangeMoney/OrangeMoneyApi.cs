using Refit;

namespace Connectors.OrangeMoney;

/// <summary>
/// Orange Money's OM core merchant-payment API (<c>omcoreapis</c> 1.0.2), one method per endpoint used; the WSO2 token
/// comes from the kit (<see cref="OrangeMoneyClient"/>). Every call carries <c>Authorization: Bearer</c> and
/// <c>X-AUTH-TOKEN: base64(apiUser:apiPassword)</c>. Methods return the raw <see cref="HttpResponseMessage"/>: every
/// reply, 417 included, is the same <c>{"message","data"}</c> envelope, read once by <see cref="OrangeMoneyClient"/>.
/// </summary>
internal interface IOrangeMoneyApi
{
    /// <summary>POST …/mp/init or …/cashin/init (no body) → <c>data.payToken</c>.</summary>
    [Post("/omcoreapis/1.0.2/{operation}/init")]
    Task<HttpResponseMessage> InitAsync(
        string operation,
        [Authorize("Bearer")] string accessToken,
        [Header("X-AUTH-TOKEN")] string authToken,
        CancellationToken cancellationToken);

    /// <summary>POST …/mp/pay or …/cashin/pay → 200 (or 201) with the transaction; 417 with a FAILED one.</summary>
    [Post("/omcoreapis/1.0.2/{operation}/pay")]
    Task<HttpResponseMessage> PayAsync(
        string operation,
        [Authorize("Bearer")] string accessToken,
        [Header("X-AUTH-TOKEN")] string authToken,
        [Body] OrangeMoneyPayRequest body,
        CancellationToken cancellationToken);

    /// <summary>GET …/mp/paymentstatus/{payToken} or …/cashin/paymentstatus/{payToken}.</summary>
    [Get("/omcoreapis/1.0.2/{operation}/paymentstatus/{payToken}")]
    Task<HttpResponseMessage> PaymentStatusAsync(
        string operation,
        string payToken,
        [Authorize("Bearer")] string accessToken,
        [Header("X-AUTH-TOKEN")] string authToken,
        CancellationToken cancellationToken);
}
