using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connectors.MtnMomo.Tests;

public sealed class CallbackVerifierTests
{
    private const string Reference = "6949e730-a9d4-4d8e-91f4-e5051b250be8";

    // sha256sum Fixtures/mtn-successful.json (kept byte for byte, no final newline).
    private const string SuccessfulDigest = "f6918b62a33ef7d4b565fd1db00d07fbfd0fa4e29bd6efc2a591ce9f9c741d83";

    [Fact]
    public async Task Verify_SuccessfulPut_VerifiedWithMappedHint()
    {
        var result = await VerifyAsync(TestSupport.Callback(TestSupport.Fixture("mtn-successful.json"), Reference));

        var update = Assert.Single(Assert.IsType<CallbackVerification.Verified>(result).Updates);
        Assert.Equal(CallbackSubject.Payment, update.Subject);
        Assert.Equal(Reference, update.ProviderReference);
        Assert.Equal(PaymentStatus.Paid, update.Status);
        Assert.Equal("SUCCESSFUL", update.ProviderStatus);
        Assert.Equal("1530828708", update.ProviderTransactionId);
        Assert.Equal(SuccessfulDigest, update.ProviderEventId);
        Assert.Null(update.Failure);
    }

    [Fact]
    public async Task Verify_FailedPost_CarriesFailure()
    {
        var result = await VerifyAsync(TestSupport.Callback(
            TestSupport.Fixture("mtn-failed-not-enough-funds.json"), Reference, method: "POST"));

        var update = Assert.Single(Assert.IsType<CallbackVerification.Verified>(result).Updates);
        Assert.Equal(PaymentStatus.Failed, update.Status);
        Assert.Equal(FailureCode.InsufficientFunds, update.Failure!.Code);
        Assert.Equal("NOT_ENOUGH_FUNDS", update.Failure.ProviderCode);
        Assert.Equal("9be0419da408476d4ef854cc6ca9ad6c53309df1ac8d519cf6a47a4672a7057d", update.ProviderEventId);
    }

    [Fact]
    public async Task Verify_ReasonObject_Parsed()
    {
        var result = await VerifyAsync(TestSupport.Callback(TestSupport.Fixture("mtn-failed-reason-object.json"), Reference));

        var update = Assert.Single(Assert.IsType<CallbackVerification.Verified>(result).Updates);
        Assert.Equal(FailureCode.PayerDeclined, update.Failure!.Code);
        Assert.Equal("APPROVAL_REJECTED", update.Failure.ProviderCode);
    }

    [Fact]
    public async Task Verify_UpperCaseRef_NormalizedToStoredForm()
    {
        var result = await VerifyAsync(TestSupport.Callback(TestSupport.Fixture("mtn-successful.json"), Reference.ToUpperInvariant()));

        Assert.Equal(Reference, Assert.Single(Assert.IsType<CallbackVerification.Verified>(result).Updates).ProviderReference);
    }

    [Fact]
    public async Task Verify_TrailingSpaceAdded_DifferentEventId()
    {
        byte[] body = [.. TestSupport.Fixture("mtn-successful.json"), (byte)' '];

        var result = await VerifyAsync(TestSupport.Callback(body, Reference));

        Assert.NotEqual(SuccessfulDigest,
            Assert.Single(Assert.IsType<CallbackVerification.Verified>(result).Updates).ProviderEventId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C")]
    [InlineData("6949e730-a9d4-4d8e-91f4")]
    public async Task Verify_MissingOrInvalidRef_Malformed(string? reference)
    {
        var result = await VerifyAsync(TestSupport.Callback(TestSupport.Fixture("mtn-successful.json"), reference));

        Assert.Equal(CallbackRejection.Malformed, Assert.IsType<CallbackVerification.Rejected>(result).Reason);
    }

    [Theory]
    [InlineData("not-json.txt")]
    [InlineData("")]
    public async Task Verify_BodyNotStatusJson_Malformed(string fixture)
    {
        var body = fixture.Length == 0 ? Encoding.UTF8.GetBytes("""{"amount":"5000"}""") : TestSupport.Fixture(fixture);

        var result = await VerifyAsync(TestSupport.Callback(body, Reference));

        Assert.Equal(CallbackRejection.Malformed, Assert.IsType<CallbackVerification.Rejected>(result).Reason);
    }

    [Fact]
    public async Task Verify_ReasonOfWrongType_MalformedNotThrown()
    {
        var result = await VerifyAsync(TestSupport.Callback("""{"status":"FAILED","reason":42}"""u8.ToArray(), Reference));

        Assert.Equal(CallbackRejection.Malformed, Assert.IsType<CallbackVerification.Rejected>(result).Reason);
    }

    [Fact]
    public async Task Verify_UnknownStatus_MalformedNotThrown()
    {
        var result = await VerifyAsync(TestSupport.Callback(TestSupport.Fixture("mtn-unknown-status.json"), Reference));

        var rejected = Assert.IsType<CallbackVerification.Rejected>(result);
        Assert.Equal(CallbackRejection.Malformed, rejected.Reason);
    }

    [Fact]
    public async Task Verify_Get_Malformed()
    {
        var result = await VerifyAsync(TestSupport.Callback(TestSupport.Fixture("mtn-successful.json"), Reference, method: "GET"));

        Assert.Equal(CallbackRejection.Malformed, Assert.IsType<CallbackVerification.Rejected>(result).Reason);
    }

    private static Task<CallbackVerification> VerifyAsync(CallbackRequest request) =>
        new MtnMomoConnector().VerifyCallbackAsync(TestSupport.Context("http://127.0.0.1:9"), request,
            CancellationToken.None);
}
