using Connectors.Abstractions;

namespace Connectors.Pix.Tests;

/// <summary>PROVIDERS §7.3 and §7.6, arm by arm; anything else throws.</summary>
public sealed class StatusMapTests
{
    [Theory]
    [InlineData("ATIVA", false, PaymentStatus.Pending)]
    [InlineData("ATIVA", true, PaymentStatus.Expired)]
    [InlineData("CONCLUIDA", false, PaymentStatus.Paid)]
    [InlineData("CONCLUIDA", true, PaymentStatus.Paid)]
    [InlineData("REMOVIDA_PELO_USUARIO_RECEBEDOR", false, PaymentStatus.Canceled)]
    [InlineData("REMOVIDA_PELO_PSP", false, PaymentStatus.Failed)]
    public void ToPaymentStatus_Documented_Maps(string status, bool pastExpiry, PaymentStatus expected) =>
        Assert.Equal(expected, PixStatusMap.ToPaymentStatus(status, pastExpiry));

    [Theory]
    [InlineData("EM_PROCESSAMENTO")]
    [InlineData("ativa")]
    [InlineData("")]
    [InlineData(null)]
    public void ToPaymentStatus_Undocumented_Throws(string? status)
    {
        var e = Assert.Throws<UnknownProviderStatusException>(() => PixStatusMap.ToPaymentStatus(status, false));
        Assert.Equal("pix", e.ConnectorId);
    }

    [Fact]
    public void FailureOf_RemovedByPsp_IsProviderErrorWithTheRawStatus()
    {
        var failure = PixStatusMap.FailureOf(PaymentStatus.Failed, "REMOVIDA_PELO_PSP");

        Assert.Equal(FailureCode.ProviderError, failure!.Code);
        Assert.Equal("REMOVIDA_PELO_PSP", failure.ProviderCode);
        Assert.Equal(FailureCode.Expired, PixStatusMap.FailureOf(PaymentStatus.Expired, "ATIVA")!.Code);
        Assert.Null(PixStatusMap.FailureOf(PaymentStatus.Pending, "ATIVA"));
    }

    [Theory]
    [InlineData("EM_PROCESSAMENTO", TransferStatus.Pending)]
    [InlineData("DEVOLVIDO", TransferStatus.Completed)]
    [InlineData("NAO_REALIZADO", TransferStatus.Failed)]
    public void ToRefundStatus_Documented_Maps(string status, TransferStatus expected) =>
        Assert.Equal(expected, PixStatusMap.ToRefundStatus(status));

    [Theory]
    [InlineData("EM_PROCESSAMENTO", TransferStatus.Pending)]
    [InlineData("REALIZADO", TransferStatus.Completed)]
    [InlineData("NAO_REALIZADO", TransferStatus.Failed)]
    public void ToPayoutStatus_Documented_Maps(string status, TransferStatus expected) =>
        Assert.Equal(expected, PixStatusMap.ToPayoutStatus(status));

    [Fact]
    public void TransferStatuses_Undocumented_Throw()
    {
        Assert.Throws<UnknownProviderStatusException>(() => PixStatusMap.ToRefundStatus("REALIZADO"));
        Assert.Throws<UnknownProviderStatusException>(() => PixStatusMap.ToPayoutStatus("DEVOLVIDO"));
    }

    [Theory]
    [InlineData("CobOperacaoInvalida")]
    [InlineData("PixDevolucaoInvalida")]
    [InlineData("AcessoNegado")]
    [InlineData("ServicoIndisponivel")]
    public void ToFailure_KeepsTheCodeNotTheText(string code)
    {
        var failure = PixStatusMap.ToFailure(code);

        Assert.Equal(FailureCode.ProviderError, failure.Code);
        Assert.Equal(code, failure.ProviderCode);
        Assert.False(string.IsNullOrWhiteSpace(failure.Message));
    }
}
