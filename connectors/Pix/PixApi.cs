using Refit;

namespace Connectors.Pix;

/// <summary>
/// The API Pix v2 (BCB OpenAPI github.com/bacen/pix-api v2.9.0, checked 2026-11), one method per endpoint used, under
/// the account's base URL (the PSP's prefix included). Every call carries the Bearer token; the replies come back as
/// <see cref="HttpResponseMessage"/> so the connector decides what every status means (RFC 7807 bodies included).
/// </summary>
[Headers("Accept: application/json")]
internal interface IPixApi
{
    /// <summary>PUT /cob/{txid}: creates the charge (201), or revises an ATIVA one.</summary>
    [Put("/cob/{txid}")]
    Task<HttpResponseMessage> PutCobAsync(string txid, [Header("Authorization")] string authorization,
        [Body] PixCobRequest body, CancellationToken cancellationToken);

    /// <summary>GET /cob/{txid}.</summary>
    [Get("/cob/{txid}")]
    Task<HttpResponseMessage> GetCobAsync(string txid, [Header("Authorization")] string authorization,
        CancellationToken cancellationToken);

    /// <summary>PATCH /cob/{txid} {"status":"REMOVIDA_PELO_USUARIO_RECEBEDOR"}: the cancel.</summary>
    [Patch("/cob/{txid}")]
    Task<HttpResponseMessage> PatchCobAsync(string txid, [Header("Authorization")] string authorization,
        [Body] Dictionary<string, string> body, CancellationToken cancellationToken);

    /// <summary>PUT /pix/{e2eid}/devolucao/{id}: a devolução (201 EM_PROCESSAMENTO); a reused id is 400.</summary>
    [Put("/pix/{e2eid}/devolucao/{id}")]
    Task<HttpResponseMessage> PutDevolucaoAsync(string e2eid, string id, [Header("Authorization")] string authorization,
        [Body] PixDevolucaoRequest body, CancellationToken cancellationToken);

    /// <summary>GET /pix/{e2eid}/devolucao/{id}.</summary>
    [Get("/pix/{e2eid}/devolucao/{id}")]
    Task<HttpResponseMessage> GetDevolucaoAsync(string e2eid, string id, [Header("Authorization")] string authorization,
        CancellationToken cancellationToken);

    /// <summary>PUT /webhook/{chave} {"webhookUrl"}: where the PSP posts received Pix ({webhookUrl}/pix).</summary>
    [Put("/webhook/{chave}")]
    Task<HttpResponseMessage> PutWebhookAsync(string chave, [Header("Authorization")] string authorization,
        [Body] PixWebhookRequest body, CancellationToken cancellationToken);

    /// <summary>PUT /gn/pix/{idEnvio}: a payout to a Pix key (outside the standard; Efí's shape).</summary>
    [Put("/gn/pix/{idEnvio}")]
    Task<HttpResponseMessage> PutEnvioAsync(string idEnvio, [Header("Authorization")] string authorization,
        [Body] PixEnvioRequest body, CancellationToken cancellationToken);

    /// <summary>GET /gn/pix/enviados/id-envio/{idEnvio}.</summary>
    [Get("/gn/pix/enviados/id-envio/{idEnvio}")]
    Task<HttpResponseMessage> GetEnvioAsync(string idEnvio, [Header("Authorization")] string authorization,
        CancellationToken cancellationToken);
}
