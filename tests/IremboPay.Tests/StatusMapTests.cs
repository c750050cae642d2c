using Connectors.Abstractions;

namespace Connectors.IremboPay.Tests;

/// <summary>PROVIDERS §6.2: NEW → pending, PAID → paid, NEW past expiryAt → expired, push errors → failure codes.</summary>
public sealed class StatusMapTests
{
    [Theory]
    [InlineData("NEW", false, PaymentStatus.Pending)]
    [InlineData("NEW", true, PaymentStatus.Expired)]
    [InlineData("PAID", false, PaymentStatus.Paid)]
    [InlineData("PAID", true, PaymentStatus.Paid)]
    public void InvoiceStatus_Maps(string status, bool pastExpiry, PaymentStatus expected) =>
        Assert.Equal(expected, IremboPayStatusMap.ToPaymentStatus(status, pastExpiry));

    [Theory]
    [InlineData("SETTLING")]
    [InlineData("new")]
    [InlineData("")]
    [InlineData(null)]
    public void UndocumentedStatus_Throws(string? status)
    {
        var e = Assert.Throws<UnknownProviderStatusException>(() => IremboPayStatusMap.ToPaymentStatus(status, false));
        Assert.Equal("irembopay", e.ConnectorId);
    }

    [Theory]
    [InlineData("BAD_PHONE_NUMBER", FailureCode.InvalidAccount)]
    [InlineData("PHONE_NUMBER_MISSING", FailureCode.InvalidAccount)]
    [InlineData("INVOICE_EXPIRED", FailureCode.Expired)]
    [InlineData("PAYMENT_PROVIDER_ERROR", FailureCode.ProviderError)]
    [InlineData("BAD_PAYMENT_PROVIDER", FailureCode.ProviderError)]
    [InlineData("BAD_DATA", FailureCode.ProviderError)]
    [InlineData("INVOICE_ALREADY_IN_BATCH", FailureCode.ProviderError)]
    [InlineData("INVOICE_MISSING", FailureCode.ProviderError)]
    [InlineData("INVOICE_NOT_FOUND", FailureCode.ProviderError)]
    [InlineData("AUTHENTICATION_FAILED", FailureCode.ProviderError)]
    [InlineData("SOMETHING_NEW", FailureCode.ProviderError)]
    public void PushError_MapsAndKeepsTheRawCode(string code, FailureCode expected)
    {
        var failure = IremboPayStatusMap.ToFailure(code);

        Assert.Equal(expected, failure.Code);
        Assert.Equal(code, failure.ProviderCode);
        Assert.False(string.IsNullOrWhiteSpace(failure.Message));
    }
}
