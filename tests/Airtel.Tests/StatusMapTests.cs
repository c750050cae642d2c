using System.Net;
using Connectors.Abstractions;

namespace Connectors.Airtel.Tests;

/// <summary>PROVIDERS §5.2 row by row: the transaction statuses, every DP response code, every ESB result code.</summary>
public sealed class StatusMapTests
{
    [Theory]
    [InlineData("TIP", null, PaymentStatus.Pending)]
    [InlineData("TA", null, PaymentStatus.Processing)]
    [InlineData("TA", "DP00800001000", PaymentStatus.Processing)]
    [InlineData("TS", "DP00800001001", PaymentStatus.Paid)]
    [InlineData("TF", "DP00800001005", PaymentStatus.Expired)]
    [InlineData("TF", "DP00800001024", PaymentStatus.Expired)]
    [InlineData("TF", "DP00800001029", PaymentStatus.Expired)]
    [InlineData("TF", "DP00800001007", PaymentStatus.Failed)]
    [InlineData("TF", "DP00800001008", PaymentStatus.Failed)]
    [InlineData("TF", null, PaymentStatus.Failed)]
    [InlineData("TF", "DP00899999999", PaymentStatus.Failed)]
    public void PaymentStatus_ByStatusAndCode(string status, string? code, PaymentStatus expected) =>
        Assert.Equal(expected, AirtelStatusMap.ToPaymentStatus(status, code));

    [Theory]
    [InlineData("TIP", TransferStatus.Pending)]
    [InlineData("TA", TransferStatus.Processing)]
    [InlineData("TS", TransferStatus.Completed)]
    [InlineData("SUCCESS", TransferStatus.Completed)]
    [InlineData("TF", TransferStatus.Failed)]
    public void TransferStatus_ByStatus(string status, TransferStatus expected) =>
        Assert.Equal(expected, AirtelStatusMap.ToTransferStatus(status));

    [Theory]
    [InlineData("SETTLING")]
    [InlineData("ts")]
    [InlineData("")]
    [InlineData(null)]
    public void UndocumentedStatus_Throws(string? status)
    {
        var payment = Assert.Throws<UnknownProviderStatusException>(() => AirtelStatusMap.ToPaymentStatus(status, null));
        Assert.Throws<UnknownProviderStatusException>(() => AirtelStatusMap.ToTransferStatus(status));
        Assert.Equal("airtel_money", payment.ConnectorId);
    }

    /// <summary>Every collection response code of §5.2, by the failure code it maps to.</summary>
    [Theory]
    [InlineData("DP00800001000", "Ambiguous", null)]
    [InlineData("DP00800001001", "Success", null)]
    [InlineData("DP00800001006", "InProcess", null)]
    [InlineData("DP00800001025", "NotFound", null)]
    [InlineData("DP00800001002", "Failure", FailureCode.PayerDeclined)]
    [InlineData("DP00800001008", "Failure", FailureCode.PayerDeclined)]
    [InlineData("DP00800001009", "Failure", FailureCode.PayerDeclined)]
    [InlineData("DP00800001003", "Failure", FailureCode.LimitExceeded)]
    [InlineData("DP00800001004", "Failure", FailureCode.ProviderError)]
    [InlineData("DP00800001026", "Failure", FailureCode.ProviderError)]
    [InlineData("DP00800001005", "Failure", FailureCode.Expired)]
    [InlineData("DP00800001024", "Failure", FailureCode.Expired)]
    [InlineData("DP00800001029", "Failure", FailureCode.Expired)]
    [InlineData("DP00800001007", "Failure", FailureCode.InsufficientFunds)]
    [InlineData("DP00800001010", "Failure", FailureCode.InvalidAccount)]
    public void CollectionCode_Maps(string code, string kind, FailureCode? failure)
    {
        Assert.Equal(new AirtelCode(Enum.Parse<AirtelCodeKind>(kind), failure), AirtelStatusMap.Collection(code));
        Assert.Equal(failure ?? FailureCode.ProviderError, AirtelStatusMap.FailureOf(code));
    }

