using Connectors.Abstractions;

namespace Connectors.OrangeMoney.Tests;

/// <summary>Orange's unsigned notification: found by the notifUrl's ?ref=, bound by its payToken, and only a hint.</summary>
public sealed class CallbackTests
{
    private const string Reference = "pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C";
    private const string PayToken = "MP2212070A1B2C3D4E5F6A7B";

    // PROVIDERS §4.3's notification, as the simulator sends it.
    private const string Body = """{"payToken":"MP2212070A1B2C3D4E5F6A7B","status":"SUCCESSFULL","message":"Successful Payment of 1002 XAF","txnid":"MP221207.2051.B56929","amount":1002}""";

    private static readonly string Data = OrangeMoneyMapping.ToData(PayToken);
    private readonly OrangeMoneyConnector _connector = new();

    [Fact]
    public void Read_NamesTheReferenceOfTheNotifUrl()
    {
        var about = Assert.IsType<CallbackParse.About>(_connector.ReadCallback(TestSupport.Callback(Body, Reference, "payment")));

        var reference = Assert.Single(about.References);
        Assert.Equal(new CallbackReference(CallbackSubject.Payment, Reference), reference);
    }

    [Theory]
    [InlineData("refund", CallbackSubject.Refund)]
    [InlineData("payout", CallbackSubject.Payout)]
    [InlineData(null, CallbackSubject.Payment)]
    public void Read_SubjectFromTheNotifUrl(string? subject, CallbackSubject expected)
    {
        var about = Assert.IsType<CallbackParse.About>(_connector.ReadCallback(TestSupport.Callback(Body, "ref_1", subject)));

        Assert.Equal(expected, Assert.Single(about.References).Subject);
    }

    [Fact]
    public void Read_NoRefInTheUrl_FallsBackToTxnId()
    {
        var about = Assert.IsType<CallbackParse.About>(_connector.ReadCallback(TestSupport.Callback(Body, null)));

        Assert.Equal("MP221207.2051.B56929", Assert.Single(about.References).ProviderReference);
    }

    [Theory]
    [InlineData("""{"status":"SUCCESSFULL"}""")]
    [InlineData("""{"payToken":""}""")]
    [InlineData("""{"payToken":null}""")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("payToken=MP1")]
    [InlineData("")]
    public void Read_NotANotification_IsMalformed(string body) =>
        Assert.IsType<CallbackParse.Malformed>(_connector.ReadCallback(TestSupport.Callback(body, Reference)));

    [Fact]
    public void Read_BadSubjectOrMethod_IsMalformed()
    {
        Assert.IsType<CallbackParse.Malformed>(_connector.ReadCallback(TestSupport.Callback(Body, Reference, "capture")));
        Assert.IsType<CallbackParse.Malformed>(_connector.ReadCallback(TestSupport.Callback(Body, Reference, method: "GET")));
    }

    [Fact]
    public async Task Verify_PayTokenOfThePayment_IsAHintWithBodyDigest()
    {
        var verification = await VerifyAsync(TestSupport.Callback(Body, Reference, "payment"), TestSupport.PaymentObject(Reference, Data));

        var hint = Assert.IsType<CallbackVerification.Hint>(verification);
        Assert.Equal(new CallbackReference(CallbackSubject.Payment, Reference), Assert.Single(hint.References));
        Assert.Equal(Kit.EventIds.FromBody(System.Text.Encoding.UTF8.GetBytes(Body)), hint.ProviderEventId);
    }

    [Fact]
    public async Task Verify_FoundByTxnId_HintsTheHubReference()
    {
        var target = TestSupport.PaymentObject(Reference, Data) with { ProviderTransactionId = "MP221207.2051.B56929" };

        var hint = Assert.IsType<CallbackVerification.Hint>(await VerifyAsync(TestSupport.Callback(Body, null), target));

        Assert.Equal(Reference, Assert.Single(hint.References).ProviderReference);
    }

    [Fact]
    public async Task Verify_AnotherPayToken_IsRejected()
    {
        var spoofed = Body.Replace(PayToken, "MP2212070A1B2C3D4E5F6A7C", StringComparison.Ordinal);

        var verification = await VerifyAsync(TestSupport.Callback(spoofed, Reference), TestSupport.PaymentObject(Reference, Data));

        Assert.Equal(CallbackRejection.SignatureInvalid, Assert.IsType<CallbackVerification.Rejected>(verification).Reason);
    }

    [Fact]
    public async Task Verify_ObjectWithoutPayToken_IsUnknown()
    {
        var verification = await VerifyAsync(TestSupport.Callback(Body, Reference), TestSupport.PaymentObject(Reference, null));

        Assert.Equal(CallbackRejection.UnknownReference, Assert.IsType<CallbackVerification.Rejected>(verification).Reason);
    }

    [Fact]
    public async Task Verify_NoSuchObject_OrOtherSubject_IsUnknown()
    {
        var none = await VerifyAsync(TestSupport.Callback(Body, Reference), null);
        var refund = await VerifyAsync(TestSupport.Callback(Body, Reference, "refund"), TestSupport.PaymentObject(Reference, Data));

        Assert.Equal(CallbackRejection.UnknownReference, Assert.IsType<CallbackVerification.Rejected>(none).Reason);
        Assert.Equal(CallbackRejection.UnknownReference, Assert.IsType<CallbackVerification.Rejected>(refund).Reason);
    }

    [Fact]
    public async Task Verify_Garbage_IsMalformed()
    {
        var verification = await VerifyAsync(TestSupport.Callback("{\"payToken\":\"MP", Reference), TestSupport.PaymentObject(Reference, Data));

        Assert.Equal(CallbackRejection.Malformed, Assert.IsType<CallbackVerification.Rejected>(verification).Reason);
    }

    private Task<CallbackVerification> VerifyAsync(CallbackRequest request, CallbackObject? target) =>
        _connector.VerifyCallbackAsync(TestSupport.Context("http://127.0.0.1:1"), request, target is null ? [] : [target],
            CancellationToken.None);
}
