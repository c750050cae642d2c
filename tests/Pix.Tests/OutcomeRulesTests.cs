using Simulators.Pix;

namespace Connectors.Pix.Tests;

/// <summary>The simulator's sandbox rules (PROVIDERS §1.2–1.3), as pure functions.</summary>
public sealed class OutcomeRulesTests
{
    [Theory]
    [InlineData(1010, "CONCLUIDA", 10)]
    [InlineData(2020, "CONCLUIDA", 20)]
    [InlineData(3000, "CONCLUIDA", 0)]
    [InlineData(1001, "REMOVIDA_PELO_PSP", 0)]
    [InlineData(1099, "REMOVIDA_PELO_PSP", 0)]
    public void DecideCob_AmountParity_PaysAfterTheLastTwoDigitsOrFailsAtOnce(long amount, string status, int seconds)
    {
        var decision = PixOutcomeRules.DecideCob("Pedido 1", amount, null);

        Assert.False(decision.Rejected);
        Assert.Equal(status, decision.FinalStatus);
        Assert.Equal(TimeSpan.FromSeconds(seconds), decision.Delay);
    }

    [Fact]
    public void DecideCob_FailOnCreate_IsRejectedWhateverTheAmount()
    {
        var decision = PixOutcomeRules.DecideCob("Pedido fail_on_create", 1010, null);

        Assert.True(decision.Rejected);
        Assert.Equal("CobOperacaoInvalida", decision.ErrorType);
        Assert.Equal(400, decision.HttpStatus);
    }

    [Fact]
    public void DecideCob_Override_WinsOverFailOnCreate()
    {
        var decision = PixOutcomeRules.DecideCob("fail_on_create", 1001, new PixOverrideOutcome { Status = "CONCLUIDA", DelaySeconds = 5 });

        Assert.Equal("CONCLUIDA", decision.FinalStatus);
        Assert.Equal(TimeSpan.FromSeconds(5), decision.Delay);
        Assert.Equal(PixOutcomeRules.OverrideRule, decision.Rule);
        Assert.Null(PixOutcomeRules.DecideCob(null, 1001, new PixOverrideOutcome { Status = "ATIVA" }).FinalStatus);
    }

    [Theory]
    [InlineData(1010, "DEVOLVIDO", 10)]
    [InlineData(1501, "NAO_REALIZADO", 0)]
    public void DecideTransfer_FollowsTheTransferRule(long amount, string status, int seconds)
    {
        var decision = PixOutcomeRules.DecideTransfer(amount, null, "DEVOLVIDO");

        Assert.Equal(status, decision.FinalStatus);
        Assert.Equal(TimeSpan.FromSeconds(seconds), decision.Delay);
    }

    [Fact]
    public void Wire_BrCodeAndIds_HaveTheSpecShapes()
    {
        var code = PixWire.BrCode("pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99", "EMPRESA", "SAO PAULO", null);
        var e2e = PixWire.EndToEndId("pay01ABC", new DateTimeOffset(2020, 9, 9, 12, 21, 0, TimeSpan.Zero));
        var rtr = PixWire.EndToEndId("ref01ABC", DateTimeOffset.UnixEpoch, 'D');

        // The simulator's own builder agrees with the spec's vector (GUI aside) and with the connector's CRC.
        Assert.Equal(PixBrCode.Dynamic("pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99", "EMPRESA", "SAO PAULO", null), code);
        Assert.Equal("29B1", PixWire.Crc16("123456789"));
        Assert.Matches("^E[0-9]{8}[0-9]{12}[a-zA-Z0-9]{11}$", e2e);
        Assert.StartsWith("E60701190202009091221", e2e, StringComparison.Ordinal);
        Assert.Matches("^D[0-9A-Za-z]{31}$", rtr);
        Assert.Equal("10.10", PixWire.Valor(1010));
        Assert.Equal(1010, PixWire.ParseValor("10.10"));
        Assert.Null(PixWire.ParseValor("10.1"));
        Assert.Null(PixWire.ParseValor("-1.00"));
    }
}
