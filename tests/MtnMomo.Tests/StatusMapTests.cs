using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.MtnMomo.Tests;

public sealed class StatusMapTests
{
    [Theory]
    [InlineData("PENDING", null, PaymentStatus.Pending)]
    [InlineData("SUCCESSFUL", null, PaymentStatus.Paid)]
    [InlineData("FAILED", "EXPIRED", PaymentStatus.Expired)]
    [InlineData("FAILED", "COULD_NOT_PERFORM_TRANSACTION", PaymentStatus.Expired)]
    [InlineData("FAILED", "NOT_ENOUGH_FUNDS", PaymentStatus.Failed)]
    [InlineData("FAILED", "INTERNAL_PROCESSING_ERROR", PaymentStatus.Failed)]
    [InlineData("FAILED", null, PaymentStatus.Failed)]
    public void ToPaymentStatus_DocumentedStatus_Maps(string status, string? reason, PaymentStatus expected) =>
        Assert.Equal(expected, MtnMomoStatusMap.ToPaymentStatus(status, reason));

    [Theory]
    [InlineData("NOT_ENOUGH_FUNDS", FailureCode.InsufficientFunds)]
    [InlineData("APPROVAL_REJECTED", FailureCode.PayerDeclined)]
    [InlineData("PAYMENT_NOT_APPROVED", FailureCode.PayerDeclined)]
    [InlineData("PAYER_NOT_FOUND", FailureCode.PayerNotFound)]
    [InlineData("PAYEE_NOT_FOUND", FailureCode.PayerNotFound)]
    [InlineData("PAYER_LIMIT_REACHED", FailureCode.LimitExceeded)]
    [InlineData("PAYEE_NOT_ALLOWED_TO_RECEIVE", FailureCode.InvalidAccount)]
    [InlineData("SENDER_ACCOUNT_NOT_ACTIVE", FailureCode.InvalidAccount)]
    [InlineData("EXPIRED", FailureCode.Expired)]
    [InlineData("COULD_NOT_PERFORM_TRANSACTION", FailureCode.Expired)]
    [InlineData("INTERNAL_PROCESSING_ERROR", FailureCode.ProviderError)]
    [InlineData("NOT_ALLOWED", FailureCode.ProviderError)]
    [InlineData("SOMETHING_NEW", FailureCode.ProviderError)]
    public void ToFailureCode_Reason_Maps(string reason, FailureCode expected)
    {
        Assert.Equal(expected, MtnMomoStatusMap.ToFailureCode(reason));
        var failure = MtnMomoStatusMap.ToFailure(reason);
        Assert.Equal(expected, failure.Code);
        Assert.Equal(reason, failure.ProviderCode);
    }

    [Theory]
    [InlineData("REVERSED")]
    [InlineData("pending")]
    [InlineData("SUCCESSFULL")]
    [InlineData("")]
    [InlineData(null)]
    public void ToPaymentStatus_UnknownStatus_Throws(string? status)
    {
        var e = Assert.Throws<UnknownProviderStatusException>(() => MtnMomoStatusMap.ToPaymentStatus(status, null));
        Assert.Equal("mtn_momo", e.ConnectorId);
        Assert.Equal(status, e.ProviderStatus);
    }

    [Theory]
    [InlineData("""{"status":"FAILED","reason":"NOT_ENOUGH_FUNDS"}""", FailureCode.InsufficientFunds, "NOT_ENOUGH_FUNDS")]
    [InlineData("""{"status":"FAILED","reason":{"code":"APPROVAL_REJECTED","message":"no"}}""", FailureCode.PayerDeclined, "APPROVAL_REJECTED")]
    [InlineData("""{"status":"FAILED","reason":{"message":"no code","code":"EXPIRED","extra":{"a":[1]}}}""", FailureCode.Expired, "EXPIRED")]
    public void ToPaymentResult_StringOrObjectReason_SameFailure(string json, FailureCode expected, string providerCode)
    {
        var reply = JsonSerializer.Deserialize(json, MtnMomoJsonContext.Default.MtnMomoRequestToPayStatus)!;

        var result = MtnMomoMapping.ToPaymentResult(reply);

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Equal(expected, result.Failure!.Code);
        Assert.Equal(providerCode, result.Failure.ProviderCode);
        Assert.Equal(expected == FailureCode.Expired ? PaymentStatus.Expired : PaymentStatus.Failed, result.Status);
    }

    [Fact]
    public void ToPaymentResult_Successful_CarriesFinancialTransactionIdAndNoFailure()
    {
        var reply = JsonSerializer.Deserialize(TestSupport.Fixture("mtn-successful.json"),
            MtnMomoJsonContext.Default.MtnMomoRequestToPayStatus)!;

        var result = MtnMomoMapping.ToPaymentResult(reply);

        Assert.Equal(PaymentStatus.Paid, result.Status);
        Assert.Equal("SUCCESSFUL", result.ProviderStatus);
        Assert.Equal("1530828708", result.ProviderTransactionId);
        Assert.Null(result.Failure);
    }

    [Fact]
    public void ToPaymentResult_NumericFinancialTransactionId_ReadAsText()
    {
        var reply = JsonSerializer.Deserialize("""{"financialTransactionId":1530828708,"status":"SUCCESSFUL"}""",
            MtnMomoJsonContext.Default.MtnMomoRequestToPayStatus)!;

        Assert.Equal("1530828708", MtnMomoMapping.ToPaymentResult(reply).ProviderTransactionId);
    }

    [Fact]
    public void ToPaymentResult_MtnDocExampleWithNumbers_Read()
    {
        // MTN's own GET example types these fields as numbers.
        var reply = JsonSerializer.Deserialize(
            """{"amount":100,"currency":"UGX","financialTransactionId":23503452,"externalId":947354,"payer":{"partyIdType":"MSISDN","partyId":4656473839},"status":"SUCCESSFUL"}""",
            MtnMomoJsonContext.Default.MtnMomoRequestToPayStatus)!;

        var result = MtnMomoMapping.ToPaymentResult(reply);

        Assert.Equal(PaymentStatus.Paid, result.Status);
        Assert.Equal("23503452", result.ProviderTransactionId);
        Assert.Equal("4656473839", reply.Payer!.PartyId);
    }

    [Fact]
    public void ToPaymentResult_Pending_AsksPayerToApprove()
    {
        var reply = JsonSerializer.Deserialize(TestSupport.Fixture("mtn-pending.json"),
            MtnMomoJsonContext.Default.MtnMomoRequestToPayStatus)!;

        var result = MtnMomoMapping.ToPaymentResult(reply);

        Assert.Equal(PaymentStatus.Pending, result.Status);
        Assert.Equal(NextActionType.ApproveOnPhone, result.NextAction!.Type);
        Assert.Equal("Approve the prompt on +237671234567", result.NextAction.Message);
    }
}
