namespace Connectors.Abstractions.Tests;

public sealed class CurrencyLimitTests
{
    private static readonly Currency Xaf = Currency.FromCode("XAF");
    private static readonly Currency Brl = Currency.FromCode("BRL");

    [Theory]
    [InlineData(99, false)]
    [InlineData(100, true)]
    [InlineData(500_000, true)]
    [InlineData(500_001, false)]
    public void Allows_BoundsInclusive(long amount, bool expected)
    {
        var limit = new CurrencyLimit(Xaf, new Money(100, Xaf), new Money(500_000, Xaf));

        Assert.Equal(expected, limit.Allows(new Money(amount, Xaf)));
    }

    [Fact]
    public void Allows_OpenBounds_NoBound()
    {
        Assert.True(new CurrencyLimit(Xaf).Allows(new Money(long.MaxValue, Xaf)));
        Assert.True(new CurrencyLimit(Xaf, max: new Money(10, Xaf)).Allows(new Money(0, Xaf)));
        Assert.False(new CurrencyLimit(Xaf, min: new Money(10, Xaf)).Allows(new Money(9, Xaf)));
    }

    [Fact]
    public void Allows_OtherCurrency_False() =>
        Assert.False(new CurrencyLimit(Xaf).Allows(new Money(100, Brl)));

    [Fact]
    public void Create_BoundInAnotherCurrency_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CurrencyLimit(Xaf, new Money(100, Brl)));
        Assert.Throws<ArgumentException>(() => new CurrencyLimit(Xaf, max: new Money(100, Brl)));
    }

    [Fact]
    public void Descriptor_LimitFor_PerCurrency()
    {
        var descriptor = new ConnectorDescriptor
        {
            Id = "acme_pay", DisplayName = "Acme", Version = "1.0.0", Methods = [PaymentMethod.Card], Countries = ["BR"],
            Currencies = ["BRL", "XAF"], Capabilities = ConnectorCapabilities.None, CallbackTrust = CallbackTrust.Signed,
            Account = new AccountSchema(), Limits = [new CurrencyLimit(Brl, new Money(100, Brl))],
        };

        Assert.Equal(new Money(100, Brl), descriptor.LimitFor(Brl)!.Min);
        Assert.Null(descriptor.LimitFor(Xaf));
    }

    [Fact]
    public void ConnectorDataLimits_FitsUpToMaxLength()
    {
        Assert.True(ConnectorDataLimits.Fits(null));
        Assert.True(ConnectorDataLimits.Fits(new string('x', ConnectorDataLimits.MaxLength)));
        Assert.False(ConnectorDataLimits.Fits(new string('x', ConnectorDataLimits.MaxLength + 1)));
    }

    [Fact]
    public void ConnectorOptions_PerConnectorOnly()
    {
        var options = new ConnectorOptions(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["acme_pay"] = new Dictionary<string, string> { ["pollSeconds"] = "30" },
        });

        Assert.Equal("30", options.Get("acme_pay", "pollSeconds"));
        Assert.Null(options.Get("other", "pollSeconds"));
        Assert.Empty(ConnectorOptions.Empty.For("acme_pay"));
    }
}
