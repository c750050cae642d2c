using System.Text;
using Connectors.Abstractions;

namespace Connectors.MtnMomo.Tests;

/// <summary>
/// MTN's unsigned callbacks in two steps: <see cref="MtnMomoConnector.ReadCallback"/> finds the payment by <c>?ref=</c>,
/// <see cref="MtnMomoConnector.VerifyCallbackAsync"/> answers a hint (re-query MTN), never a verified update.
/// </summary>
public sealed class CallbackVerifierTests
{
    private const string Reference = "6949e730-a9d4-4d8e-91f4-e5051b250be8";

    // sha256sum Fixtures/mtn-successful.json (kept byte for byte, no final newline).
    private const string SuccessfulDigest = "sha256:f6918b62a33ef7d4b565fd1db00d07fbfd0fa4e29bd6efc2a591ce9f9c741d83";

    [Fact]
    public void Read_SuccessfulPut_AboutThePaymentByRef()
    {
        var parse = new MtnMomoConnector().ReadCallback(TestSupport.Callback(TestSupport.Fixture("mtn-successful.json"), Reference));

        var reference = Assert.Single(Assert.IsType<CallbackParse.About>(parse).References);
        Assert.Equal(new CallbackReference(CallbackSubject.Payment, Reference), reference);
    }

    [Fact]
    public async Task Verify_SuccessfulPut_HintWithBodyDigestNeverVerified()
    {
        var result = await VerifyAsync(TestSupport.Callback(TestSupport.Fixture("mtn-successful.json"), Reference));

        var hint = Assert.IsType<CallbackVerification.Hint>(result);
        Assert.Equal([new CallbackReference(CallbackSubject.Payment, Reference)], hint.References);
        Assert.Equal(SuccessfulDigest, hint.ProviderEventId);
    }

    [Fact]
    public async Task Verify_FailedPost_Hint()
    {
        var result = await VerifyAsync(TestSupport.Callback(
            TestSupport.Fixture("mtn-failed-not-enough-funds.json"), Reference, method: "POST"));

        var hint = Assert.IsType<CallbackVerification.Hint>(result);
        Assert.Equal("sha256:9be0419da408476d4ef854cc6ca9ad6c53309df1ac8d519cf6a47a4672a7057d", hint.ProviderEventId);
    }

    [Fact]
    public async Task Verify_ReasonObject_Parsed() =>
        Assert.IsType<CallbackVerification.Hint>(
            await VerifyAsync(TestSupport.Callback(TestSupport.Fixture("mtn-failed-reason-object.json"), Reference)));

    [Fact]
    public async Task Verify_UpperCaseRef_NormalizedToStoredForm()
    {
        var request = TestSupport.Callback(TestSupport.Fixture("mtn-successful.json"), Reference.ToUpperInvariant());

        var about = Assert.IsType<CallbackParse.About>(new MtnMomoConnector().ReadCallback(request));
        var hint = Assert.IsType<CallbackVerification.Hint>(await VerifyAsync(request));

        Assert.Equal(Reference, Assert.Single(about.References).ProviderReference);
        Assert.Equal(Reference, Assert.Single(hint.References).ProviderReference);
    }

    [Fact]
    public async Task Verify_TrailingSpaceAdded_DifferentEventId()
    {
        byte[] body = [.. TestSupport.Fixture("mtn-successful.json"), (byte)' '];

        var result = await VerifyAsync(TestSupport.Callback(body, Reference));

        Assert.NotEqual(SuccessfulDigest, Assert.IsType<CallbackVerification.Hint>(result).ProviderEventId);
    }

    [Fact]
    public async Task Verify_NoPaymentWithTheReference_UnknownReference()
    {
        var result = await VerifyAsync(TestSupport.Callback(TestSupport.Fixture("mtn-successful.json"), Reference), objects: []);

        Assert.Equal(CallbackRejection.UnknownReference, Assert.IsType<CallbackVerification.Rejected>(result).Reason);
    }

    [Fact]
    public async Task Verify_ObjectFoundByTransactionId_Hint()
    {
        var payment = Payment("0b0b0b0b-0000-4000-8000-000000000000") with { ProviderTransactionId = Reference };

        Assert.IsType<CallbackVerification.Hint>(
            await VerifyAsync(TestSupport.Callback(TestSupport.Fixture("mtn-successful.json"), Reference), [payment]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C")]
    [InlineData("6949e730-a9d4-4d8e-91f4")]
    public async Task Verify_MissingOrInvalidRef_Malformed(string? reference)
    {
        var request = TestSupport.Callback(TestSupport.Fixture("mtn-successful.json"), reference);

        Assert.IsType<CallbackParse.Malformed>(new MtnMomoConnector().ReadCallback(request));
        Assert.Equal(CallbackRejection.Malformed, Assert.IsType<CallbackVerification.Rejected>(await VerifyAsync(request)).Reason);
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

        Assert.Equal(CallbackRejection.Malformed, Assert.IsType<CallbackVerification.Rejected>(result).Reason);
    }

    [Fact]
    public async Task Verify_Get_Malformed()
    {
        var request = TestSupport.Callback(TestSupport.Fixture("mtn-successful.json"), Reference, method: "GET");

        Assert.IsType<CallbackParse.Malformed>(new MtnMomoConnector().ReadCallback(request));
        Assert.Equal(CallbackRejection.Malformed, Assert.IsType<CallbackVerification.Rejected>(await VerifyAsync(request)).Reason);
    }

    private static CallbackObject Payment(string providerReference) => new()
    {
        Subject = CallbackSubject.Payment,
        Id = "pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C",
        ProviderReference = providerReference,
        Amount = new Money(5000, Currency.FromCode("XAF")),
    };

    private static Task<CallbackVerification> VerifyAsync(CallbackRequest request, IReadOnlyList<CallbackObject>? objects = null) =>
        new MtnMomoConnector().VerifyCallbackAsync(TestSupport.Context("http://127.0.0.1:9"), request,
            objects ?? [Payment(Reference)], CancellationToken.None);
}
