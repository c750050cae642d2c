using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Simulators.Kit;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Simulators.Pix;

// Devoluções (PROVIDERS.md §7.2–7.3) and Efí-style payouts to a Pix key (§7.6, [S]).
public sealed partial class PixSimulator
{
    private static readonly Regex IdFormat = new("^[a-zA-Z0-9]{1,35}$", RegexOptions.Compiled);
    private static readonly TimeSpan RefundWindow = TimeSpan.FromDays(90);

    private void MapTransfers()
    {
        Serve(Request.Create().WithPath(new RegexMatcher("^/pix/[^/]+/devolucao/[^/]+$")).UsingPut(), PutDevolucao);
        Serve(Request.Create().WithPath(new RegexMatcher("^/pix/[^/]+/devolucao/[^/]+$")).UsingGet(), r => Authorized(r, () => GetDevolucao(r)));
        Serve(Request.Create().WithPath(new RegexMatcher("^/gn/pix/[^/]+$")).UsingPut(), PutEnvio);
        Serve(Request.Create().WithPath(new RegexMatcher("^/gn/pix/enviados/id-envio/[^/]+$")).UsingGet(),
            r => Authorized(r, () => GetEnvio(r)));
    }

    /// <summary>
    /// PUT /pix/{e2eid}/devolucao/{id} {"valor","natureza"}: 201 EM_PROCESSAMENTO; a reused id, a sum past the Pix's value
    /// or a Pix older than 90 days is 400 PixDevolucaoInvalida.
    /// </summary>
    private async Task<IResponseMessage> PutDevolucao(IRequestMessage request, HttpContext context)
    {
        if (Denied(request) is { } denied)
        {
            return denied;
        }

        var (e2e, id) = (Segment(request, 1), Segment(request, 3));
        var (valor, descricao) = ReadTransfer(SimWire.Body(request));
        PixRecord record;
        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            var cob = Store.All.FirstOrDefault(r => r.Kind == PixKind.Cob && r.EndToEndId == e2e && r.StatusAt(now) == "CONCLUIDA");
            if (cob is null)
            {
                return PixWire.Problem(404, "PixNaoEncontrado", "Pix não encontrado.", "Nenhum Pix recebido com este endToEndId.");
            }

            if (!IdFormat.IsMatch(id) || Store.Contains(id))
            {
                return PixWire.Invalid("PixDevolucaoInvalida", "O id da devolução é inválido ou já foi utilizado.", "id",
                    "O id deve ser único e respeitar [a-zA-Z0-9]{1,35}.", id);
            }

            if (PixWire.ParseValor(valor) is not { } minor || minor == 0)
            {
                return PixWire.Invalid("PixDevolucaoInvalida", "O campo valor não respeita o schema.", "valor",
                    "Deve respeitar \\d{1,10}\\.\\d{2} e ser maior que zero.", valor);
            }

            if (cob.RefundedMinor(now) + minor > cob.AmountMinor)
            {
                return PixWire.Invalid("PixDevolucaoInvalida", "A soma das devoluções excede o valor do Pix.", "valor",
                    "Valor acima do disponível para devolução.", valor);
            }

            if (cob.SettledAt(now) is { } paidAt && now - paidAt > RefundWindow)
            {
                return PixWire.Invalid("PixDevolucaoInvalida", "O prazo de devolução (90 dias) terminou.", "endToEndId", "Prazo expirado.", e2e);
            }

            var forced = TakeOverride(new OverrideFacts(id, null, valor, "devolucao"));
            var decision = PixOutcomeRules.DecideTransfer(minor, forced, "DEVOLVIDO");
            if (decision.Rejected)
            {
                return PixWire.Invalid(decision.ErrorType!, "A devolução foi recusada pelo PSP.", "valor", "Recusada (QA).", valor);
            }

            var (mode, lateBy) = CallbackModeFor(id, forced?.CallbackMode);
            record = new PixRecord
            {
                Kind = PixKind.Devolucao,
                Reference = id,
                Valor = valor!,
                AmountMinor = minor,
                Chave = cob.Chave,
                Rule = decision.Rule,
                ScheduledStatus = decision.FinalStatus,
                Motivo = decision.Motivo,
                EndToEndId = e2e,
                Parent = cob,
                RtrId = PixWire.EndToEndId(id, now, 'D'),
                Descricao = descricao,
                CreatedAt = now,
                FinalAt = mode == CallbackMode.Early ? now : now + decision.Delay,
                CallbackMode = mode,
                LateBy = lateBy,
            };
            Store.TryAdd(record);
            cob.Devolucoes.Add(record);
        }

