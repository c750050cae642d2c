using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Card.Tests;

/// <summary>The Notification Post: read by PaymentId, ChangeType a number or a string, a hint only, static headers checked.</summary>
public sealed class CallbackTests
{
    private const string PaymentId = "24bc8366-fc31-4d6c-8555-17049a836a07";
    private readonly CardConnector _connector = new();
    private readonly FakeTimeProvider _clock = new();

    [Theory]
    [InlineData("""{"RecurrentPaymentId":null,"PaymentId":"24bc8366-fc31-4d6c-8555-17049a836a07","ChangeType":1}""")]
    [InlineData("""{"RecurrentPaymentId":"","PaymentId":"24bc8366-fc31-4d6c-8555-17049a836a07","ChangeType":"7"}""")]
    [InlineData("""{"paymentId":"24bc8366-fc31-4d6c-8555-17049a836a07","changeType":3}""")]
    public void Read_NamesThePaymentId(string body)
    {
        var parse = _connector.ReadCallback(TestSupport.Notification(body));

        var about = Assert.IsType<CallbackParse.About>(parse);
        Assert.Equal(new CallbackReference(CallbackSubject.Payment, PaymentId), Assert.Single(about.References));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"PaymentId":"24bc8366-fc31-4d6c-8555-17049a836a07"}""")]
    [InlineData("""{"PaymentId":"nope","ChangeType":1}""")]
    [InlineData("""{"PaymentId":"24bc8366-fc31-4d6c-8555-17049a836a07","ChangeType":"x"}""")]
    public void Read_GarbageIsMalformed(string body) =>
        Assert.IsType<CallbackParse.Malformed>(_connector.ReadCallback(TestSupport.Notification(body)));

    [Fact]
    public void Read_AGetIsMalformed() => Assert.IsType<CallbackParse.Malformed>(
        _connector.ReadCallback(TestSupport.Notification(Body(1), method: "GET")));

    [Fact]
    public async Task Verify_IsAHintAboutTheHubsReference()
    {
        var verification = await VerifyAsync(TestSupport.Account(new Uri("http://127.0.0.1:1")), Body(7));

        var hint = Assert.IsType<CallbackVerification.Hint>(verification);
        Assert.Equal(new CallbackReference(CallbackSubject.Payment, "pay01TEST"), Assert.Single(hint.References));
        Assert.Null(hint.ProviderEventId);
    }

    [Fact]
    public async Task Verify_UnknownPaymentId_IsUnknownReference()
    {
        var verification = await VerifyAsync(TestSupport.Account(new Uri("http://127.0.0.1:1")), Body(1), objects: []);

        Assert.Equal(CallbackRejection.UnknownReference, Assert.IsType<CallbackVerification.Rejected>(verification).Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("s3cre")]
    public async Task Verify_ConfiguredStaticHeaderMissingOrWrong_IsSignatureInvalid(string? sent)
    {
        var account = TestSupport.Account(new Uri("http://127.0.0.1:1"), notificationHeaders: """{"X-Notify-Token":"s3cret"}""");
        var headers = sent is null ? null : new Dictionary<string, string> { ["X-Notify-Token"] = sent };

        var verification = await VerifyAsync(account, Body(1), headers);

        var rejected = Assert.IsType<CallbackVerification.Rejected>(verification);
        Assert.Equal(CallbackRejection.SignatureInvalid, rejected.Reason);
        Assert.DoesNotContain("s3cret", rejected.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ConfiguredStaticHeaderRight_IsAHint()
    {
        var account = TestSupport.Account(new Uri("http://127.0.0.1:1"), notificationHeaders: """{"X-Notify-Token":"s3cret"}""");

        var verification = await VerifyAsync(account, Body(1), new Dictionary<string, string> { ["x-notify-token"] = "s3cret" });

        Assert.IsType<CallbackVerification.Hint>(verification);
    }

    private static string Body(int changeType) =>
        $$"""{"RecurrentPaymentId":null,"PaymentId":"{{PaymentId}}","ChangeType":{{changeType}}}""";

    private Task<CallbackVerification> VerifyAsync(ConnectorAccount account, string body,
        IReadOnlyDictionary<string, string>? headers = null, IReadOnlyList<CallbackObject>? objects = null)
    {
        var context = TestSupport.Context("http://127.0.0.1:1", _clock, account);
        objects ??= [new CallbackObject
        {
            Subject = CallbackSubject.Payment, Id = "pay_TEST", ProviderReference = "pay01TEST", ProviderTransactionId = PaymentId,
            Amount = new Money(1000, Currency.BRL),
        }];
        return _connector.VerifyCallbackAsync(context, TestSupport.Notification(body, headers), objects, CancellationToken.None);
    }
}
