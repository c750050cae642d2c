namespace Simulators.Pix;

/// <summary>What a creation gets: refused at once, or accepted with a final status (null: never moves) after a delay.</summary>
public sealed record PixDecision(bool Rejected, string? FinalStatus, TimeSpan Delay, string Rule, string? ErrorType = null,
    int HttpStatus = 400, string? Motivo = null);

/// <summary>
/// The sandbox rules of PROVIDERS §1 for Pix, as pure functions of the request (and the override): first the override,
/// then <c>fail_on_create</c> in solicitacaoPagador (400 CobOperacaoInvalida), then the amount's parity: even →
/// CONCLUIDA (DEVOLVIDO, REALIZADO) after the last two digits in seconds, odd → REMOVIDA_PELO_PSP (NAO_REALIZADO) at once.
/// The document rule is for cards only.
/// </summary>
public static class PixOutcomeRules
{
    public const string OverrideRule = "override";
    public const string FailOnCreateRule = "fail_on_create";
    public const string EvenRule = "even amount: paid after the last two digits in seconds";
    public const string OddRule = "odd amount: fails at once";

    public static PixDecision DecideCob(string? solicitacaoPagador, long amountMinor, PixOverrideOutcome? forced)
    {
        if (forced is not null && (forced.RejectCreate is not null || forced.Status is not null))
        {
            return Forced(forced);
        }

        if (solicitacaoPagador?.Contains("fail_on_create", StringComparison.OrdinalIgnoreCase) == true)
        {
            return new PixDecision(true, null, TimeSpan.Zero, FailOnCreateRule, "CobOperacaoInvalida");
        }

        return Parity(amountMinor, "CONCLUIDA", "REMOVIDA_PELO_PSP", null);
    }

    /// <summary>A devolução or a payout: the transfer rule (even: done after the delay; odd: not done, at once).</summary>
    public static PixDecision DecideTransfer(long amountMinor, PixOverrideOutcome? forced, string done)
    {
        if (forced is not null && (forced.RejectCreate is not null || forced.Status is not null))
        {
            return Forced(forced);
        }

        return Parity(amountMinor, done, "NAO_REALIZADO", "Saldo insuficiente na conta do recebedor (sandbox: valor ímpar)");
    }

    /// <summary>The delay of an even amount: its last two digits, in seconds (1010 → 10 s, 3000 → 0 s).</summary>
    public static TimeSpan DelayOf(long amountMinor) => TimeSpan.FromSeconds(amountMinor % 100);

    private static PixDecision Parity(long amountMinor, string success, string failure, string? motivo) =>
        amountMinor % 2 == 0
            ? new PixDecision(false, success, DelayOf(amountMinor), EvenRule)
            : new PixDecision(false, failure, TimeSpan.Zero, OddRule, Motivo: motivo);

    private static PixDecision Forced(PixOverrideOutcome forced) => forced.RejectCreate is { } type
        ? new PixDecision(true, null, TimeSpan.Zero, OverrideRule, type, forced.HttpStatus ?? 400)
        : new PixDecision(false, forced.Status is "ATIVA" or "EM_PROCESSAMENTO" ? null : forced.Status,
            TimeSpan.FromSeconds(Math.Max(0, forced.DelaySeconds)), OverrideRule, Motivo: forced.Motivo ?? "Forçado pelo QA");
}
