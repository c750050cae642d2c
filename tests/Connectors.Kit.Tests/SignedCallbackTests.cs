using System.Text;
using System.Text.Json;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Kit.Tests;

/// <summary>IremboPay's scheme (PROVIDERS §6.3): header <c>irembopay-signature: t=…,s=…</c>, hex HMAC of <c>t#body</c>.</summary>
internal sealed class IremboPayStyleVerifier : SignedCallbackVerifier
{
    protected override CallbackSignature? ReadSignature(CallbackRequest request) =>
        SignatureHeader.TryParse(request.Header("irembopay-signature"), out var parts) && parts.TryGetValue("s", out var s)
            ? new CallbackSignature(s, parts.GetValueOrDefault("t"))
            : null;

    protected override byte[]? BuildSignedMessage(CallbackRequest request, CallbackSignature signature) =>
        [.. Utf8(signature.Timestamp + "#"), .. request.Body.Span];
}

/// <summary>Airtel's scheme (PROVIDERS §5.3): body <c>hash</c>, Base64 HMAC of the <c>transaction</c> value's raw text; no timestamp.</summary>
internal sealed class AirtelStyleVerifier : SignedCallbackVerifier
{
    protected override SignatureEncoding Encoding => SignatureEncoding.Base64;

    protected override bool RequiresTimestamp => false;

