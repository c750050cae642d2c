using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.IremboPay;

namespace Connectors.IremboPay.Tests;

/// <summary>
/// IremboPay's notification signature with PROVIDERS §6.3's test vector, exactly: the connector's verifier and the
/// simulator's signer are both pinned to it, so a bug they share cannot hide.
/// </summary>
public sealed class CallbackVerifierTests
{
    private const string VectorSecret = "sk_sandbox_example";
    private const string VectorT = "1653405045000";
    private const string VectorS = "11256f4c8508f12d69e82be58670a11b20d4578061163ee8d783cc8380891d15";

    private const string VectorBody =
        """{"success":true,"message":"Payment notification","data":{"invoiceNumber":"880519183280","transactionId":"TST-0001","paymentStatus":"PAID","amount":100,"currency":"RWF","paymentMethod":"MTN_MOMO","paymentReference":"MP-123","paidAt":"2023-04-19T11:58:02.895+02:00"}}""";

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeMilliseconds(1653405045000));
    private readonly IremboPayConnector _connector = new();

    [Fact]
    public void Vector_SimulatorSignerGivesTheDocumentedSignature() =>
        Assert.Equal(VectorS, IremboPayWire.Sign(VectorSecret, VectorT, VectorBody));

    [Fact]
    public async Task Vector_Verified_PaidWithTheInvoiceAmount()
    {
        var verification = await VerifyAsync(TestSupport.Notification(VectorBody, $"t={VectorT},s={VectorS}"));

        var update = Assert.Single(Assert.IsType<CallbackVerification.Verified>(verification).Updates);
        Assert.Equal("TST-0001", update.ProviderReference);
        Assert.Equal(PaymentStatus.Paid, update.Status);
        Assert.Equal("PAID", update.ProviderStatus);
        Assert.Equal(new Money(100, Currency.RWF), update.Amount);
        Assert.Equal("880519183280", update.ProviderTransactionId);
        Assert.Equal("880519183280:PAID", update.ProviderEventId);
        var data = IremboPayData.Parse(update.ConnectorData)!;
        Assert.Equal("MP-123", data.PaymentReference);
        Assert.Equal("MTN_MOMO", data.PaymentMethod);
        Assert.Equal("880519183280", data.InvoiceNumber);
    }

    [Fact]
    public async Task Vector_SpaceAfterCommaAndUpperCaseHex_Verified()
    {
        var verification = await VerifyAsync(TestSupport.Notification(VectorBody, $"t={VectorT}, s={VectorS.ToUpperInvariant()}"));

        Assert.IsType<CallbackVerification.Verified>(verification);
    }

    [Fact]
    public async Task TamperedBody_Rejected()
    {
        var tampered = VectorBody.Replace("\"amount\":100", "\"amount\":900", StringComparison.Ordinal);

        var verification = await VerifyAsync(TestSupport.Notification(tampered, $"t={VectorT},s={VectorS}"));

        Assert.Equal(CallbackRejection.SignatureInvalid, Assert.IsType<CallbackVerification.Rejected>(verification).Reason);
    }

    [Fact]
    public async Task FinalNewline_IsAnotherBody_Rejected()
    {
        var verification = await VerifyAsync(TestSupport.Notification(VectorBody + "\n", $"t={VectorT},s={VectorS}"));

        Assert.IsType<CallbackVerification.Rejected>(verification);
    }

    [Theory]
    [InlineData(301, false)]
    [InlineData(299, true)]
    [InlineData(-299, true)]
    [InlineData(-301, false)]
    public async Task Timestamp_Within300Seconds_OfTheContextClock(int clockMovedSeconds, bool accepted)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1653405045000).AddSeconds(clockMovedSeconds));

        var verification = await VerifyAsync(TestSupport.Notification(VectorBody, $"t={VectorT},s={VectorS}"), clock: clock);

        if (accepted)
        {
            Assert.IsType<CallbackVerification.Verified>(verification);
        }
        else
        {
            Assert.Equal(CallbackRejection.SignatureInvalid, Assert.IsType<CallbackVerification.Rejected>(verification).Reason);
        }
    }

    [Fact]
    public async Task WrongSecret_Rejected()
    {
        var verification = await VerifyAsync(TestSupport.Notification(VectorBody, $"t={VectorT},s={VectorS}"),
            TestSupport.Account(new Uri("http://127.0.0.1:1"), callbackSecret: "sk_sandbox_other"));

        Assert.Equal(CallbackRejection.SignatureInvalid, Assert.IsType<CallbackVerification.Rejected>(verification).Reason);
    }

    [Fact]
    public async Task RotatedSecret_PreviousAcceptedInsideItsWindowOnly()
    {
        var inWindow = Rotated(_clock.GetUtcNow().AddHours(1));
        var pastWindow = Rotated(_clock.GetUtcNow().AddSeconds(-1));
        var request = TestSupport.Notification(VectorBody, $"t={VectorT},s={VectorS}");

        Assert.IsType<CallbackVerification.Verified>(await VerifyAsync(request, inWindow));
        Assert.IsType<CallbackVerification.Rejected>(await VerifyAsync(request, pastWindow));

        // Signed with the new secret, it is accepted either way.
        var current = IremboPayWire.Sign("sk_sandbox_new", VectorT, VectorBody);
        Assert.IsType<CallbackVerification.Verified>(await VerifyAsync(
            TestSupport.Notification(VectorBody, $"t={VectorT},s={current}"), pastWindow));

        static ConnectorAccount Rotated(DateTimeOffset until) => TestSupport.Account(new Uri("http://127.0.0.1:1"),
            callbackSecret: "sk_sandbox_new",
            extraCredentials: new Dictionary<string, string> { ["previousCallbackSecret"] = VectorSecret },
            extraSettings: new Dictionary<string, string> { ["previousCallbackSecretUntil"] = until.ToString("O") });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("s=11256f4c8508f12d69e82be58670a11b20d4578061163ee8d783cc8380891d15")]
    [InlineData("t=1653405045000")]
    [InlineData("t=1653405045000,s=not-hex")]
    [InlineData("t=yesterday,s=11256f4c8508f12d69e82be58670a11b20d4578061163ee8d783cc8380891d15")]
    public async Task MissingOrMalformedSignature_Rejected(string? header)
    {
        var verification = await VerifyAsync(TestSupport.Notification(VectorBody, header));

        Assert.IsType<CallbackVerification.Rejected>(verification);
    }

    [Fact]
    public async Task WrongAmountObject_VerifiedWithTheReportedAmount_SoTheHubSeesTheMismatch()
    {
        var other = Object(new Money(101, Currency.RWF));

        var verification = await _connector.VerifyCallbackAsync(Context(), TestSupport.Notification(VectorBody, $"t={VectorT},s={VectorS}"),
            [other], CancellationToken.None);

        var update = Assert.Single(Assert.IsType<CallbackVerification.Verified>(verification).Updates);
        Assert.Equal(new Money(100, Currency.RWF), update.Amount);
        Assert.NotEqual(other.Amount, update.Amount);
    }

    [Fact]
    public async Task NoSuchPayment_RejectedAsUnknownReference()
    {
        var verification = await _connector.VerifyCallbackAsync(Context(), TestSupport.Notification(VectorBody, $"t={VectorT},s={VectorS}"),
            [], CancellationToken.None);

        Assert.Equal(CallbackRejection.UnknownReference, Assert.IsType<CallbackVerification.Rejected>(verification).Reason);
    }

    [Fact]
    public async Task FoundByInvoiceNumber_UpdateNamesTheHubReference()
    {
        var byInvoice = Object(new Money(100, Currency.RWF)) with { ProviderReference = "pay_OTHER", ProviderTransactionId = "880519183280" };

        var verification = await _connector.VerifyCallbackAsync(Context(), TestSupport.Notification(VectorBody, $"t={VectorT},s={VectorS}"),
            [byInvoice], CancellationToken.None);

        Assert.Equal("pay_OTHER", Assert.Single(Assert.IsType<CallbackVerification.Verified>(verification).Updates).ProviderReference);
    }

    [Fact]
    public void Read_NamesTransactionIdAndInvoiceNumber()
    {
        var about = Assert.IsType<CallbackParse.About>(_connector.ReadCallback(TestSupport.Notification(VectorBody, null)));

        Assert.Equal(["TST-0001", "880519183280"], about.References.Select(r => r.ProviderReference));
        Assert.All(about.References, r => Assert.Equal(CallbackSubject.Payment, r.Subject));
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("{\"success\":true,\"data\":{}}")]
    [InlineData("{\"data\":")]
    [InlineData("paymentStatus=PAID")]
    public void Read_Garbage_Malformed(string body) =>
        Assert.IsType<CallbackParse.Malformed>(_connector.ReadCallback(TestSupport.Notification(body, null)));

    [Fact]
    public void Read_NotAPost_Malformed() =>
        Assert.IsType<CallbackParse.Malformed>(_connector.ReadCallback(TestSupport.Notification(VectorBody, null, "GET")));

    [Fact]
    public async Task SignedButUndocumentedStatus_RejectedAsMalformed()
    {
        var body = VectorBody.Replace("\"PAID\"", "\"SETTLING\"", StringComparison.Ordinal);
        var signature = IremboPayWire.Sign(VectorSecret, VectorT, body);

        var verification = await VerifyAsync(TestSupport.Notification(body, $"t={VectorT},s={signature}"));

        Assert.Equal(CallbackRejection.Malformed, Assert.IsType<CallbackVerification.Rejected>(verification).Reason);
    }

    private static CallbackObject Object(Money amount) => new()
    {
        Subject = CallbackSubject.Payment,
        Id = "pay_TST0001",
        ProviderReference = "TST-0001",
        Amount = amount,
    };

    private ConnectorContext Context(ConnectorAccount? account = null, TimeProvider? clock = null) =>
        TestSupport.Context("http://127.0.0.1:1", clock ?? _clock,
            account ?? TestSupport.Account(new Uri("http://127.0.0.1:1"), callbackSecret: VectorSecret));

    private Task<CallbackVerification> VerifyAsync(CallbackRequest request, ConnectorAccount? account = null, TimeProvider? clock = null) =>
        _connector.VerifyCallbackAsync(Context(account, clock), request, [Object(new Money(100, Currency.RWF))], CancellationToken.None);
}
