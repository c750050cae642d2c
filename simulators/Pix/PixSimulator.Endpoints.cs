using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Simulators.Kit;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Simulators.Pix;

// The token and the charges (PROVIDERS.md §7.1–7.3): PUT/GET/PATCH /cob/{txid}, and the webhook registration.
public sealed partial class PixSimulator
{
    private static readonly Regex TxidFormat = new("^[a-zA-Z0-9]{26,35}$", RegexOptions.Compiled);

    protected override void MapEndpoints()
    {
        Serve(Request.Create().WithPath("/oauth/token").UsingPost(), Token);
        Serve(Request.Create().WithPath(new RegexMatcher("^/cob/[^/]+$")).UsingPut(), PutCob);
        Serve(Request.Create().WithPath(new RegexMatcher("^/cob/[^/]+$")).UsingGet(), r => Authorized(r, () => GetCob(r)));
        Serve(Request.Create().WithPath(new RegexMatcher("^/cob/[^/]+$")).UsingPatch(), r => Authorized(r, () => PatchCob(r)));
        Serve(Request.Create().WithPath(new RegexMatcher("^/webhook/[^/]+$")).UsingPut(), r => Authorized(r, () => PutWebhook(r)));
        Serve(Request.Create().WithPath(new RegexMatcher("^/webhook/[^/]+$")).UsingGet(), r => Authorized(r, () => GetWebhook(r)));
        Serve(Request.Create().WithPath(new RegexMatcher("^/webhook/[^/]+$")).UsingDelete(), r => Authorized(r, () =>
        {
            SetWebhook(Segment(r, 1), null);
            return SimWire.Empty(204);
        }));
        MapTransfers();
    }

    /// <summary>POST /oauth/token: Basic client credentials, grant_type=client_credentials; a secret "invalid" is refused.</summary>
    private IResponseMessage Token(IRequestMessage request)
    {
        if (!SimWire.TryReadBasic(SimWire.Header(request, "Authorization"), out _, out var secret) || secret == "invalid")
        {
            return SimWire.Raw(401, """{"error":"invalid_client","error_description":"Credenciais do cliente inválidas"}""");
        }

        if (!SimWire.Body(request).Contains("grant_type=client_credentials", StringComparison.Ordinal))
        {
            return SimWire.Raw(400, """{"error":"unsupported_grant_type","error_description":"grant_type deve ser client_credentials"}""");
        }

        var token = "pix_at_" + Guid.NewGuid().ToString("N");
        lock (Gate)
        {
            _tokens[token] = Clock.GetUtcNow().AddSeconds(3600);
        }

        return SimWire.Raw(200, PixWire.Write(json =>
        {
            json.WriteString("access_token", token);
            json.WriteString("token_type", "Bearer");
            json.WriteNumber("expires_in", 3600);
            json.WriteString("scope", "cob.write cob.read pix.write pix.read webhook.write webhook.read");
        }));
    }

    /// <summary>PUT /cob/{txid}: creates (201), or revises an ATIVA charge (revisao + 1); any other status is refused.</summary>
    private async Task<IResponseMessage> PutCob(IRequestMessage request, HttpContext context)
    {
        if (Denied(request) is { } denied)
        {
            return denied;
        }

        var txid = Segment(request, 1);
        if (!TxidFormat.IsMatch(txid))
        {
            return PixWire.Invalid("CobOperacaoInvalida", "O campo txid não respeita o schema.", "cob.txid",
                "O campo cob.txid não respeita o schema: [a-zA-Z0-9]{26,35}.", txid);
        }

        if (!CobBody.TryParse(SimWire.Body(request), out var body, out var invalid))
        {
            return invalid;
        }

        PixRecord record;
        bool created;
        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            if (Store.TryGet(txid, out var existing))
            {
                if (existing.Kind != PixKind.Cob || existing.StatusAt(now) != "ATIVA")
                {
                    return PixWire.Invalid("CobOperacaoInvalida", "A cobrança não está ATIVA e não pode ser revisada.",
                        "cob.status", $"A cobrança está {existing.StatusAt(now)}.");
                }

                body.Revise(existing);
                existing.Revisao++;
                existing.PixCopiaECola = PixWire.BrCode(existing.Location!, _options.MerchantName, _options.MerchantCity, existing.Valor);
                return SimWire.Raw(200, PixWire.Cob(existing, now));
            }

            var forced = TakeOverride(new OverrideFacts(txid, null, body.Valor, "cob", body.Cpf ?? body.Cnpj));
            var decision = PixOutcomeRules.DecideCob(body.SolicitacaoPagador, body.AmountMinor, forced);
            if (decision.Rejected)
            {
                return PixWire.Problem(decision.HttpStatus, decision.ErrorType!, "Cobrança inválida.",
                    "A cobrança não pôde ser criada pelo PSP.",
                    ("Operação recusada pelo PSP na criação (sandbox).", "cob.solicitacaoPagador", body.SolicitacaoPagador));
            }

            var (mode, lateBy) = CallbackModeFor(txid, forced?.CallbackMode);
            var finalAt = mode == CallbackMode.Early ? now : now + decision.Delay;
            var location = $"{_options.LocationHost}/qr/v2/{Guid.NewGuid()}";
            record = new PixRecord
            {
                Kind = PixKind.Cob,
                Reference = txid,
                Valor = body.Valor,
                AmountMinor = body.AmountMinor,
                Chave = body.Chave,
                Rule = decision.Rule,
                ScheduledStatus = decision.FinalStatus,
                Motivo = decision.Motivo,
                EndToEndId = PixWire.EndToEndId(txid, finalAt),
                Expiracao = forced?.Expiracao ?? body.Expiracao,
                LocId = ++_locSequence,
                Location = location,
                DevedorCpf = body.Cpf,
                DevedorCnpj = body.Cnpj,
                DevedorNome = body.Nome,
                SolicitacaoPagador = body.SolicitacaoPagador,
                PixCopiaECola = PixWire.BrCode(location, _options.MerchantName, _options.MerchantCity, body.Valor),
                CreatedAt = now,
                FinalAt = finalAt,
                CallbackMode = mode,
                LateBy = lateBy,
            };
            created = Store.TryAdd(record);
        }

