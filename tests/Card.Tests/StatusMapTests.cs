using Connectors.Abstractions;

namespace Connectors.Card.Tests;

/// <summary>PROVIDERS §8.2: every Status, the ReturnCodes, the anti-fraud overrides, 10 before and after capture.</summary>
public sealed class StatusMapTests
{
    [Theory]
    [InlineData(1, null, null, false, PaymentStatus.Authorized, null, null)]
    [InlineData(2, "6", null, true, PaymentStatus.Paid, null, null)]
    [InlineData(3, "05", null, false, PaymentStatus.Failed, FailureCode.CardDeclined, "05")]
    [InlineData(3, "57", null, false, PaymentStatus.Failed, FailureCode.CardDeclined, "57")]
    [InlineData(3, "78", null, false, PaymentStatus.Failed, FailureCode.CardDeclined, "78")]
    [InlineData(3, "77", null, false, PaymentStatus.Failed, FailureCode.CardDeclined, "77")]
    [InlineData(3, "70", null, false, PaymentStatus.Failed, FailureCode.CardDeclined, "70")]
    [InlineData(3, "14", null, false, PaymentStatus.Failed, FailureCode.CardDeclined, "14")]
    [InlineData(3, "99", null, false, PaymentStatus.Failed, FailureCode.ProviderError, "99")]
    [InlineData(10, "9", null, false, PaymentStatus.Canceled, null, null)]
    [InlineData(10, "9", null, true, PaymentStatus.Refunded, null, null)]
    [InlineData(11, "9", null, true, PaymentStatus.Refunded, null, null)]
    [InlineData(12, null, null, false, PaymentStatus.Processing, null, null)]
    [InlineData(13, null, null, false, PaymentStatus.Failed, FailureCode.ProviderError, "13")]
    [InlineData(0, null, null, false, PaymentStatus.Failed, FailureCode.ProviderError, "0")]
    [InlineData(1, "4", "Review", false, PaymentStatus.UnderReview, null, null)]
    [InlineData(3, "05", "Reject", false, PaymentStatus.Failed, FailureCode.FraudSuspected, "Reject")]
    [InlineData(10, "4", "Reject", false, PaymentStatus.Failed, FailureCode.FraudSuspected, "Reject")]
    [InlineData(1, "4", "Accept", false, PaymentStatus.Authorized, null, null)]
    [InlineData(2, "6", "Accept", true, PaymentStatus.Paid, null, null)]
    public void Maps(int status, string? returnCode, string? fraud, bool captured, PaymentStatus expected, FailureCode? failure,
        string? providerCode)
    {
        var (mapped, reason) = CardStatusMap.Map(status, returnCode, fraud, captured, authenticating: false);

        Assert.Equal(expected, mapped);
        Assert.Equal(failure, reason?.Code);
        Assert.Equal(providerCode, reason?.ProviderCode);
    }

    [Fact]
    public void NotFinishedDuring3DSecure_IsPending()
    {
        Assert.Equal((PaymentStatus.Pending, null), CardStatusMap.Map(0, "0", null, false, authenticating: true));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(4)]
    [InlineData(99)]
    [InlineData(null)]
    public void UndocumentedStatus_Throws(int? status)
    {
        var e = Assert.Throws<UnknownProviderStatusException>(() => CardStatusMap.Map(status, null, null, false, false));
        Assert.Equal("card", e.ConnectorId);
    }

    [Theory]
    [InlineData("Received", ChargebackStatus.Pending)]
    [InlineData("Disputed", ChargebackStatus.Disputing)]
    [InlineData("Won", ChargebackStatus.Won)]
    [InlineData("Lost", ChargebackStatus.Lost)]
    public void Chargebacks(string status, ChargebackStatus expected) => Assert.Equal(expected, CardStatusMap.Chargeback(status));

    [Theory]
    [InlineData(null, 1, "Accept")]
    [InlineData(null, 2, "Reject")]
    [InlineData(null, 3, "Review")]
    [InlineData("Review", 1, "Review")]
    public void FraudVerdict_FromDescriptionElseNumber(string? description, int status, string expected) =>
        Assert.Equal(expected, CardStatusMap.Fraud(new CieloFraudAnalysis { Status = status, StatusDescription = description }));
}
