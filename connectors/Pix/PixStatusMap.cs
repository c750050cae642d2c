using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Pix;

/// <summary>
/// The one table from the API Pix's words to ours (PROVIDERS §7.3, §7.6), for creation, polling, cancel and webhooks
/// alike. A charge never changes status when it expires: an ATIVA charge past criacao + expiracao is expired here, on
/// the context clock. Anything undocumented throws.
/// </summary>
internal static class PixStatusMap
{
    public const string Ativa = "ATIVA";
    public const string Concluida = "CONCLUIDA";
    public const string RemovidaPeloUsuario = "REMOVIDA_PELO_USUARIO_RECEBEDOR";
    public const string RemovidaPeloPsp = "REMOVIDA_PELO_PSP";

    public const string EmProcessamento = "EM_PROCESSAMENTO";
    public const string Devolvido = "DEVOLVIDO";
    public const string NaoRealizado = "NAO_REALIZADO";
    public const string Realizado = "REALIZADO";

    /// <summary>A charge's status, knowing whether its expiry has passed.</summary>
    public static PaymentStatus ToPaymentStatus(string? status, bool pastExpiry) => status switch
    {
        Ativa => pastExpiry ? PaymentStatus.Expired : PaymentStatus.Pending,
        Concluida => PaymentStatus.Paid,
        RemovidaPeloUsuario => PaymentStatus.Canceled,
        RemovidaPeloPsp => PaymentStatus.Failed,
        _ => throw new UnknownProviderStatusException(PixConnector.Id, status),
    };

    /// <summary>The failure of a charge in a failed or expired status; null for the others.</summary>
    public static Failure? FailureOf(PaymentStatus status, string? providerStatus) => status switch
    {
        PaymentStatus.Failed => new Failure(FailureCode.ProviderError, "The Pix provider removed the charge.", providerStatus),
        PaymentStatus.Expired => new Failure(FailureCode.Expired, "The Pix charge expired before it was paid.", null),
        PaymentStatus.Created or PaymentStatus.Pending or PaymentStatus.Processing or PaymentStatus.Authorized
            or PaymentStatus.UnderReview or PaymentStatus.Paid or PaymentStatus.Canceled or PaymentStatus.Refunded
            or PaymentStatus.Chargedback => null,
    };

    /// <summary>A devolução's status: EM_PROCESSAMENTO, DEVOLVIDO, NAO_REALIZADO.</summary>
    public static TransferStatus ToRefundStatus(string? status) => status switch
    {
        EmProcessamento => TransferStatus.Pending,
        Devolvido => TransferStatus.Completed,
        NaoRealizado => TransferStatus.Failed,
        _ => throw new UnknownProviderStatusException(PixConnector.Id, status),
    };

    /// <summary>A payout's status [S]: EM_PROCESSAMENTO, REALIZADO, NAO_REALIZADO.</summary>
    public static TransferStatus ToPayoutStatus(string? status) => status switch
    {
        EmProcessamento => TransferStatus.Pending,
        Realizado => TransferStatus.Completed,
        NaoRealizado => TransferStatus.Failed,
        _ => throw new UnknownProviderStatusException(PixConnector.Id, status),
    };

    /// <summary>An RFC 7807 error type in our words: the PSP's free text is never shown, its code is kept.</summary>
    public static Failure ToFailure(string? code) => code switch
    {
        "AcessoNegado" => new Failure(FailureCode.ProviderError, "The Pix provider refused the account's access.", code),
        "CobOperacaoInvalida" => new Failure(FailureCode.ProviderError, "The Pix provider refused the charge.", code),
        "PixDevolucaoInvalida" => new Failure(FailureCode.ProviderError, "The Pix provider refused the refund.", code),
        // CobNaoEncontrado, PixNaoEncontrado, RequisicaoInvalida, ServicoIndisponivel, and anything new.
        _ => FailureMessages.Failure(FailureCode.ProviderError, code),
    };

    /// <summary>The failure of a devolução or payout NAO_REALIZADO (the PSP's motivo is free text: not shown).</summary>
    public static Failure NotDone(string what) => new(FailureCode.ProviderError, $"The Pix provider did not complete the {what}.", NaoRealizado);
}
