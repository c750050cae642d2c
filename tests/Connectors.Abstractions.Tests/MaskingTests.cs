namespace Connectors.Abstractions.Tests;

public sealed class MaskingTests
{
    [Theory]
    [InlineData("+237671234567", "+237******567")] // Cameroon
    [InlineData("+250781234567", "+250******567")] // Rwanda
    [InlineData("+5511987654321", "+551*******321")] // Brazil: the first three digits, whatever the country code's length
    [InlineData("237671234567", "237******567")] // no '+'
    [InlineData("+2376712345", "+237****345")]
    public void Phone_LongNumber_KeepsCountryCodeAndLastThreeDigits(string phone, string expected)
    {
        Assert.Equal(expected, Masking.Phone(phone));
    }

    [Theory]
    [InlineData("+237671234567")]
    [InlineData("+2376712")]
    [InlineData("2376712")]
    [InlineData("+5511987654321")]
    public void Phone_AnyNumber_HidesAtLeastThreeDigitsAndKeepsLength(string phone)
    {
        var masked = Masking.Phone(phone);

        Assert.Equal(phone.Length, masked.Length);
        Assert.True(masked.Count(c => c == '*') >= 3, masked);
        Assert.Equal(phone[^3..], masked[^3..]);
    }

    [Theory]
    [InlineData("123456", "******")]
    [InlineData("+123456", "******")]
    [InlineData("12", "**")]
    [InlineData("+1", "*")]
    public void Phone_SixDigitsOrFewer_FullyMasked(string phone, string expected)
    {
        var masked = Masking.Phone(phone);

        Assert.Equal(expected, masked);
        Assert.DoesNotMatch("[0-9]", masked);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Phone_NullOrEmpty_Empty(string? phone)
    {
        Assert.Equal("", Masking.Phone(phone));
    }

    [Theory]
    [InlineData("4235647728025682", "423564******5682")]
    [InlineData("4000000000000002", "400000******0002")]
    [InlineData("4111111111111", "411111***1111")] // 13 digits, the shortest PAN
    [InlineData("6011000990139424123", "601100*********4123")] // 19 digits
    public void CardNumber_Pan_KeepsBinAndLastFour(string number, string expected)
    {
        Assert.Equal(expected, Masking.CardNumber(number));
    }

    [Theory]
    [InlineData("411111111111")] // 12 digits
    [InlineData("1234")]
    [InlineData("")]
    [InlineData(null)]
    public void CardNumber_TooShortOrMissing_FullyMasked(string? number)
    {
        Assert.Equal("****", Masking.CardNumber(number));
    }

    [Theory]
    [InlineData("sk_live_abcdef9f2a", "****9f2a")]
    [InlineData("abcdefgh9f2a", "****9f2a")] // 12 characters, the shortest that shows its tail
    public void Secret_LongSecret_ShowsLastFourOnly(string secret, string expected)
    {
        Assert.Equal(expected, Masking.Secret(secret));
    }

    [Theory]
    [InlineData("abcdefg9f2a")] // 11 characters
    [InlineData("9f2a")]
    [InlineData("")]
    [InlineData(null)]
    public void Secret_ShortOrMissing_FullyMasked(string? secret)
    {
        Assert.Equal("****", Masking.Secret(secret));
    }

    [Fact]
    public void Records_ToString_PrintOnlyMaskedPhoneAndCard()
    {
        Assert.Equal("PaymentPayer { Phone = +237******567 }",
            new PaymentPayer { Phone = "+237671234567", Name = "Ada", DocumentNumber = "12345678909" }.ToString());
        Assert.Equal("PaymentCard { Number = 423564******5682 }",
            new PaymentCard { Number = "4235647728025682", ExpMonth = 12, ExpYear = 2030, Cvc = "987" }.ToString());
        Assert.Equal("PayoutRecipient { Phone = +250******567 }",
            new PayoutRecipient { Phone = "+250781234567", PixKey = "ada@example.com" }.ToString());
    }

    [Fact]
    public void ConnectorAccount_ToString_NeverPrintsCredentials()
    {
        var account = new ConnectorAccount
        {
            Id = "ca_1",
            Environment = ConnectorEnvironment.Sandbox,
            BaseUrl = new Uri("http://localhost:9090"),
            Credentials = new Dictionary<string, string> { ["apiKey"] = "sk_live_abcdef9f2a" },
            Settings = new Dictionary<string, string> { ["targetEnvironment"] = "sandbox" },
        };

        Assert.Equal("ConnectorAccount { Id = ca_1, Environment = Sandbox, BaseUrl = http://localhost:9090/ }", account.ToString());
    }

    [Fact]
    public void CreatePaymentRequest_ToString_PrintsMaskedPayerAndCard()
    {
        var text = new CreatePaymentRequest
        {
            PaymentId = "pay_1",
            ProviderReference = "ref",
            Amount = new Money(1010, Currency.BRL),
            Method = PaymentMethod.Card,
            Payer = new PaymentPayer { Phone = "+5511987654321" },
            Card = new PaymentCard { Number = "4235647728025682", ExpMonth = 12, ExpYear = 2030, Cvc = "314" },
        }.ToString();

        Assert.Contains("Payer = PaymentPayer { Phone = +551*******321 }", text, StringComparison.Ordinal);
        Assert.Contains("Card = PaymentCard { Number = 423564******5682 }", text, StringComparison.Ordinal);
        Assert.DoesNotContain("987654321", text, StringComparison.Ordinal);
        Assert.DoesNotContain("4235647728025682", text, StringComparison.Ordinal);
        Assert.DoesNotContain("314", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cvc", text, StringComparison.Ordinal);
    }
}
