using Hub.Webhooks;

namespace Hub.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    // The Standard Webhooks specification's published test vector, as its reference libraries pin it
    // (github.com/standard-webhooks/standard-webhooks, libraries/csharp/StandardWebhooks.Tests/WebhookTest.cs,
    // verifyWebhookSignWorks; the same values in the Go, PHP and JavaScript tests). To recompute:
    //   printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}' \
    //     | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw | base64 -d | xxd -p -c 100) -binary | base64
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Sign_SpecificationVector_MatchesThePublishedSignature() =>
        Assert.Equal(Signature, WebhookSigner.Sign(Id, Timestamp, Body, [Secret]));

    [Fact]
    public void Sign_OneBodyByteChanged_DiffersFromTheVector() =>
        Assert.NotEqual(Signature, WebhookSigner.Sign(Id, Timestamp, """{"test": 2432232315}""", [Secret]));

    [Fact]
    public void Sign_WrongSecret_DiffersFromTheVector() =>
        Assert.NotEqual(Signature, WebhookSigner.Sign(Id, Timestamp, Body, ["whsec_" + Convert.ToBase64String(new byte[24])]));

    [Fact]
    public void Sign_TimestampOrIdChanged_DiffersFromTheVector()
    {
        Assert.NotEqual(Signature, WebhookSigner.Sign(Id, Timestamp + 1, Body, [Secret]));
        Assert.NotEqual(Signature, WebhookSigner.Sign(Id + "x", Timestamp, Body, [Secret]));
    }

    [Fact]
    public void Sign_TwoSecrets_OneSignatureEachInOrderSpaceSeparated()
    {
        var other = WebhookSigner.NewSecret();

        var header = WebhookSigner.Sign(Id, Timestamp, Body, [other, Secret]);

        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal(WebhookSigner.Sign(Id, Timestamp, Body, [other]), parts[0]);
        Assert.Equal(Signature, parts[1]);
    }

    [Fact]
    public void NewSecret_IsWhsecAndBase64Of24RandomBytes()
    {
        var a = WebhookSigner.NewSecret();
        var b = WebhookSigner.NewSecret();

        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.Equal(24, Convert.FromBase64String(a["whsec_".Length..]).Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Sign_SecretWithoutPrefix_Throws() =>
        Assert.Throws<ArgumentException>(() => WebhookSigner.Sign(Id, Timestamp, Body, ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]));
}
