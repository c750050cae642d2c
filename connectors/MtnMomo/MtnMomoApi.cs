using Refit;

namespace Connectors.MtnMomo;

/// <summary>
/// MTN MoMo Open API, one method per business endpoint used (https://momodeveloper.mtn.com/docs/services/collection and
/// …/disbursement, checked 2026-11); the token comes from the kit (<see cref="MtnMomoClient"/>). Every method returns an
/// <see cref="IApiResponse"/> so a reply of any status, and a call that got no reply, come back as values: the
/// connector decides what each means for money.
/// </summary>
internal interface IMtnMomoApi
{
    /// <summary>POST /collection/v1_0/requesttopay: 202 with an empty body; X-Reference-Id is the resource id.</summary>
    [Post("/collection/v1_0/requesttopay")]
    Task<IApiResponse> RequestToPayAsync(
        [Header("X-Reference-Id")] string referenceId,
        [Header("X-Callback-Url")] string callbackUrl,
        [Header("X-Target-Environment")] string targetEnvironment,
        [Header("Ocp-Apim-Subscription-Key")] string subscriptionKey,
        [Authorize("Bearer")] string accessToken,
        [Body] MtnMomoRequestToPayRequest body,
        CancellationToken cancellationToken);

    /// <summary>GET /collection/v1_0/requesttopay/{referenceId}: the status object.</summary>
    [Get("/collection/v1_0/requesttopay/{referenceId}")]
    Task<IApiResponse<MtnMomoRequestToPayStatus>> GetRequestToPayAsync(
        string referenceId,
        [Header("X-Target-Environment")] string targetEnvironment,
        [Header("Ocp-Apim-Subscription-Key")] string subscriptionKey,
        [Authorize("Bearer")] string accessToken,
        CancellationToken cancellationToken);

    /// <summary>POST /disbursement/v1_0/transfer: 202 with an empty body; a payout to the payee's wallet.</summary>
    [Post("/disbursement/v1_0/transfer")]
    Task<IApiResponse> TransferAsync(
        [Header("X-Reference-Id")] string referenceId,
        [Header("X-Callback-Url")] string callbackUrl,
        [Header("X-Target-Environment")] string targetEnvironment,
        [Header("Ocp-Apim-Subscription-Key")] string subscriptionKey,
        [Authorize("Bearer")] string accessToken,
        [Body] MtnMomoTransferRequest body,
        CancellationToken cancellationToken);

    /// <summary>POST /disbursement/v1_0/refund: 202 with an empty body; referenceIdToRefund names the request to pay.</summary>
    [Post("/disbursement/v1_0/refund")]
    Task<IApiResponse> RefundAsync(
        [Header("X-Reference-Id")] string referenceId,
        [Header("X-Callback-Url")] string callbackUrl,
        [Header("X-Target-Environment")] string targetEnvironment,
        [Header("Ocp-Apim-Subscription-Key")] string subscriptionKey,
        [Authorize("Bearer")] string accessToken,
        [Body] MtnMomoRefundRequest body,
        CancellationToken cancellationToken);

    /// <summary>GET /disbursement/v1_0/{transfer|refund}/{referenceId}: the status object.</summary>
    [Get("/disbursement/v1_0/{operation}/{referenceId}")]
    Task<IApiResponse<MtnMomoRequestToPayStatus>> GetDisbursementAsync(
        string operation,
        string referenceId,
        [Header("X-Target-Environment")] string targetEnvironment,
        [Header("Ocp-Apim-Subscription-Key")] string subscriptionKey,
        [Authorize("Bearer")] string accessToken,
        CancellationToken cancellationToken);

    /// <summary>GET /collection/v1_0/accountholder/msisdn/{msisdn}/active: {"result":true|false}.</summary>
    [Get("/collection/v1_0/accountholder/msisdn/{msisdn}/active")]
    Task<IApiResponse<MtnMomoAccountHolderActive>> GetAccountHolderActiveAsync(
        string msisdn,
        [Header("X-Target-Environment")] string targetEnvironment,
        [Header("Ocp-Apim-Subscription-Key")] string subscriptionKey,
        [Authorize("Bearer")] string accessToken,
        CancellationToken cancellationToken);

    /// <summary>GET /collection/v1_0/accountholder/msisdn/{msisdn}/basicuserinfo: the holder's names.</summary>
    [Get("/collection/v1_0/accountholder/msisdn/{msisdn}/basicuserinfo")]
    Task<IApiResponse<MtnMomoBasicUserInfo>> GetBasicUserInfoAsync(
        string msisdn,
        [Header("X-Target-Environment")] string targetEnvironment,
        [Header("Ocp-Apim-Subscription-Key")] string subscriptionKey,
        [Authorize("Bearer")] string accessToken,
        CancellationToken cancellationToken);
}
