namespace Connectors.Abstractions.Tests;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData("XAF", 0)]
    [InlineData("XOF", 0)]
    [InlineData("RWF", 0)]
    [InlineData("BRL", 2)]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    public void FromCode_KnownCode_HasIsoExponent(string code, int exponent)
    {
        var currency = Currency.FromCode(code);

        Assert.Equal(code, currency.Code);
        Assert.Equal(exponent, currency.Exponent);
        Assert.Equal(code, currency.ToString());
    }

    [Fact]
    public void NamedCurrencies_MatchTheTable()
    {
        Assert.Same(Currency.FromCode("XAF"), Currency.XAF);
        Assert.Same(Currency.FromCode("RWF"), Currency.RWF);
        Assert.Same(Currency.FromCode("BRL"), Currency.BRL);
        Assert.Same(Currency.FromCode("USD"), Currency.USD);
        Assert.Same(Currency.FromCode("EUR"), Currency.EUR);
        Assert.Equal(0, Currency.XAF.Exponent);
        Assert.Equal(0, Currency.RWF.Exponent);
        Assert.Equal(2, Currency.BRL.Exponent);
        Assert.Equal(2, Currency.USD.Exponent);
        Assert.Equal(2, Currency.EUR.Exponent);
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("xaf")]
    [InlineData("Xaf")]
    [InlineData(" XAF")]
    [InlineData("XAF ")]
    [InlineData("XA")]
    [InlineData("")]
    [InlineData(null)]
    public void TryFromCode_UnknownOrNotUpperCase_Refused(string? code)
    {
        Assert.False(Currency.TryFromCode(code, out var currency));
        Assert.Null(currency);
    }

    [Theory]
    [InlineData("XXX")]
    [InlineData("xaf")]
    public void FromCode_Unknown_ThrowsNamingTheCode(string code)
    {
        var exception = Assert.Throws<ArgumentException>(() => Currency.FromCode(code));

        Assert.Contains($"'{code}'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_EveryCurrency_HasUpperCaseCodeAndExponentZeroOrTwo()
    {
        Assert.NotEmpty(Currency.All);
        Assert.All(Currency.All, currency =>
        {
            Assert.Matches("^[A-Z]{3}$", currency.Code);
            Assert.Contains(currency.Exponent, new[] { 0, 2 });
            Assert.True(Currency.TryFromCode(currency.Code, out var found));
            Assert.Same(currency, found);
        });
    }
}
