using System.Text.Json.Serialization;
using Simulators.Kit;

namespace Simulators.Pix;

/// <summary>
/// The <c>outcome</c> of <c>POST /__sim/overrides</c> for Pix (matched by txid, devolução id or idEnvio, amount as
/// "10.10", document, operation <c>cob</c>, <c>devolucao</c> or <c>envio</c>): <c>status</c> the final status after
/// <c>delaySeconds</c> (ATIVA: for ever; any other text is reported as is, for undocumented statuses); <c>rejectCreate</c>
/// an error type refusing the PUT (status <c>httpStatus</c>, default 400); <c>expiracao</c> the charge's lifetime;
/// <c>motivo</c> of a NAO_REALIZADO; <c>callbackMode</c> as every simulator.
/// </summary>
public sealed class PixOverrideOutcome
{
    public string? Status { get; init; }

    public int DelaySeconds { get; init; }

    public string? RejectCreate { get; init; }

    public int? HttpStatus { get; init; }

    public int? Expiracao { get; init; }

    public string? Motivo { get; init; }

    public CallbackMode? CallbackMode { get; init; }
}

/// <summary>What a record is: a charge, a devolução or a payout.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PixKind>))]
public enum PixKind
{
    [JsonStringEnumMemberName("cob")]
    Cob,

    [JsonStringEnumMemberName("devolucao")]
    Devolucao,

    [JsonStringEnumMemberName("envio")]
    Envio,
}

/// <summary>
/// One charge, devolução or payout; mutable, guarded by the simulator's lock. Its reference is the txid, the devolução
/// id or the idEnvio. Its status on the clock: a hand resolution, else a PATCH removal, else the scheduled final status
/// once <see cref="SimTransaction.FinalAt"/> has passed, else the initial one (ATIVA, EM_PROCESSAMENTO).
/// </summary>
public sealed class PixRecord : SimTransaction
{
    public required PixKind Kind { get; init; }

    /// <summary>"10.10".</summary>
    public required string Valor { get; set; }

    public required long AmountMinor { get; set; }

    /// <summary>The receiving key (a charge, a webhook's key), or the payer key of a payout.</summary>
    public required string Chave { get; init; }

    /// <summary>The sandbox rule (or override) that decided.</summary>
    public required string Rule { get; init; }

    /// <summary>The status at <see cref="SimTransaction.FinalAt"/>; null: the initial status for ever.</summary>
    public string? ScheduledStatus { get; init; }

    public string? Motivo { get; init; }

    /// <summary>The received Pix (charge), the refunded Pix (devolução) or the sent Pix (payout).</summary>
    public required string EndToEndId { get; init; }

    // ----- Charges -----
    public int Expiracao { get; set; }

    public int Revisao { get; set; }

    public long LocId { get; init; }

    public string? Location { get; init; }

    public string? DevedorCpf { get; set; }

    public string? DevedorCnpj { get; set; }

    public string? DevedorNome { get; set; }

    public string? SolicitacaoPagador { get; set; }

    public string? PixCopiaECola { get; set; }

    /// <summary>Removed by the receiver (PATCH), and when.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    /// <summary>The devoluções of the received Pix, oldest first.</summary>
    [JsonIgnore]
    public List<PixRecord> Devolucoes { get; } = [];

    // ----- Devoluções and payouts -----
    /// <summary>A devolução's Pix: the charge it refunds.</summary>
    [JsonIgnore]
    public PixRecord? Parent { get; init; }

    public string? RtrId { get; init; }

    public string? Descricao { get; init; }

    /// <summary>A payout's receiving key.</summary>
    public string? Favorecido { get; init; }

    // ----- By hand -----
    public string? ResolvedStatus { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string InitialStatus => Kind == PixKind.Cob ? "ATIVA" : "EM_PROCESSAMENTO";

    public string StatusAt(DateTimeOffset now)
    {
        if (ResolvedStatus is not null && ResolvedAt <= now)
        {
            return ResolvedStatus;
        }

        if (RemovedAt is not null && RemovedAt <= now)
        {
            return "REMOVIDA_PELO_USUARIO_RECEBEDOR";
        }

        return ScheduledStatus is not null && FinalAt <= now ? ScheduledStatus : InitialStatus;
    }

    /// <summary>When the status of <paramref name="now"/> was reached (a payment's horario), or null while initial.</summary>
    public DateTimeOffset? SettledAt(DateTimeOffset now) =>
        ResolvedStatus is not null && ResolvedAt <= now ? ResolvedAt
        : RemovedAt is not null && RemovedAt <= now ? RemovedAt
        : ScheduledStatus is not null && FinalAt <= now ? FinalAt
        : null;

    /// <summary>What has been refunded of the Pix: every devolução not NAO_REALIZADO.</summary>
    public long RefundedMinor(DateTimeOffset now) =>
        Devolucoes.Where(d => d.StatusAt(now) != "NAO_REALIZADO").Sum(d => d.AmountMinor);

    public object Snapshot(DateTimeOffset now) => new
    {
        kind = Kind,
        reference = Reference,
        status = StatusAt(now),
        valor = Valor,
        amountMinor = AmountMinor,
        chave = Chave,
        endToEndId = Kind == PixKind.Cob && StatusAt(now) != "CONCLUIDA" ? null : EndToEndId,
        txid = Kind == PixKind.Devolucao ? Parent?.Reference : Kind == PixKind.Cob ? Reference : null,
        revisao = Kind == PixKind.Cob ? Revisao : (int?)null,
        expiracao = Kind == PixKind.Cob ? Expiracao : (int?)null,
        location = Location,
        devedor = DevedorCpf ?? DevedorCnpj,
        solicitacaoPagador = SolicitacaoPagador,
        rtrId = RtrId,
        favorecido = Favorecido,
        motivo = StatusAt(now) == "NAO_REALIZADO" ? Motivo : null,
        createdAt = CreatedAt,
        finalAt = FinalAt,
        settledAt = SettledAt(now),
        rule = Rule,
        callbackMode = CallbackMode,
    };
}
