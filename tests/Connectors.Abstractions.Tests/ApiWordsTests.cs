namespace Connectors.Abstractions.Tests;

public sealed class ApiWordsTests
{
    [Theory]
    [InlineData(FailureCode.InsufficientFunds, "insufficient_funds")]
    [InlineData(FailureCode.PayerDeclined, "payer_declined")]
    [InlineData(FailureCode.PayerNotFound, "payer_not_found")]
    [InlineData(FailureCode.Expired, "expired")]
    [InlineData(FailureCode.LimitExceeded, "limit_exceeded")]
    [InlineData(FailureCode.InvalidAccount, "invalid_account")]
    [InlineData(FailureCode.CardDeclined, "card_declined")]
    [InlineData(FailureCode.FraudSuspected, "fraud_suspected")]
    [InlineData(FailureCode.ProviderError, "provider_error")]
    public void FailureCode_ToApiString_IsApiWord(FailureCode code, string word)
    {
        Assert.Equal(word, code.ToApiString());
    }

    [Fact]
    public void FailureCode_EveryMember_HasDistinctWord()
    {
        var words = Enum.GetValues<FailureCode>().Select(code => code.ToApiString()).ToList();

        Assert.Equal(9, words.Count);
        Assert.Equal(words.Count, words.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(PaymentMethod.MobileMoney, "mobile_money")]
    [InlineData(PaymentMethod.Pix, "pix")]
    [InlineData(PaymentMethod.Card, "card")]
    [InlineData(PaymentMethod.BankTransfer, "bank_transfer")]
    [InlineData(PaymentMethod.LocalWallet, "local_wallet")]
    public void PaymentMethod_ApiWord_RoundTrips(PaymentMethod method, string word)
    {
        Assert.Equal(word, method.ToApiString());
        Assert.True(PaymentMethodNames.TryParseApiString(word, out var parsed));
        Assert.Equal(method, parsed);
    }

    [Theory]
    [InlineData("MobileMoney")]
    [InlineData("mobile-money")]
    [InlineData("PIX")]
    [InlineData("")]
    [InlineData(null)]
    public void PaymentMethod_NotAnApiWord_Refused(string? text)
    {
        Assert.False(PaymentMethodNames.TryParseApiString(text, out _));
    }

    [Fact]
    public void ConnectorDescriptor_Has_TrueOnlyForEveryDeclaredFlag()
    {
        var descriptor = new ConnectorDescriptor
        {
            Id = "acme_pay",
            DisplayName = "MTN Mobile Money",
            Version = "1.0.0",
            Methods = [PaymentMethod.MobileMoney],
            Countries = ["CM"],
            Currencies = ["XAF"],
            Capabilities = ConnectorCapabilities.Refund | ConnectorCapabilities.Callbacks,
            CallbackTrust = CallbackTrust.Unsigned,
            Account = new AccountSchema(),
        };

        Assert.True(descriptor.Has(ConnectorCapabilities.Refund));
        Assert.True(descriptor.Has(ConnectorCapabilities.Refund | ConnectorCapabilities.Callbacks));
        Assert.False(descriptor.Has(ConnectorCapabilities.Cancel));
        Assert.False(descriptor.Has(ConnectorCapabilities.Refund | ConnectorCapabilities.Cancel));
        Assert.Empty(descriptor.Account.Credentials);
        Assert.Empty(descriptor.Limits);
        Assert.Empty(descriptor.PhonePrefixes);
    }
}