        // Early: the outcome and its webhook come before this reply (the kit); else the webhook is scheduled.
        await AcceptedAsync(record, context, scheduleFinal: false);
        if (created && record.ScheduledStatus == "CONCLUIDA" && record.CallbackMode != CallbackMode.Early)
        {
            ScheduleWebhook(record);
        }

        lock (Gate)
        {
            // The creation reply shows the initial state, whatever follows (early mode excepted).
            return SimWire.Raw(201, PixWire.Cob(record, Clock.GetUtcNow(), initial: record.CallbackMode != CallbackMode.Early));
        }
    }

    private IResponseMessage GetCob(IRequestMessage request)
    {
        lock (Gate)
        {
            return Store.TryGet(Segment(request, 1), out var record) && record.Kind == PixKind.Cob
                ? SimWire.Raw(200, PixWire.Cob(record, Clock.GetUtcNow()))
                : PixWire.CobNotFound();
        }
    }

    /// <summary>PATCH /cob/{txid} {"status":"REMOVIDA_PELO_USUARIO_RECEBEDOR"}: only an ATIVA charge.</summary>
    private IResponseMessage PatchCob(IRequestMessage request)
    {
        string? status = null;
        try
        {
            using var json = JsonDocument.Parse(SimWire.Body(request));
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("status", out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                status = value.GetString();
            }
        }
        catch (JsonException)
        {
            return PixWire.Invalid("CobOperacaoInvalida", "O corpo não é um JSON válido.", "cob", "JSON inválido.");
        }

        if (status != "REMOVIDA_PELO_USUARIO_RECEBEDOR")
        {
            return PixWire.Invalid("CobOperacaoInvalida", "Só é possível alterar o status para REMOVIDA_PELO_USUARIO_RECEBEDOR.",
                "cob.status", "Status inválido.", status);
        }

        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            if (!Store.TryGet(Segment(request, 1), out var record) || record.Kind != PixKind.Cob)
            {
                return PixWire.CobNotFound();
            }

            if (record.StatusAt(now) != "ATIVA")
            {
                return PixWire.Invalid("CobOperacaoInvalida", "A cobrança não está ATIVA.", "cob.status",
                    $"A cobrança está {record.StatusAt(now)}.");
            }

            record.RemovedAt = now;
            record.FinalNotified = true;
            return SimWire.Raw(200, PixWire.Cob(record, now));
        }
    }

    private IResponseMessage PutWebhook(IRequestMessage request)
    {
        string? url = null;
        try
        {
            using var json = JsonDocument.Parse(SimWire.Body(request));
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("webhookUrl", out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                url = value.GetString();
            }
        }
        catch (JsonException)
        {
            // Refused below.
        }

        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return PixWire.Invalid("WebhookOperacaoInvalida", "webhookUrl é obrigatório e deve ser uma URL absoluta.",
                "webhookUrl", "URL inválida.", url);
        }

        SetWebhook(Segment(request, 1), url);
        return SimWire.Empty(204);
    }

    private IResponseMessage GetWebhook(IRequestMessage request)
    {
        var chave = Segment(request, 1);
        return WebhookUrl(chave) is { } url
            ? SimWire.Raw(200, PixWire.Write(json =>
            {
                json.WriteString("webhookUrl", url);
                json.WriteString("chave", chave);
            }))
            : PixWire.Problem(404, "WebhookNaoEncontrado", "Webhook não encontrado.", "Nenhum webhook para esta chave.");
    }

    private IResponseMessage Authorized(IRequestMessage request, Func<IResponseMessage> handle) => Denied(request) ?? handle();

    /// <summary>A Bearer token this simulator issued and that has not expired; else 401 AcessoNegado.</summary>
    private IResponseMessage? Denied(IRequestMessage request)
    {
        var authorization = SimWire.Header(request, "Authorization");
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return PixWire.Denied();
        }

        lock (Gate)
        {
            return _tokens.TryGetValue(authorization["Bearer ".Length..].Trim(), out var until) && until > Clock.GetUtcNow()
                ? null
                : PixWire.Denied();
        }
    }

    /// <summary>The path's n-th segment (0-based), unescaped.</summary>
    private static string Segment(IRequestMessage request, int index)
    {
        var parts = request.Path.Trim('/').Split('/');
        return index < parts.Length ? Uri.UnescapeDataString(parts[index]) : "";
    }
}
