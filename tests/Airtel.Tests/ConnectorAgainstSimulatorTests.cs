using System.Text;
using System.Text.Json;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.Airtel;
using Simulators.Kit;
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

    /// <summary>A full refund by airtel_money_id succeeds at once; a second is Airtel's ESB000041 (no second refund); partial: no call.</summary>
    [Fact]
    public async Task Refund_Full_OnceOnly()
    {
        var (payment, paid) = await PaidAsync(3000);

        var refund = await _connector.RefundAsync(Context(), RefundOf(payment, paid, "ref_1"), CancellationToken.None);
        var status = await _connector.GetRefundStatusAsync(Context(), new TransferStatusRequest
        {
            Id = "ref_1", ProviderReference = "ref_1", Amount = payment.Amount, ConnectorData = refund.ConnectorData,
        }, CancellationToken.None);
        var again = await _connector.RefundAsync(Context(), RefundOf(payment, paid, "ref_2"), CancellationToken.None);
        var partial = await _connector.RefundAsync(Context(), RefundOf(payment, paid, "ref_3") with
        {
            Amount = new Money(1000, Currency.RWF),
        }, CancellationToken.None);

        Assert.Equal((TransferStatus.Completed, "SUCCESS"), (refund.Status!.Value, refund.ProviderStatus));
        Assert.Equal(TransferStatus.Completed, status.Status);
        Assert.Equal((TransferStatus.Completed, "ESB000041"), (again.Status!.Value, again.ProviderStatus));
        Assert.Equal((TransferStatus.Failed, "PARTIAL_REFUND_NOT_SUPPORTED"), (partial.Status!.Value, partial.Failure!.ProviderCode));
        Assert.Equal(2, _simulator.Server.Calls("POST", "/standard/v1/payments/refund"));
        var refunds = _simulator.Transactions.Where(t => t.Operation == "refund").ToList();
        Assert.Equal(paid.ProviderTransactionId, Assert.Single(refunds).RefundOf);
        Assert.True(_simulator.Transactions.Single(t => t.Operation == "collection").Refunded);
    }

    /// <summary>Without the payment's Airtel id, the refund reads it from Airtel's record of the payment first.</summary>
    [Fact]
    public async Task Refund_WithoutAirtelId_ReadsItFromThePayment()
    {
        var (payment, paid) = await PaidAsync(3000);

        var refund = await _connector.RefundAsync(Context(), RefundOf(payment, paid, "ref_1") with { PaymentProviderTransactionId = null },
            CancellationToken.None);

        Assert.Equal(TransferStatus.Completed, refund.Status);
        Assert.Equal(paid.ProviderTransactionId, _simulator.Transactions.Single(t => t.Operation == "refund").RefundOf);
    }

    [Theory]
    [InlineData(2000L, TransferStatus.Completed, null)]
    [InlineData(2001L, TransferStatus.Failed, "DP00800001007")]
    public async Task Payout_TransferRule_PinEncrypted(long amount, TransferStatus expected, string? code)
    {
        var request = Payout(amount);

        var created = await _connector.CreatePayoutAsync(Context(), request, CancellationToken.None);
        var status = await _connector.GetPayoutStatusAsync(Context(), new TransferStatusRequest
        {
            Id = request.PayoutId, ProviderReference = request.ProviderReference, Amount = request.Amount,
        }, CancellationToken.None);

        Assert.Equal(TransferStatus.Pending, created.Status);
        Assert.Equal(expected, status.Status);
        Assert.Equal(code, status.Failure?.ProviderCode);
        var body = _simulator.Server.LogEntries.Single(e => e.RequestMessage!.Path == "/standard/v1/disbursements/").RequestMessage!.Body!;
        using var sent = JsonDocument.Parse(body);
        var pin = sent.RootElement.GetProperty("pin").GetString()!;
        Assert.Equal(256, Convert.FromBase64String(pin).Length); // RSA-2048 ciphertext, not the PIN
        Assert.NotEqual(Convert.ToBase64String(Encoding.UTF8.GetBytes(TestSupport.Pin)), pin);
    }

    [Fact]
    public async Task Payout_Resend_Esb000041_ReadsTheStatus()
    {
        var request = Payout(2000);
        await _connector.CreatePayoutAsync(Context(), request, CancellationToken.None);

        var resent = await new AirtelConnector().CreatePayoutAsync(Context(), request, CancellationToken.None);

        Assert.Equal(TransferStatus.Completed, resent.Status);
        Assert.Single(_simulator.Transactions);
    }

    [Fact]
    public async Task Payout_WithoutPin_FailsBeforeAnyCall()
    {
        var account = TestSupport.Account(new Uri(_simulator.Url), pin: null);

        var result = await _connector.CreatePayoutAsync(Context(account), Payout(2000), CancellationToken.None);

        Assert.Equal((TransferStatus.Failed, "NO_DISBURSEMENT_PIN"), (result.Status!.Value, result.Failure!.ProviderCode));
        Assert.Equal(0, _simulator.Server.Calls("POST", "/standard/v1/disbursements"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("NOT_FOUND", false)]
    [InlineData("BARRED", false)]
    public async Task Kyc_ActiveUnlessUnknownOrBarred(string? forced, bool active)
    {
        if (forced is not null)
        {
            _simulator.AddOverride(new AirtelOverride { Match = new OverrideMatch { Operation = "kyc" }, Outcome = new AirtelOverrideOutcome { Status = forced } });
        }

        var holder = await _connector.GetAccountHolderAsync(Context(), new AccountHolderRequest { Phone = TestSupport.Payer },
            CancellationToken.None);

        Assert.Equal((OperationOutcome.Completed, active), (holder.Outcome, holder.IsActive));
        Assert.Equal(forced is null ? "Test Subscriber" : forced == "BARRED" ? "Test Subscriber" : null, holder.Name);
        Assert.Equal(1, _simulator.Server.Calls("GET", "/standard/v1/users/733123456"));
    }

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

    private async Task<(CreatePaymentRequest Payment, PaymentResult Paid)> PaidAsync(long amount)
    {
        var payment = TestSupport.Payment(amount);
        await Create(payment);
        var paid = await Status(payment);
        Assert.Equal(PaymentStatus.Paid, paid.Status);
        return (payment, paid);
    }

    private static RefundRequest RefundOf(CreatePaymentRequest payment, PaymentResult paid, string id) => new()
    {
        RefundId = id,
        ProviderReference = id,
        PaymentProviderReference = payment.ProviderReference,
        PaymentProviderTransactionId = paid.ProviderTransactionId,
        Amount = payment.Amount,
        PaymentAmount = payment.Amount,
    };

    private static PayoutRequest Payout(long amount) => new()
    {
        PayoutId = "po_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C",
        ProviderReference = "po_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C",
        Amount = new Money(amount, Currency.RWF),
        Method = PaymentMethod.MobileMoney,
        Recipient = new PayoutRecipient { Phone = TestSupport.Payer },
        Description = "Payout",
    };

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
