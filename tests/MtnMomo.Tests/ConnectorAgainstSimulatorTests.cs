using Connectors.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.MtnMomo;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connectors.MtnMomo.Tests;

/// <summary>
/// The connector against the MTN simulator (PROVIDERS §1.2: an even amount succeeds after its last two digits in
/// seconds, an odd amount fails with NOT_ENOUGH_FUNDS at once), with a stub hub receiving the callbacks.
/// </summary>
public sealed class ConnectorAgainstSimulatorTests : IDisposable
{
    private const string RequestToPayPath = "/collection/v1_0/requesttopay";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly MtnMomoSimulator _simulator;
    private readonly WireMockServer _hub = WireMockServer.Start();
    private readonly MtnMomoConnector _connector = new();

    public ConnectorAgainstSimulatorTests()
    {
        _simulator = MtnMomoSimulator.Start(new MtnMomoSimulatorOptions { Port = 0, Clock = _clock });
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
        var payment = TestSupport.Payment(1002, "XAF");

        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        var early = await _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var paid = await _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment), CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal("Approve the prompt on +237671234567", created.NextAction!.Message);
        Assert.Equal(PaymentStatus.Pending, early.Status);
        Assert.Equal(PaymentStatus.Paid, paid.Status);
        Assert.Equal("SUCCESSFUL", paid.ProviderStatus);
        Assert.False(string.IsNullOrEmpty(paid.ProviderTransactionId));

        var transaction = Assert.Single(_simulator.Transactions);
        Assert.Equal(payment.ProviderReference, transaction.ReferenceId);
        Assert.Equal("1002", transaction.Amount);
        Assert.Equal("237671234567", transaction.PartyId);
        Assert.Equal("mtncameroon", transaction.TargetEnvironment);
        Assert.EndsWith($"?ref={payment.ProviderReference}", transaction.CallbackUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pay_EvenAmount_CallbackIsAHintForThePayment()
    {
        var payment = TestSupport.Payment(1002, "XAF");
        await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));

        // The simulator sends the callback on its own task once its clock passes t0 + 2 s: poll, bounded.
        for (var i = 0; i < 100 && !_hub.LogEntries.Any(); i++)
        {
            await Task.Delay(50);
        }

        var received = Assert.Single(_hub.LogEntries).RequestMessage!;
        var callback = new CallbackRequest(received.Method, "",
            received.Query!.ToDictionary(q => q.Key, q => q.Value.First()),
            received.Headers!.ToDictionary(h => h.Key, h => h.Value.First()),
            received.BodyAsBytes ?? System.Text.Encoding.UTF8.GetBytes(received.Body ?? ""));
        var about = Assert.IsType<CallbackParse.About>(_connector.ReadCallback(callback));
        var stored = new CallbackObject
        {
            Subject = CallbackSubject.Payment,
            Id = payment.PaymentId,
            ProviderReference = payment.ProviderReference,
            Amount = payment.Amount,
        };
        var verification = await _connector.VerifyCallbackAsync(Context(), callback, [stored], CancellationToken.None);

        Assert.Equal(payment.ProviderReference, Assert.Single(about.References).ProviderReference);
        var hint = Assert.IsType<CallbackVerification.Hint>(verification);
        Assert.Equal(payment.ProviderReference, Assert.Single(hint.References).ProviderReference);
        Assert.Equal("PUT", received.Method);
        // The hint makes the hub ask MTN, whose answer is what moves the payment.
        var status = await _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment), CancellationToken.None);
        Assert.Equal(PaymentStatus.Paid, status.Status);
    }

    [Fact]
    public async Task Pay_OddAmount_FailedInsufficientFunds()
    {
        var payment = TestSupport.Payment(1001, "XAF");

        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        var status = await _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment), CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal(PaymentStatus.Failed, status.Status);
        Assert.Equal(FailureCode.InsufficientFunds, status.Failure!.Code);
        Assert.Equal("NOT_ENOUGH_FUNDS", status.Failure.ProviderCode);
    }

    [Fact]
    public async Task Resend_SameReference_ConflictReturnsCurrentStatusWithoutSecondTransaction()
    {
        var payment = TestSupport.Payment(1002, "XAF");
        await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));

        // A hub that crashed before storing the outcome resends with a fresh connector (no cached token).
        var resent = await new MtnMomoConnector().CreatePaymentAsync(Context(), payment, CancellationToken.None);

        Assert.Equal(OperationOutcome.Completed, resent.Outcome);
        Assert.Equal(PaymentStatus.Paid, resent.Status);
        Assert.Single(_simulator.Transactions);
        Assert.Equal(2, _simulator.Server.LogEntries.Count(e =>
            e.RequestMessage?.Path == RequestToPayPath && e.RequestMessage.Method == "POST"));
    }

    [Fact]
    public async Task Pay_XafInSandboxEnvironment_RefusedInvalidCurrency()
    {
        var result = await _connector.CreatePaymentAsync(Context(targetEnvironment: "sandbox"),
            TestSupport.Payment(1002, "XAF"), CancellationToken.None);

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal("INVALID_CURRENCY", result.Failure!.ProviderCode);
        Assert.Empty(_simulator.Transactions);
    }

    [Fact]
    public async Task Pay_FailOnCreateDescription_RefusedNotAllowed()
    {
        var result = await _connector.CreatePaymentAsync(Context(),
            TestSupport.Payment(1002, "XAF", description: "fail_on_create & more"), CancellationToken.None);

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal(FailureCode.ProviderError, result.Failure!.Code);
        Assert.Equal("NOT_ALLOWED", result.Failure.ProviderCode);
    }

    [Fact]
    public async Task Pay_InvalidApiKey_RefusedLoginFailed()
    {
        var context = Context();
        var account = context.Account with
        {
            Credentials = new Dictionary<string, string>(context.Account.Credentials) { ["apiKey"] = "invalid" },
        };

        var result = await _connector.CreatePaymentAsync(
            new ConnectorContext
            {
                Account = account,
                CallbackUrl = context.CallbackUrl,
                HttpClient = context.HttpClient,
                Clock = _clock,
                Logger = NullLogger.Instance,
            },
            TestSupport.Payment(1002, "XAF"), CancellationToken.None);

        Assert.Equal("login_failed", result.Failure!.ProviderCode);
        Assert.Empty(_simulator.Transactions);
    }

    private ConnectorContext Context(string targetEnvironment = "mtncameroon")
    {
        var context = TestSupport.Context(_simulator.Url, _clock, targetEnvironment: targetEnvironment);
        // The simulator's API user accepts callbacks to "localhost" only, as MTN checks providerCallbackHost.
        return new ConnectorContext
        {
            Account = context.Account,
            CallbackUrl = new Uri($"http://localhost:{_hub.Port}/v1/callbacks/mtn_momo/{TestSupport.AccountId}"),
            HttpClient = context.HttpClient,
            Clock = context.Clock,
            Logger = context.Logger,
        };
    }
}
