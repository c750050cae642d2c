using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.Kit;
using Simulators.OrangeMoney;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connectors.OrangeMoney.Tests;

/// <summary>
/// The connector against the Orange simulator (PROVIDERS §1.2/§4: an even amount is SUCCESSFULL after its last two
/// digits in seconds, an odd one FAILED 60019 at once, fail_on_create a 417), with a stub hub receiving notifications.
/// </summary>
public sealed class ConnectorAgainstSimulatorTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly OrangeMoneySimulator _simulator;
    private readonly WireMockServer _hub = WireMockServer.Start();
    private readonly OrangeMoneyConnector _connector = new();
    private readonly List<string> _saved = [];

    public ConnectorAgainstSimulatorTests()
    {
        _simulator = OrangeMoneySimulator.Start(new OrangeMoneySimulatorOptions { Port = 0, Clock = _clock });
        _hub.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200));
    }

    public void Dispose()
    {
        _simulator.Dispose();
        _hub.Stop();
    }

    [Fact]
    public async Task Pay_EvenAmount_PendingThenPaidAfterDelay()
    {
        var payment = TestSupport.Payment(1002);

        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        var early = await Status(payment, created.ConnectorData);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var paid = await Status(payment, created.ConnectorData);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal("Approve the Orange Money prompt on +237699123456", created.NextAction!.Message);
        Assert.Equal(created.ConnectorData, Assert.Single(_saved)); // saved before the push, returned after it
        Assert.StartsWith("MP", OrangeMoneyMapping.PayTokenOf(created.ConnectorData), StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Pending, early.Status);
        Assert.Equal(PaymentStatus.Paid, paid.Status);
        Assert.Equal("SUCCESSFULL", paid.ProviderStatus);
        Assert.Equal(created.ProviderTransactionId, paid.ProviderTransactionId);
        Assert.StartsWith("MP261201.1200.", paid.ProviderTransactionId, StringComparison.Ordinal);

        var transaction = Assert.Single(_simulator.Transactions);
        Assert.Equal(payment.ProviderReference, transaction.OrderId);
        Assert.Equal(("1002", "699123456", "691234567", "Order 123"),
            (transaction.Amount, transaction.SubscriberMsisdn, transaction.ChannelUserMsisdn, transaction.Description));
        Assert.EndsWith($"?ref={payment.ProviderReference}&for=payment", transaction.NotifUrl, StringComparison.Ordinal);
        Assert.Equal((1, 1, 1), (_simulator.Server.Calls("POST", "/token"), _simulator.Server.Calls("POST", "/mp/init"),
            _simulator.Server.Calls("POST", "/mp/pay")));
    }

    [Fact]
    public async Task EveryOmCoreCall_CarriesBearerAndXAuthToken()
    {
        var payment = TestSupport.Payment(1002);
        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        await Status(payment, created.ConnectorData);

        var calls = _simulator.Server.LogEntries.Where(e => e.RequestMessage!.Path.StartsWith("/omcoreapis/1.0.2/", StringComparison.Ordinal)).ToList();
        var token = _simulator.Server.LogEntries.Single(e => e.RequestMessage!.Path == "/token");
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.StartsWith("Bearer ", c.Header("Authorization"), StringComparison.Ordinal));
        Assert.All(calls, c => Assert.Equal(
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestSupport.ApiUser}:{TestSupport.ApiPassword}")), c.Header("X-AUTH-TOKEN")));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestSupport.ConsumerKey}:{TestSupport.ConsumerSecret}")),
            token.Header("Authorization"));
        Assert.Equal("grant_type=client_credentials", token.RequestMessage!.Body);
    }

    [Fact]
    public async Task Pay_OddAmount_FailedInsufficientFunds()
    {
        var payment = TestSupport.Payment(1001);

        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        var failed = await Status(payment, created.ConnectorData);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal(PaymentStatus.Failed, failed.Status);
        Assert.Equal(FailureCode.InsufficientFunds, failed.Failure!.Code);
        Assert.Equal("60019", failed.Failure.ProviderCode);
    }

    [Fact]
    public async Task Pay_FailOnCreate_Synchronous417IsAFailedPayment()
    {
        var payment = TestSupport.Payment(1002, description: "Order fail_on_create");

        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        var status = await Status(payment, created.ConnectorData);

        Assert.Equal(OperationOutcome.Completed, created.Outcome);
        Assert.Equal(PaymentStatus.Failed, created.Status);
        Assert.Equal(FailureCode.InsufficientFunds, created.Failure!.Code);
        Assert.Equal("60019", created.Failure.ProviderCode);
        Assert.Null(created.ProviderTransactionId); // txnid null on a 417
        Assert.Equal(PaymentStatus.Failed, status.Status);
        Assert.Empty(_simulator.Transactions);
    }

    [Fact]
    public async Task Pay_InvalidConsumerSecret_RefusedWithoutInit()
    {
        var context = Context(account: TestSupport.Account(new Uri(_simulator.Url), consumerSecret: "invalid"));

        var result = await _connector.CreatePaymentAsync(context, TestSupport.Payment(1002), CancellationToken.None);

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal("invalid_client", result.Failure!.ProviderCode);
        Assert.Equal(0, _simulator.Server.Calls("POST", "/mp/init"));
        Assert.Empty(_saved);
    }

    [Fact]
    public async Task Pay_InvalidApiPassword_RefusedAtInit()
    {
        var context = Context(account: TestSupport.Account(new Uri(_simulator.Url), apiPassword: "invalid"));

        var result = await _connector.CreatePaymentAsync(context, TestSupport.Payment(1002), CancellationToken.None);

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal("HTTP_403", result.Failure!.ProviderCode);
        Assert.Equal(0, _simulator.InitCount);
    }

    [Fact]
    public async Task Pay_NotACameroonNumber_NothingSent()
    {
        var result = await _connector.CreatePaymentAsync(Context(), TestSupport.Payment(1002, phone: "+250788123456"), CancellationToken.None);

        Assert.Equal(FailureCode.InvalidAccount, result.Failure!.Code);
        Assert.Empty(_simulator.Server.LogEntries);
    }

    [Fact]
    public async Task Pay_UnresolvedPending_ExpiresAfter300SecondsAndIsNotified()
    {
        var payment = TestSupport.Payment(1002, paymentId: "pay_EXPIRES");
        _simulator.AddOverride(new OrangeMoneyOverride { Match = new OverrideMatch { Reference = "pay_EXPIRES" }, Outcome = new() { Status = "PENDING" } });

        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(299));
        var before = await Status(payment, created.ConnectorData);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await Status(payment, created.ConnectorData);

        Assert.Equal(PaymentStatus.Pending, before.Status);
        Assert.Equal(PaymentStatus.Expired, expired.Status);
        Assert.Equal(FailureCode.Expired, expired.Failure!.Code);
        Assert.Contains("\"status\":\"EXPIRED\"", (await NotificationAsync()).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UndocumentedStatus_Throws()
    {
        var payment = TestSupport.Payment(1002, paymentId: "pay_SETTLING");
        _simulator.AddOverride(new OrangeMoneyOverride { Match = new OverrideMatch { Reference = "pay_SETTLING" }, Outcome = new() { Status = "SETTLING" } });
        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);

        var e = await Assert.ThrowsAsync<UnknownProviderStatusException>(() => Status(payment, created.ConnectorData));

        Assert.Equal("SETTLING", e.ProviderStatus);
    }

    [Fact]
    public async Task Status_NoSavedPayToken_IsNotFoundWithoutACall()
    {
        var result = await Status(TestSupport.Payment(1002), null);

        Assert.Equal(OperationOutcome.NotFound, result.Outcome);
        Assert.Empty(_simulator.Server.LogEntries);
    }

    [Fact]
    public async Task Notification_IsAHintAfterItsPayTokenIsChecked()
    {
        var payment = TestSupport.Payment(1002);
        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));

        var notification = await NotificationAsync();
        var received = _hub.LogEntries.Single().RequestMessage!;
        var callback = new CallbackRequest(received.Method, "", received.Query!.ToDictionary(q => q.Key, q => q.Value.First()),
            received.Headers!.ToDictionary(h => h.Key, h => h.Value.First()), Encoding.UTF8.GetBytes(notification.Body));
        var about = Assert.IsType<CallbackParse.About>(_connector.ReadCallback(callback));
        var verification = await _connector.VerifyCallbackAsync(Context(), callback,
            [TestSupport.PaymentObject(payment.ProviderReference, created.ConnectorData)], CancellationToken.None);
        var other = await _connector.VerifyCallbackAsync(Context(), callback,
            [TestSupport.PaymentObject(payment.ProviderReference, OrangeMoneyMapping.ToData("MP0000"))], CancellationToken.None);

        Assert.Equal("POST", received.Method);
        Assert.Equal(payment.ProviderReference, Assert.Single(about.References).ProviderReference);
        Assert.Contains("\"status\":\"SUCCESSFULL\"", notification.Body, StringComparison.Ordinal);
        Assert.Equal(payment.ProviderReference, Assert.Single(Assert.IsType<CallbackVerification.Hint>(verification).References).ProviderReference);
        Assert.IsType<CallbackVerification.Rejected>(other);
    }

    private async Task<SentCallback> NotificationAsync()
    {
        // The simulator sends the notification on its own task once its clock passes the due time: poll, bounded.
        for (var i = 0; i < 400 && _simulator.Callbacks.Count == 0; i++)
        {
            await Task.Delay(50);
        }

        return Assert.Single(_simulator.Callbacks);
    }

    private Task<PaymentResult> Status(CreatePaymentRequest payment, string? data) =>
        _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment, data), CancellationToken.None);

    private ConnectorContext Context(ConnectorAccount? account = null) => TestSupport.Context(_simulator.Url, _clock,
        new Uri($"http://localhost:{_hub.Port}/v1/callbacks/orange_money/{TestSupport.AccountId}"),
        (data, _) =>
        {
            _saved.Add(data);
            return Task.CompletedTask;
        }, account);
}