    [Theory]
    [InlineData("DP00900001001", "Success", null)]
    [InlineData("DP00900001016", "Failure", FailureCode.ProviderError)]
    public void DisbursementCode_Maps(string code, string kind, FailureCode? failure) =>
        Assert.Equal(new AirtelCode(Enum.Parse<AirtelCodeKind>(kind), failure), AirtelStatusMap.Disbursement(code));

    [Theory]
    [InlineData("DP00800001011")]
    [InlineData("DP00900001002")]
    [InlineData("ESB000010")]
    [InlineData(null)]
    public void UndocumentedCode_IsNull_AndATfWithItIsAProviderError(string? code)
    {
        Assert.Null(AirtelStatusMap.Collection(code));
        Assert.Null(AirtelStatusMap.Disbursement(code));
        Assert.Equal(FailureCode.ProviderError, AirtelStatusMap.FailureOf(code));
    }

    [Theory]
    [InlineData("ESB000010", "Success")]
    [InlineData("ESB000001", "Error")]
    [InlineData("ESB000004", "InitiationError")]
    [InlineData("ESB000008", "ValidationError")]
    [InlineData("ESB000034", "InvalidCountry")]
    [InlineData("ESB000035", "InvalidCurrency")]
    [InlineData("ESB000041", "DuplicateTransactionId")]
    [InlineData("ESB000045", "NotFound")]
    public void EsbCode_Maps(string code, string expected) => Assert.Equal(Enum.Parse<AirtelEsbResult>(expected), AirtelStatusMap.Esb(code));

    [Fact]
    public void EsbCode_Undocumented_IsNull() => Assert.Null(AirtelStatusMap.Esb("ESB000099"));

    /// <summary>A status reply, end to end through the mapping: TF keeps its DP code as the provider code.</summary>
    [Theory]
    [InlineData("TS", "DP00800001001", PaymentStatus.Paid, null)]
    [InlineData("TIP", "DP00800001006", PaymentStatus.Pending, null)]
    [InlineData("TA", "DP00800001000", PaymentStatus.Processing, null)]
    [InlineData("TF", "DP00800001002", PaymentStatus.Failed, FailureCode.PayerDeclined)]
    [InlineData("TF", "DP00800001003", PaymentStatus.Failed, FailureCode.LimitExceeded)]
    [InlineData("TF", "DP00800001004", PaymentStatus.Failed, FailureCode.ProviderError)]
    [InlineData("TF", "DP00800001005", PaymentStatus.Expired, FailureCode.Expired)]
    [InlineData("TF", "DP00800001007", PaymentStatus.Failed, FailureCode.InsufficientFunds)]
    [InlineData("TF", "DP00800001008", PaymentStatus.Failed, FailureCode.PayerDeclined)]
    [InlineData("TF", "DP00800001009", PaymentStatus.Failed, FailureCode.PayerDeclined)]
    [InlineData("TF", "DP00800001010", PaymentStatus.Failed, FailureCode.InvalidAccount)]
    [InlineData("TF", "DP00800001024", PaymentStatus.Expired, FailureCode.Expired)]
    [InlineData("TF", "DP00800001026", PaymentStatus.Failed, FailureCode.ProviderError)]
    [InlineData("TF", "DP00800001029", PaymentStatus.Expired, FailureCode.Expired)]
    public void StatusReply_Maps(string status, string code, PaymentStatus expected, FailureCode? failure)
    {
        var result = AirtelMapping.ToPaymentResult(Reply(200, $$$"""
            {"data":{"transaction":{"airtel_money_id":"C3648.00993.538XX.XX67","id":"pay_1","message":"x","status":"{{{status}}}"}},
             "status":{"code":"200","message":"SUCCESS","result_code":"ESB000010","response_code":"{{{code}}}","success":true}}
            """), null);

        Assert.Equal((OperationOutcome.Completed, expected, status), (result.Outcome, result.Status!.Value, result.ProviderStatus));
        Assert.Equal(failure, result.Failure?.Code);
        Assert.Equal(failure is null ? null : code, result.Failure?.ProviderCode);
        Assert.Equal("C3648.00993.538XX.XX67", result.ProviderTransactionId);
    }