        await AcceptedAsync(record, context, scheduleFinal: false);
        if (record.ScheduledStatus is not null && record.CallbackMode != CallbackMode.Early)
        {
            ScheduleWebhook(record);
        }

        lock (Gate)
        {
            return SimWire.Raw(201, PixWire.Devolucao(record, Clock.GetUtcNow(), initial: record.CallbackMode != CallbackMode.Early));
        }
    }

    private IResponseMessage GetDevolucao(IRequestMessage request)
    {
        lock (Gate)
        {
            return Store.TryGet(Segment(request, 3), out var record) && record.Kind == PixKind.Devolucao
                && record.EndToEndId == Segment(request, 1)
                ? SimWire.Raw(200, PixWire.Devolucao(record, Clock.GetUtcNow()))
                : PixWire.Problem(404, "PixDevolucaoNaoEncontrada", "Devolução não encontrada.", "Nenhuma devolução com este id para este Pix.");
        }
    }

    /// <summary>
    /// PUT /gn/pix/{idEnvio} {"valor","pagador":{"chave"},"favorecido":{"chave"}}: 201 EM_PROCESSAMENTO; the same idEnvio
    /// again answers the payout already made (200), never a second one [S]. No webhook: the payout is polled.
    /// </summary>
    private async Task<IResponseMessage> PutEnvio(IRequestMessage request, HttpContext context)
    {
        if (Denied(request) is { } denied)
        {
            return denied;
        }

        var id = Segment(request, 2);
        var (valor, pagador, favorecido) = ReadEnvio(SimWire.Body(request));
        PixRecord record;
        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            if (Store.TryGet(id, out var existing))
            {
                return existing.Kind == PixKind.Envio
                    ? SimWire.Raw(200, PixWire.Envio(existing, now))
                    : PixWire.Invalid("PixEnvioInvalido", "O idEnvio já foi utilizado.", "idEnvio", "idEnvio repetido.", id);
            }

            if (!IdFormat.IsMatch(id) || PixWire.ParseValor(valor) is not { } minor || minor == 0
                || string.IsNullOrWhiteSpace(pagador) || string.IsNullOrWhiteSpace(favorecido))
            {
                return PixWire.Invalid("PixEnvioInvalido", "Requisição de envio inválida.", "valor, pagador.chave, favorecido.chave",
                    "idEnvio [a-zA-Z0-9]{1,35}, valor \\d{1,10}\\.\\d{2} e as duas chaves são obrigatórios.", valor);
            }

            var forced = TakeOverride(new OverrideFacts(id, null, valor, "envio"));
            var decision = PixOutcomeRules.DecideTransfer(minor, forced, "REALIZADO");
            if (decision.Rejected)
            {
                return PixWire.Invalid(decision.ErrorType!, "O envio foi recusado pelo PSP.", "valor", "Recusado (QA).", valor);
            }

            record = new PixRecord
            {
                Kind = PixKind.Envio,
                Reference = id,
                Valor = valor!,
                AmountMinor = minor,
                Chave = pagador,
                Favorecido = favorecido,
                Rule = decision.Rule,
                ScheduledStatus = decision.FinalStatus,
                Motivo = decision.Motivo,
                EndToEndId = PixWire.EndToEndId(id, now),
                CreatedAt = now,
                FinalAt = now + decision.Delay,
                CallbackMode = CallbackMode.Drop,
            };
            Store.TryAdd(record);
        }

        await AcceptedAsync(record, context, scheduleFinal: false);
        lock (Gate)
        {
            return SimWire.Raw(201, PixWire.Envio(record, Clock.GetUtcNow(), initial: true));
        }
    }

    private IResponseMessage GetEnvio(IRequestMessage request)
    {
        lock (Gate)
        {
            return Store.TryGet(Segment(request, 4), out var record) && record.Kind == PixKind.Envio
                ? SimWire.Raw(200, PixWire.Envio(record, Clock.GetUtcNow()))
                : PixWire.Problem(404, "EnvioNaoEncontrado", "Envio não encontrado.", "Nenhum envio com este idEnvio.");
        }
    }

    private static (string? Valor, string? Descricao) ReadTransfer(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object ? (Text(root, "valor"), Text(root, "descricao")) : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static (string? Valor, string? Pagador, string? Favorecido) ReadEnvio(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            static string? Key(JsonElement root, string name) =>
                root.TryGetProperty(name, out var party) && party.ValueKind == JsonValueKind.Object ? Text(party, "chave") : null;
            return (Text(root, "valor"), Key(root, "pagador"), Key(root, "favorecido"));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
