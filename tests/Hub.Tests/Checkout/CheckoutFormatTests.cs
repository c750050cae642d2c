using Connectors.Abstractions;
using Hub.Checkout;
using Microsoft.AspNetCore.Http;

namespace Hub.Tests.Checkout;

public sealed class CheckoutFormatTests
{
    [Theory]
    [InlineData(5000, "XAF", "5 000 FCFA")]
    [InlineData(999, "XAF", "999 FCFA")]
    [InlineData(1250000, "XOF", "1 250 000 FCFA")]
    [InlineData(1010, "BRL", "R$ 10,10")]
    [InlineData(5, "BRL", "R$ 0,05")]
    [InlineData(123456789, "BRL", "R$ 1.234.567,89")]
    [InlineData(5000, "RWF", "RWF 5,000")]
    [InlineData(100, "RWF", "RWF 100")]
    [InlineData(1234567, "USD", "USD 12,345.67")]
    public void Format_KnownVectors(long minor, string currency, string expected) =>
        Assert.Equal(expected, CheckoutAmount.Format(new Money(minor, Currency.FromCode(currency))));

    [Theory]
    [InlineData("fr-CM,fr;q=0.9,en;q=0.8", "fr")]
    [InlineData("de-DE, pt-BR;q=0.5, en;q=0.4", "pt")]
    [InlineData("en;q=0.2, fr;q=0.8", "fr")]
    [InlineData("fr;q=0, en", "en")]
    [InlineData("de", "en")]
    [InlineData("", "en")]
    public void Pick_AcceptLanguage(string header, string expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.AcceptLanguage = header;

        Assert.Equal(expected, CheckoutText.Pick(http.Request));
    }

    [Fact]
    public void Texts_EveryLanguageHasEveryWord()
    {
        var english = CheckoutText.For("en");

        foreach (var language in new[] { "fr", "pt" })
        {
            Assert.Equal(english.Keys.Order(StringComparer.Ordinal), CheckoutText.For(language).Keys.Order(StringComparer.Ordinal));
        }

        Assert.Equal("Numéro de téléphone", CheckoutText.For("fr")["phone"]);
        Assert.Equal("Número de telefone", CheckoutText.For("pt")["phone"]);
    }
}