    /// <summary>[S] An unknown id: 200, ESB000045 and DP00800001025 → not found (an answer, not unknown).</summary>
    [Fact]
    public void StatusReply_UnknownId_IsNotFound()
    {
        var result = AirtelMapping.ToPaymentResult(Reply(200,
            """{"data":{},"status":{"code":"200","message":"Transaction not found","result_code":"ESB000045","response_code":"DP00800001025","success":false}}"""),
            null);

        Assert.Equal(OperationOutcome.NotFound, result.Outcome);
    }

    /// <summary>The push's reply: "SUCCESS" and DP00800001006 (push sent, nothing more) → pending, approve on the phone.</summary>
    [Fact]
    public void PushReply_InProcess_IsPendingWithNextAction()
    {
        var result = AirtelMapping.ToPaymentResult(Reply(200,
            """{"data":{"transaction":{"id":"pay_1","status":"SUCCESS"}},"status":{"code":"200","message":"SUCCESS","result_code":"ESB000010","response_code":"DP00800001006","success":true}}"""),
            "+250733123456");

        Assert.Equal((PaymentStatus.Pending, "DP00800001006"), (result.Status!.Value, result.ProviderStatus));
        Assert.Equal(NextActionType.ApproveOnPhone, result.NextAction!.Type);
        Assert.Contains("+250733123456", result.NextAction.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400, "ESB000041", "Duplicate")]
    [InlineData(200, "ESB000041", "Duplicate")]
    [InlineData(400, "ESB000004", "Refused")]
    [InlineData(400, "ESB000008", "Refused")]
    [InlineData(400, "ESB000034", "Refused")]
    [InlineData(400, "ESB000035", "Refused")]
    [InlineData(400, "ESB000001", "Refused")]
    [InlineData(500, "ESB000001", "Unknown")]
    [InlineData(503, null, "Unknown")]
    [InlineData(429, null, "NotTaken")]
    [InlineData(401, null, "NotTaken")]
    public void CreateReply_Classifies(int http, string? esb, string expected)
    {
        var body = esb is null ? "" : $$$"""{"status":{"code":"{{{http}}}","message":"m","result_code":"{{{esb}}}","success":false}}""";

        Assert.Equal(Enum.Parse<CreateReply>(expected), AirtelMapping.Classify(Reply(http, body)));
    }

    [Theory]
    [InlineData("ESB000004", null, FailureCode.ProviderError, "ESB000004")]
    [InlineData("ESB000008", "DP00900001016", FailureCode.ProviderError, "DP00900001016")]
    [InlineData("ESB000001", "DP00800001003", FailureCode.LimitExceeded, "DP00800001003")]
    public void Refusal_TakesTheDpFailureElseTheEsbCode(string esb, string? dp, FailureCode code, string providerCode)
    {
        var responseCode = dp is null ? "" : $",\"response_code\":\"{dp}\"";
        var failure = AirtelMapping.ToRefusal(Reply(400,
            $$$"""{"status":{"code":"400","message":"m","result_code":"{{{esb}}}"{{{responseCode}}},"success":false}}"""));

        Assert.Equal((code, providerCode), (failure!.Code, failure.ProviderCode));
    }

    [Fact]
    public void Refusal_UndocumentedCode_IsNotARefusal() =>
        Assert.Null(AirtelMapping.ToRefusal(Reply(400, """{"status":{"code":"400","message":"m","result_code":"ESB000099","success":false}}""")));

    private static AirtelCall Reply(int status, string body) => new(null, null, (HttpStatusCode)status, AirtelClient.Read(body));
}
