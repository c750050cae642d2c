using System.Text.Json;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.Airtel;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connectors.Airtel.Tests;

/// <summary>
/// The connector against the Airtel simulator on one fake clock (PROVIDERS §1.2–1.3, §5): Copay's phones, amount parity,
/// fail_on_create, ESB000041 on a resend, the token's string expires_in, X-Country/X-Currency, full refunds, payouts
/// with the encrypted PIN, KYC, and the portal callback's hash, received by a stub hub.
/// </summary>
public sealed class ConnectorAgainstSimulatorTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly WireMockServer _hub = WireMockServer.Start();
    private readonly AirtelSimulator _simulator;
    private readonly AirtelConnector _connector = new();

    public ConnectorAgainstSimulatorTests()
    {
        _hub.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200));
        _simulator = AirtelSimulator.Start(new AirtelSimulatorOptions
        {
            Port = 0, Clock = _clock, CallbackUrl = _hub.Url + "/v1/callbacks/airtel_money/" + TestSupport.AccountId,
        });
    }

    public void Dispose()
    {
        _simulator.Dispose();
        _hub.Stop();
    }

    [Fact]
    public async Task CopaySuccessPhone_PendingThenPaid_AndTheCallbackIsAVerifiedHint()
    {
        var payment = TestSupport.Payment(1002, TestSupport.CopaySuccess);

        var created = await Create(payment);
        var early = await Status(payment);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var paid = await Status(payment);
        var callback = await HubCallbackAsync();

        Assert.Equal((PaymentStatus.Pending, NextActionType.ApproveOnPhone), (created.Status!.Value, created.NextAction!.Type));
        Assert.Equal(PaymentStatus.Pending, early.Status);
        Assert.Equal((PaymentStatus.Paid, "TS"), (paid.Status!.Value, paid.ProviderStatus));
        Assert.StartsWith("MP261201.1200.L", paid.ProviderTransactionId, StringComparison.Ordinal);
        Assert.Contains("\"status_code\":\"TS\"", callback, StringComparison.Ordinal);
        var hint = Assert.IsType<CallbackVerification.Hint>(await _connector.VerifyCallbackAsync(Context(),
            TestSupport.Callback(callback), [], CancellationToken.None));
        Assert.Contains(hint.References, r => r.ProviderReference == payment.ProviderReference);
    }

    [Fact]
    public async Task CopayFailurePhone_FailsPayerDeclined()
    {
        var payment = TestSupport.Payment(1002, TestSupport.CopayFailure);

        var created = await Create(payment);
        var failed = await Status(payment);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal((PaymentStatus.Failed, FailureCode.PayerDeclined, "DP00800001008"),
            (failed.Status!.Value, failed.Failure!.Code, failed.Failure.ProviderCode));
        Assert.Contains("\"status_code\":\"TF\"", await HubCallbackAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OddAmount_FailsInsufficientFundsAtOnce()
    {
        var payment = TestSupport.Payment(1001);

        await Create(payment);
        var failed = await Status(payment);

        Assert.Equal((PaymentStatus.Failed, FailureCode.InsufficientFunds, "DP00800001007"),
            (failed.Status!.Value, failed.Failure!.Code, failed.Failure.ProviderCode));
    }

    [Fact]
    public async Task FailOnCreate_IsRefusedEsb000004_NothingStored()
    {
        var created = await Create(TestSupport.Payment(1002, description: "Order fail_on_create"));

        Assert.Equal((PaymentStatus.Failed, FailureCode.ProviderError, "ESB000004"),
            (created.Status!.Value, created.Failure!.Code, created.Failure.ProviderCode));
        Assert.Empty(_simulator.Transactions);
    }

    /// <summary>A resend after a crash: ESB000041, then one GET; the simulator holds one push.</summary>
    [Fact]
    public async Task Resend_Esb000041_ReadsTheStatus_NeverASecondCharge()
    {
        var payment = TestSupport.Payment(1010);
        await Create(payment);

        var resent = await new AirtelConnector().CreatePaymentAsync(Context(), payment, CancellationToken.None);

        Assert.Equal((OperationOutcome.Completed, PaymentStatus.Pending), (resent.Outcome, resent.Status!.Value));
        Assert.Single(_simulator.Transactions);
        Assert.Equal(2, _simulator.Server.Calls("POST", "/merchant/v1/payments"));
        Assert.Equal(1, _simulator.Server.Calls("GET", "/standard/v1/payments/"));
    }

    /// <summary>Every call carries Bearer, X-Country and X-Currency; the token is asked once with a JSON body and cached.</summary>
    [Fact]
    public async Task Calls_CarryTokenCountryAndCurrency_TokenIsJsonAndCached()
    {
        var payment = TestSupport.Payment(1002);
        await Create(payment);
        await Status(payment);
        _clock.Advance(TimeSpan.FromSeconds(200)); // past "expires_in":"180"
        await Status(payment);

        var business = _simulator.Server.LogEntries.Where(e => !e.RequestMessage!.Path.StartsWith("/auth", StringComparison.Ordinal)).ToList();
        var tokens = _simulator.Server.LogEntries.Where(e => e.RequestMessage!.Path == "/auth/oauth2/token").ToList();
        Assert.Equal(3, business.Count);
        Assert.All(business, c => Assert.StartsWith("Bearer ", c.Header("Authorization"), StringComparison.Ordinal));
        Assert.All(business, c => Assert.Equal(("RW", "RWF"), (c.Header("X-Country"), c.Header("X-Currency"))));
        Assert.Equal(2, tokens.Count);
        using var token = JsonDocument.Parse(tokens[0].RequestMessage!.Body!);
        Assert.Equal((TestSupport.ClientId, TestSupport.ClientSecret, "client_credentials"),
            (token.RootElement.GetProperty("client_id").GetString(), token.RootElement.GetProperty("client_secret").GetString(),
                token.RootElement.GetProperty("grant_type").GetString()));
        Assert.Equal("*/*", tokens[0].Header("Accept"));
    }

    [Fact]
    public async Task CollectionV2_Setting_UsesTheV2Path()
    {
        var account = TestSupport.Account(new Uri(_simulator.Url), settings: new Dictionary<string, string> { ["collectionApiVersion"] = "v2" });

        var created = await _connector.CreatePaymentAsync(Context(account), TestSupport.Payment(1002), CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal(1, _simulator.Server.Calls("POST", "/merchant/v2/payments/"));
    }

    [Fact]
    public async Task WrongClientSecret_IsRefusedBeforeAnyPush()
    {
        var account = TestSupport.Account(new Uri(_simulator.Url), clientSecret: "invalid");

        var created = await _connector.CreatePaymentAsync(Context(account), TestSupport.Payment(1002), CancellationToken.None);

        Assert.Equal((PaymentStatus.Failed, "invalid_client"), (created.Status!.Value, created.Failure!.ProviderCode));
        Assert.Equal(0, _simulator.Server.Calls("POST", "/merchant/"));
    }

    [Fact]
    public async Task UnknownId_IsNotFound() =>
        Assert.Equal(OperationOutcome.NotFound, (await Status(TestSupport.Payment(paymentId: "pay_NEVER"))).Outcome);

    /// <summary>The portal's secret rotated to one the account does not hold yet: the callback is refused, nothing moves.</summary>
    [Fact]
    public async Task Callback_WithAnotherSecret_IsRejected()
    {
        _simulator.SetPortal(new AirtelPortal { HashSecret = "rotated_at_airtel" });
        await Create(TestSupport.Payment(1000));

        var callback = await HubCallbackAsync();
        var verification = await _connector.VerifyCallbackAsync(Context(), TestSupport.Callback(callback), [], CancellationToken.None);

        Assert.Equal(CallbackRejection.SignatureInvalid, Assert.IsType<CallbackVerification.Rejected>(verification).Reason);
    }

    private async Task<string> HubCallbackAsync()
    {
        for (var i = 0; i < 200 && !_hub.LogEntries.Any(); i++)
        {
            await Task.Delay(25);
        }

        return Assert.Single(_hub.LogEntries).RequestMessage!.Body!;
    }

    private Task<PaymentResult> Create(CreatePaymentRequest payment) =>
        _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);

    private Task<PaymentResult> Status(CreatePaymentRequest payment) =>
        _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment), CancellationToken.None);

    private ConnectorContext Context(ConnectorAccount? account = null) => TestSupport.Context(_simulator.Url, _clock, account);
}