    protected override CallbackSignature? ReadSignature(CallbackRequest request)
    {
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            return document.RootElement.TryGetProperty("hash", out var hash) && hash.ValueKind == JsonValueKind.String
                ? new CallbackSignature(hash.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    protected override byte[]? BuildSignedMessage(CallbackRequest request, CallbackSignature signature)
    {
        using var document = JsonDocument.Parse(request.Body);
        return document.RootElement.TryGetProperty("transaction", out var transaction) ? Utf8(transaction.GetRawText()) : null;
    }
}

public sealed class SignedCallbackTests
{
    private const string IremboSecret = "sk_sandbox_example";
    private const string IremboTimestamp = "1653405045000";
    private const string IremboSignature = "11256f4c8508f12d69e82be58670a11b20d4578061163ee8d783cc8380891d15";
    private const string IremboBody =
        """{"success":true,"message":"Payment notification","data":{"invoiceNumber":"880519183280","transactionId":"TST-0001","paymentStatus":"PAID","amount":100,"currency":"RWF","paymentMethod":"MTN_MOMO","paymentReference":"MP-123","paidAt":"2023-04-19T11:58:02.895+02:00"}}""";

    private const string AirtelSecret = "airtel_cb_secret_example";
    private const string AirtelHash = "aW37C1CBYCaYqT146FmgFMkvNeIpIpjfBgtIMm5r+ZM=";
    private const string AirtelTransaction =
        """{"id":"pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C","message":"Paid RWF 5,000 to MERCHANT. Trans ID MP210603.1234.L06941.","status_code":"TS","airtel_money_id":"MP210603.1234.L06941"}""";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeMilliseconds(1653405045000);

    private readonly FakeTimeProvider _clock = new(SignedAt + TimeSpan.FromSeconds(10));
    private readonly IremboPayStyleVerifier _irembo = new();
    private readonly AirtelStyleVerifier _airtel = new();

    [Fact]
    public void IremboPay_Vector_Valid() =>
        Assert.Equal(SignatureCheck.Valid, _irembo.Verify(Irembo(IremboBody), new CallbackSecrets(IremboSecret), _clock).Check);

    [Fact]
    public void IremboPay_UpperCaseHexAndSpaceAfterComma_Valid() =>
        Assert.True(_irembo.Verify(Irembo(IremboBody, $"t={IremboTimestamp}, s={IremboSignature.ToUpperInvariant()}"),
            new CallbackSecrets(IremboSecret), _clock).IsValid);

    [Fact]
    public void IremboPay_TamperedBody_Mismatch()
    {
        var verdict = _irembo.Verify(Irembo(IremboBody.Replace("\"amount\":100", "\"amount\":900", StringComparison.Ordinal)),
            new CallbackSecrets(IremboSecret), _clock);

        Assert.Equal(SignatureCheck.Mismatch, verdict.Check);
        Assert.Equal(CallbackRejection.SignatureInvalid, verdict.ToRejected().Reason);
        Assert.DoesNotContain(IremboSecret, verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void IremboPay_TamperedTimestamp_Mismatch() =>
        Assert.Equal(SignatureCheck.Mismatch, _irembo.Verify(Irembo(IremboBody, $"t=1653405046000,s={IremboSignature}"),
            new CallbackSecrets(IremboSecret), _clock).Check);

    [Fact]
    public void IremboPay_WrongSecret_Mismatch() =>
        Assert.Equal(SignatureCheck.Mismatch, _irembo.Verify(Irembo(IremboBody), new CallbackSecrets("sk_sandbox_other"), _clock).Check);

    [Fact]
    public void IremboPay_AtTheToleranceEdge_ValidBothWays()
    {
        Assert.True(_irembo.Verify(Irembo(IremboBody), new CallbackSecrets(IremboSecret),
            new FakeTimeProvider(SignedAt + TimeSpan.FromSeconds(300))).IsValid);
        Assert.True(_irembo.Verify(Irembo(IremboBody), new CallbackSecrets(IremboSecret),
            new FakeTimeProvider(SignedAt - TimeSpan.FromSeconds(300))).IsValid);
    }

    [Fact]
    public void IremboPay_Stale_Rejected()
    {
        _clock.SetUtcNow(SignedAt + TimeSpan.FromSeconds(301));

        var verdict = _irembo.Verify(Irembo(IremboBody), new CallbackSecrets(IremboSecret), _clock);

        Assert.Equal(SignatureCheck.Stale, verdict.Check);
        Assert.Equal(CallbackRejection.SignatureInvalid, verdict.ToRejected().Reason);
    }

    [Fact]
    public void IremboPay_FromTheFuture_Rejected()
    {
        var early = new FakeTimeProvider(SignedAt - TimeSpan.FromSeconds(301));

        Assert.Equal(SignatureCheck.FromTheFuture, _irembo.Verify(Irembo(IremboBody), new CallbackSecrets(IremboSecret), early).Check);
    }

    [Theory]
    [InlineData(null, SignatureCheck.Missing)]
    [InlineData("s=" + IremboSignature, SignatureCheck.Missing)]
    [InlineData("t=" + IremboTimestamp, SignatureCheck.Missing)]
    [InlineData("t=yesterday,s=" + IremboSignature, SignatureCheck.Malformed)]
    [InlineData("t=" + IremboTimestamp + ",s=not-hex", SignatureCheck.Malformed)]
    public void IremboPay_BadHeader_Refused(string? header, SignatureCheck expected) =>
        Assert.Equal(expected, _irembo.Verify(Irembo(IremboBody, header), new CallbackSecrets(IremboSecret), _clock).Check);

    [Fact]
    public void RotatedSecret_PreviousInsideWindow_Valid()
    {
        var secrets = new CallbackSecrets("sk_sandbox_new", IremboSecret, SignedAt + TimeSpan.FromDays(1));

        var verdict = _irembo.Verify(Irembo(IremboBody), secrets, _clock);

        Assert.True(verdict.IsValid);
        Assert.True(verdict.UsedPreviousSecret);
    }

    [Fact]
    public void RotatedSecret_PreviousAfterWindow_Mismatch()
    {
        var secrets = new CallbackSecrets("sk_sandbox_new", IremboSecret, SignedAt + TimeSpan.FromSeconds(5));

        Assert.Equal(SignatureCheck.Mismatch, _irembo.Verify(Irembo(IremboBody), secrets, _clock).Check);
    }

    [Fact]
    public void RotatedSecret_PreviousWithoutWindow_Mismatch() =>
        Assert.Equal(SignatureCheck.Mismatch,
            _irembo.Verify(Irembo(IremboBody), new CallbackSecrets("sk_sandbox_new", IremboSecret), _clock).Check);

    [Fact]
    public void RotatedSecret_CurrentStillValidDuringWindow()
    {
        var secrets = new CallbackSecrets(IremboSecret, "sk_sandbox_old", SignedAt + TimeSpan.FromDays(1));

        var verdict = _irembo.Verify(Irembo(IremboBody), secrets, _clock);

        Assert.True(verdict.IsValid);
        Assert.False(verdict.UsedPreviousSecret);
    }

    [Fact]
    public void NoSecret_Refused() =>
        Assert.Equal(SignatureCheck.NoSecret, _irembo.Verify(Irembo(IremboBody), new CallbackSecrets(null), _clock).Check);

    [Fact]
    public void CallbackSecrets_FromAccount_ReadsRotationWindow()
    {
        var account = KitTestSupport.Account(
            credentials: new() { ["secretKey"] = "new", ["previousCallbackSecret"] = "old" },
            settings: new() { ["previousCallbackSecretUntil"] = "2022-05-25T00:00:00Z" });

        var secrets = CallbackSecrets.FromAccount(account, currentCredential: "secretKey");

        Assert.Equal(new CallbackSecrets("new", "old", new DateTimeOffset(2022, 5, 25, 0, 0, 0, TimeSpan.Zero)), secrets);
        Assert.Equal(["new", "old"], secrets.AcceptedAt(SignedAt).Select(s => s.Secret));
        Assert.Equal(["new"], secrets.AcceptedAt(new DateTimeOffset(2022, 5, 25, 0, 0, 0, TimeSpan.Zero)).Select(s => s.Secret));
        Assert.DoesNotContain("old", secrets.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void CallbackSecrets_Validate_BadWindowNamed()
    {
        var account = KitTestSupport.Account(settings: new() { ["previousCallbackSecretUntil"] = "next tuesday" });

        Assert.Equal("settings.previousCallbackSecretUntil", Assert.Single(CallbackSecrets.Validate(account)).Field);
    }

    [Fact]
    public void Airtel_Vector_Valid() =>
        Assert.Equal(SignatureCheck.Valid, _airtel.Verify(Airtel(AirtelTransaction, AirtelHash), new CallbackSecrets(AirtelSecret), _clock).Check);

    [Fact]
    public void Airtel_TamperedTransaction_Mismatch() =>
        Assert.Equal(SignatureCheck.Mismatch, _airtel.Verify(
            Airtel(AirtelTransaction.Replace("\"TS\"", "\"TF\"", StringComparison.Ordinal), AirtelHash),
            new CallbackSecrets(AirtelSecret), _clock).Check);

    [Fact]
    public void Airtel_ReformattedTransaction_Mismatch() =>
        Assert.Equal(SignatureCheck.Mismatch, _airtel.Verify(
            Airtel(AirtelTransaction.Replace(",", ", ", StringComparison.Ordinal), AirtelHash),
            new CallbackSecrets(AirtelSecret), _clock).Check);

    [Fact]
    public void Airtel_NoHash_Missing() =>
        Assert.Equal(SignatureCheck.Missing, _airtel.Verify(
            KitTestSupport.Callback($$"""{"transaction":{{AirtelTransaction}}}"""), new CallbackSecrets(AirtelSecret), _clock).Check);

    [Fact]
    public void Airtel_RotatedSecretInsideWindow_Valid() =>
        Assert.True(_airtel.Verify(Airtel(AirtelTransaction, AirtelHash),
            new CallbackSecrets("airtel_cb_secret_new", AirtelSecret, SignedAt + TimeSpan.FromHours(1)), _clock).IsValid);

    private static CallbackRequest Irembo(string body, string? header = $"t={IremboTimestamp},s={IremboSignature}") =>
        KitTestSupport.Callback(body, header is null ? null : new() { ["IremboPay-Signature"] = header });

    private static CallbackRequest Airtel(string transaction, string hash) =>
        KitTestSupport.Callback($$"""{"transaction":{{transaction}},"hash":"{{hash}}"}""");
}
