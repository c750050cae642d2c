using Connectors.Abstractions;

namespace Connectors.OrangeMoney.Tests;

/// <summary>PROVIDERS §4.2's table, arm by arm, and the failure codes of inittxnstatus/confirmtxnstatus.</summary>
public sealed class StatusMapTests
{
    [Theory]
    [InlineData("INITIATED", PaymentStatus.Pending)]
    [InlineData("PENDING", PaymentStatus.Pending)]
    [InlineData("SUCCESSFULL", PaymentStatus.Paid)]
    [InlineData("FAILED", PaymentStatus.Failed)]
    [InlineData("EXPIRED", PaymentStatus.Expired)]
    public void Payment_EveryDocumentedStatus_Maps(string status, PaymentStatus expected) =>
        Assert.Equal(expected, OrangeMoneyStatusMap.ToPaymentStatus(status));

    [Theory]
    [InlineData("INITIATED", TransferStatus.Pending)]
    [InlineData("PENDING", TransferStatus.Processing)]
    [InlineData("SUCCESSFULL", TransferStatus.Completed)]
    [InlineData("FAILED", TransferStatus.Failed)]
    [InlineData("EXPIRED", TransferStatus.Failed)]
    public void Payout_EveryDocumentedStatus_Maps(string status, TransferStatus expected) =>
        Assert.Equal(expected, OrangeMoneyStatusMap.ToTransferStatus(status));

    [Theory]
    [InlineData("SUCCESSFUL")] // the correct spelling is NOT Orange's: never mapped silently
    [InlineData("successfull")]
    [InlineData("SUCCESS")] // the web-payment API's word, not omcoreapis'
    [InlineData("CANCELLED")]
    [InlineData("")]
    [InlineData(null)]
    public void UndocumentedStatus_Throws(string? status)
    {
        var payment = Assert.Throws<UnknownProviderStatusException>(() => OrangeMoneyStatusMap.ToPaymentStatus(status));
        var payout = Assert.Throws<UnknownProviderStatusException>(() => OrangeMoneyStatusMap.ToTransferStatus(status));

        Assert.Equal("orange_money", payment.ConnectorId);
        Assert.Equal(status, payment.ProviderStatus);
        Assert.Equal(status, payout.ProviderStatus);
    }

    [Theory]
    [InlineData("60019", null, FailureCode.InsufficientFunds)]
    [InlineData("60019", "Compte introuvable", FailureCode.InsufficientFunds)]
    [InlineData("00068", "Le compte du payeur est introuvable", FailureCode.PayerNotFound)]
    [InlineData(null, "Numéro INTROUVABLE", FailureCode.PayerNotFound)]
    [InlineData("00017", "Le code PIN est incorrect", FailureCode.ProviderError)]
    [InlineData(null, null, FailureCode.ProviderError)]
    public void FailureCode_FromCodeAndMessage(string? code, string? message, FailureCode expected) =>
        Assert.Equal(expected, OrangeMoneyStatusMap.ToFailureCode(code, message));

    [Fact]
    public void Failure_OddAmount_ConfirmTxnStatusWins()
    {
        var failed = new OrangeMoneyTransaction
        {
            Status = "FAILED", InitTxnStatus = "200", ConfirmTxnStatus = "60019",
            ConfirmTxnMessage = "60019 :: Le solde du compte du payeur est insuffisant",
        };

        var failure = OrangeMoneyStatusMap.ToFailure(failed, "Transaction retrieved successfully")!;

        Assert.Equal(FailureCode.InsufficientFunds, failure.Code);
        Assert.Equal("60019", failure.ProviderCode);
        Assert.DoesNotContain("solde", failure.Message, StringComparison.Ordinal); // our text, never Orange's
    }

    [Fact]
    public void Failure_Synchronous417_InitTxnStatus()
    {
        // PROVIDERS §4.2's 417: inittxnstatus 60019, txnid null, confirm fields null.
        var failed = new OrangeMoneyTransaction { Status = "FAILED", InitTxnStatus = "60019", TxnId = null };

        var failure = OrangeMoneyStatusMap.ToFailure(failed, "60019 :: Le solde du compte du payeur est insuffisant")!;

        Assert.Equal(FailureCode.InsufficientFunds, failure.Code);
        Assert.Equal("60019", failure.ProviderCode);
    }

    [Fact]
    public void Failure_NoCodeInData_ReadsTheMessagePrefix()
    {
        var failed = new OrangeMoneyTransaction { Status = "FAILED" };

        var failure = OrangeMoneyStatusMap.ToFailure(failed, "60019 :: Le solde du compte du payeur est insuffisant")!;

        Assert.Equal("60019", failure.ProviderCode);
        Assert.Equal(FailureCode.InsufficientFunds, failure.Code);
    }

    [Fact]
    public void Failure_Expired_IsExpired()
    {
        var failure = OrangeMoneyStatusMap.ToFailure(new OrangeMoneyTransaction { Status = "EXPIRED" }, null)!;

        Assert.Equal(FailureCode.Expired, failure.Code);
        Assert.Null(failure.ProviderCode);
    }

    [Theory]
    [InlineData("PENDING")]
    [InlineData("SUCCESSFULL")]
    [InlineData("INITIATED")]
    public void Failure_NotAFailure_IsNull(string status) =>
        Assert.Null(OrangeMoneyStatusMap.ToFailure(new OrangeMoneyTransaction { Status = status, ConfirmTxnStatus = "200" }, null));

    [Theory]
    [InlineData("60019 :: Le solde du compte du payeur est insuffisant", "60019")]
    [InlineData("60019::x", "60019")]
    [InlineData("Payment request successfully initiated", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void CodeOf_MessagePrefix(string? message, string? expected) =>
        Assert.Equal(expected, OrangeMoneyStatusMap.CodeOf(message));
}
