namespace Connectors.Abstractions.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData(5000, "XAF", "5000")]
    [InlineData(0, "XAF", "0")]
    [InlineData(1, "RWF", "1")]
    [InlineData(1010, "BRL", "10.10")]
    [InlineData(1000, "BRL", "10.00")]
    [InlineData(5, "BRL", "0.05")]
    [InlineData(99, "USD", "0.99")]
    [InlineData(0, "BRL", "0.00")]
    [InlineData(123456789, "EUR", "1234567.89")]
    [InlineData(long.MaxValue, "USD", "92233720368547758.07")]
    public void ToMajorString_Amount_InvariantTextWithCurrencyDecimals(long minor, string code, string expected)
    {
        Assert.Equal(expected, new Money(minor, Currency.FromCode(code)).ToMajorString());
    }

    [Fact]
    public void ToString_Amount_MajorTextAndCode()
    {
        Assert.Equal("10.10 BRL", new Money(1010, Currency.BRL).ToString());
        Assert.Equal("5000 XAF", new Money(5000, Currency.XAF).ToString());
    }

    [Theory]
    [InlineData("5000", "XAF", 5000)]
    [InlineData("0", "XAF", 0)]
    [InlineData("10.10", "BRL", 1010)]
    [InlineData("10.1", "BRL", 1010)]
    [InlineData("10", "BRL", 1000)]
    [InlineData("0.05", "BRL", 5)]
    [InlineData("007", "USD", 700)]
    [InlineData("92233720368547758.07", "USD", long.MaxValue)]
    [InlineData("9223372036854775807", "XAF", long.MaxValue)]
    public void TryParseMajor_ValidText_ParsesMinorUnits(string text, string code, long expectedMinor)
    {
        var currency = Currency.FromCode(code);

        Assert.True(Money.TryParseMajor(text, currency, out var money));

        Assert.Equal(expectedMinor, money.Minor);
        Assert.Same(currency, money.Currency);
    }

    [Theory]
    [InlineData(5000, "XAF")]
    [InlineData(1010, "BRL")]
    [InlineData(5, "BRL")]
    [InlineData(0, "USD")]
    [InlineData(100000000, "EUR")]
    public void TryParseMajor_ToMajorStringOutput_RoundTrips(long minor, string code)
    {
        var original = new Money(minor, Currency.FromCode(code));

        Assert.True(Money.TryParseMajor(original.ToMajorString(), original.Currency, out var parsed));

        Assert.Equal(original, parsed);
    }

    [Theory]
    [InlineData("10.101", "BRL")] // more decimals than the currency has
    [InlineData("10.5", "XAF")] // XAF has no minor unit
    [InlineData("10.0", "XAF")]
    [InlineData("-1", "BRL")]
    [InlineData("+1", "BRL")]
    [InlineData("1e3", "XAF")]
    [InlineData("", "BRL")]
    [InlineData("10.", "BRL")]
    [InlineData(".5", "BRL")]
    [InlineData(" 10", "BRL")]
    [InlineData("10 ", "BRL")]
    [InlineData("10,10", "BRL")]
    [InlineData("1.000.00", "BRL")]
    [InlineData("1_000", "XAF")]
    [InlineData("١٠", "XAF")] // Arabic-Indic digits
    [InlineData("92233720368547758.08", "USD")] // one past long.MaxValue minor units
    [InlineData("9223372036854775808", "XAF")]
    [InlineData("100000000000000000", "USD")] // the whole part fits, times 100 does not
    public void TryParseMajor_InvalidText_Refused(string text, string code)
    {
        Assert.False(Money.TryParseMajor(text, Currency.FromCode(code), out var money));
        Assert.Equal(default, money);
    }

    [Fact]
    public void TryParseMajor_Null_Refused()
    {
        Assert.False(Money.TryParseMajor(null, Currency.BRL, out _));
        Assert.False(Money.TryParseMajor("10", null!, out _));
    }

    [Fact]
    public void Constructor_NegativeAmount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Money(-1, Currency.XAF));
    }

    [Fact]
    public void Constructor_NullCurrency_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new Money(1, null!));
    }

    [Fact]
    public void Add_SameCurrency_Sums()
    {
        Assert.Equal(new Money(1500, Currency.BRL), new Money(1000, Currency.BRL) + new Money(500, Currency.BRL));
    }

    [Fact]
    public void Subtract_SameCurrency_Subtracts()
    {
        Assert.Equal(new Money(500, Currency.BRL), new Money(1000, Currency.BRL) - new Money(500, Currency.BRL));
    }

    [Fact]
    public void Subtract_NegativeResult_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Money(500, Currency.BRL) - new Money(501, Currency.BRL));
    }

    [Fact]
    public void Add_Overflow_ThrowsOverflow()
    {
        Assert.Throws<OverflowException>(() => new Money(long.MaxValue, Currency.XAF) + new Money(1, Currency.XAF));
    }

    [Fact]
    public void Operators_MismatchedCurrencies_Throw()
    {
        var xaf = new Money(100, Currency.XAF);
        var rwf = new Money(100, Currency.RWF);

        Assert.Throws<InvalidOperationException>(() => xaf + rwf);
        Assert.Throws<InvalidOperationException>(() => xaf - rwf);
        Assert.Throws<InvalidOperationException>(() => xaf < rwf);
        Assert.Throws<InvalidOperationException>(() => xaf > rwf);
        Assert.Throws<InvalidOperationException>(() => xaf <= rwf);
        Assert.Throws<InvalidOperationException>(() => xaf >= rwf);
    }

    [Fact]
    public void Comparisons_SameCurrency_CompareMinorUnits()
    {
        var small = new Money(999, Currency.USD);
        var large = new Money(1000, Currency.USD);

        Assert.True(small < large);
        Assert.False(large < small);
        Assert.True(large > small);
        Assert.False(small > large);
        Assert.True(small <= large);
        Assert.True(small <= new Money(999, Currency.USD));
        Assert.False(large <= small);
        Assert.True(large >= small);
        Assert.True(large >= new Money(1000, Currency.USD));
        Assert.False(small >= large);
    }

    [Fact]
    public void Equality_SameMinorDifferentCurrency_NotEqual()
    {
        Assert.NotEqual(new Money(100, Currency.XAF), new Money(100, Currency.RWF));
        Assert.Equal(new Money(100, Currency.XAF), new Money(100, Currency.FromCode("XAF")));
    }
}
