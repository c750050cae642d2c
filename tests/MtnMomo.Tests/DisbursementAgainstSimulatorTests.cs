using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.MtnMomo;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connectors.MtnMomo.Tests;

/// <summary>
/// Payouts, refunds, account holders and Rwanda against the MTN simulator (PROVIDERS §1.2: transfers and refunds
/// follow the transfer rule, even → SUCCESSFUL after the last two digits in seconds, odd → FAILED at once; Copay's
/// 250788000001/2; each target environment's currency), with a stub hub receiving the callbacks.
/// </summary>
public sealed class DisbursementAgainstSimulatorTests : IDisposable
{
    private const string TransferPath = "/disbursement/v1_0/transfer";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly MtnMomoSimulator _simulator;
    private readonly WireMockServer _hub = WireMockServer.Start();
    private readonly MtnMomoConnector _connector = new();

    public DisbursementAgainstSimulatorTests()
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
    public async Task Payout_2000Xaf_Completed()
    {
        var payout = Payout(2000);

        var created = await _connector.CreatePayoutAsync(Context(), payout, CancellationToken.None);
        var status = await _connector.GetPayoutStatusAsync(Context(), StatusOf(payout), CancellationToken.None);

        Assert.Equal(TransferStatus.Pending, created.Status);
        Assert.Equal(TransferStatus.Completed, status.Status);
        Assert.Equal("SUCCESSFUL", status.ProviderStatus);
        Assert.False(string.IsNullOrEmpty(status.ProviderTransactionId));
        var transfer = Assert.Single(_simulator.Transactions);
        Assert.Equal(("transfer", "2000", "XAF", "237671234567"), (transfer.Operation, transfer.Amount, transfer.Currency, transfer.PartyId));
        Assert.Equal(payout.ProviderReference, transfer.ReferenceId);
        Assert.EndsWith($"?ref={payout.ProviderReference}&subject=payout", transfer.CallbackUrl, StringComparison.Ordinal);
        // The disbursement product's own key and token.
        var post = Assert.Single(_simulator.Server.LogEntries, e => e.RequestMessage?.Path == TransferPath);
        Assert.Equal(TestSupport.DisbursementSubscriptionKey, post.Header("Ocp-Apim-Subscription-Key"));
        Assert.Single(_simulator.Server.LogEntries, e => e.RequestMessage?.Path == "/disbursement/token/");
    }

    [Fact]
    public async Task Payout_2001Xaf_FailedInsufficientFunds()
    {
        var payout = Payout(2001);

        await _connector.CreatePayoutAsync(Context(), payout, CancellationToken.None);
        var status = await _connector.GetPayoutStatusAsync(Context(), StatusOf(payout), CancellationToken.None);

        Assert.Equal(TransferStatus.Failed, status.Status);
        Assert.Equal(FailureCode.InsufficientFunds, status.Failure!.Code);
        Assert.Equal("NOT_ENOUGH_FUNDS", status.Failure.ProviderCode);
    }

    [Fact]
    public async Task Payout_RepeatedWithTheSameReference_NoSecondTransfer()
    {
        var payout = Payout(2010);
        await _connector.CreatePayoutAsync(Context(), payout, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(10));

        // A hub that crashed before storing the outcome sends again, with a fresh connector (no cached token).
        var again = await new MtnMomoConnector().CreatePayoutAsync(Context(), payout, CancellationToken.None);

        Assert.Equal(OperationOutcome.Completed, again.Outcome);
        Assert.Equal(TransferStatus.Completed, again.Status);
        Assert.Single(_simulator.Transactions);
        Assert.Equal(2, _simulator.Server.LogEntries.Count(e =>
            e.RequestMessage?.Path == TransferPath && e.RequestMessage.Method == "POST"));
    }

    [Fact]
    public async Task Payout_CallbackIsAHintForThePayout()
    {
        var payout = Payout(2002);
        await _connector.CreatePayoutAsync(Context(), payout, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var callback = await ReceivedCallbackAsync();
        var about = Assert.IsType<CallbackParse.About>(_connector.ReadCallback(callback));
        var stored = new CallbackObject
        {
            Subject = CallbackSubject.Payout,
            Id = payout.PayoutId,
            ProviderReference = payout.ProviderReference,
            Amount = payout.Amount,
        };

        var verification = await _connector.VerifyCallbackAsync(Context(), callback, [stored], CancellationToken.None);

        Assert.Equal(new CallbackReference(CallbackSubject.Payout, payout.ProviderReference), Assert.Single(about.References));
        var hint = Assert.IsType<CallbackVerification.Hint>(verification);
        Assert.Equal(CallbackSubject.Payout, Assert.Single(hint.References).Subject);
        // The same callback about a payment of that reference names nothing the hub has.
        Assert.IsType<CallbackVerification.Rejected>(await _connector.VerifyCallbackAsync(Context(), callback,
            [stored with { Subject = CallbackSubject.Payment }], CancellationToken.None));
    }

    [Fact]
    public async Task Refund_400OfAPaid1000_CompletedThenTooMuchIsRefused()
    {
        var payment = await PaidAsync(1000);
        var refund = Refund(payment, 400, "ref_01");

        var created = await _connector.RefundAsync(Context(), refund, CancellationToken.None);
        var status = await _connector.GetRefundStatusAsync(Context(), StatusOf(refund), CancellationToken.None);
        var tooMuch = await _connector.RefundAsync(Context(), Refund(payment, 700, "ref_02"), CancellationToken.None);

        Assert.Equal(TransferStatus.Pending, created.Status);
        Assert.Equal(TransferStatus.Completed, status.Status);
        var sent = Assert.Single(_simulator.Transactions, t => t.Operation == "refund");
        Assert.Equal((payment.ProviderReference, "400"), (sent.ReferenceIdToRefund, sent.Amount));
        Assert.EndsWith("&subject=refund", sent.CallbackUrl, StringComparison.Ordinal);
        Assert.Equal(TransferStatus.Failed, tooMuch.Status);
        Assert.Equal("NOT_ALLOWED", tooMuch.Failure!.ProviderCode);
    }

    [Fact]
    public async Task Refund_PartialAndRepeated_BothComplete()
    {
        var payment = await PaidAsync(1000);
        var first = Refund(payment, 400, "ref_01");
        var second = Refund(payment, 600, "ref_02");

        await _connector.RefundAsync(Context(), first, CancellationToken.None);
        await _connector.RefundAsync(Context(), second, CancellationToken.None);

        Assert.Equal(TransferStatus.Completed, (await _connector.GetRefundStatusAsync(Context(), StatusOf(first), CancellationToken.None)).Status);
        Assert.Equal(TransferStatus.Completed, (await _connector.GetRefundStatusAsync(Context(), StatusOf(second), CancellationToken.None)).Status);
        Assert.Equal(2, _simulator.Transactions.Count(t => t.Operation == "refund"));
    }

    [Fact]
    public async Task Refund_WithoutDisbursementKey_FailedAndNothingSent()
    {
        var payment = await PaidAsync(1000);
        var context = Context();
        var credentials = context.Account.Credentials.Where(c => c.Key != "disbursementSubscriptionKey").ToDictionary();
        var bare = new ConnectorContext
        {
            Account = context.Account with { Credentials = credentials },
            CallbackUrl = context.CallbackUrl,
            HttpClient = context.HttpClient,
            Clock = context.Clock,
            Logger = context.Logger,
        };

        var result = await _connector.RefundAsync(bare, Refund(payment, 400, "ref_01"), CancellationToken.None);

        Assert.Equal(TransferStatus.Failed, result.Status);
        Assert.Contains("disbursementSubscriptionKey", result.Failure!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_simulator.Server.LogEntries, e => e.RequestMessage?.Path?.StartsWith("/disbursement", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task AccountHolder_237671234567_ActiveWithName()
    {
        var holder = await _connector.GetAccountHolderAsync(Context(), new AccountHolderRequest { Phone = "+237671234567" },
            CancellationToken.None);

        Assert.Equal(OperationOutcome.Completed, holder.Outcome);
        Assert.True(holder.IsActive);
        Assert.Equal("Sand Box", holder.Name);
    }

    [Fact]
    public async Task AccountHolder_46733123455_NotActive()
    {
        var holder = await _connector.GetAccountHolderAsync(Context(), new AccountHolderRequest { Phone = "+46733123455" },
            CancellationToken.None);

        Assert.Equal(OperationOutcome.Completed, holder.Outcome);
        Assert.False(holder.IsActive);
        Assert.Null(holder.Name);
    }

    [Theory]
    [InlineData("+250788000001", PaymentStatus.Paid, null)]
    [InlineData("+250788000002", PaymentStatus.Failed, FailureCode.PayerDeclined)]
    public async Task Rwanda_1002Rwf_CopayPhones(string phone, PaymentStatus expected, FailureCode? failure)
    {
        var payment = TestSupport.Payment(1002, "RWF", phone);

        var created = await _connector.CreatePaymentAsync(Context("mtnrwanda"), payment, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var status = await _connector.GetPaymentStatusAsync(Context("mtnrwanda"), TestSupport.StatusRequest(payment),
            CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal(expected, status.Status);
        Assert.Equal(failure, status.Failure?.Code);
        Assert.Equal(("mtnrwanda", "RWF"), (Assert.Single(_simulator.Transactions).TargetEnvironment, _simulator.Transactions[0].Currency));
    }

    [Theory]
    [InlineData("+250788000001", TransferStatus.Completed, null)]
    [InlineData("+250788000002", TransferStatus.Failed, "APPROVAL_REJECTED")]
    public async Task Rwanda_PayoutToCopayPhones(string phone, TransferStatus expected, string? reason)
    {
        var payout = Payout(1003, "RWF", phone);

        await _connector.CreatePayoutAsync(Context("mtnrwanda"), payout, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(3));
        var status = await _connector.GetPayoutStatusAsync(Context("mtnrwanda"), StatusOf(payout), CancellationToken.None);

        Assert.Equal(expected, status.Status);
        Assert.Equal(reason, status.Failure?.ProviderCode);
    }

    [Fact]
    public async Task Rwanda_XafInMtnRwanda_RefusedInvalidCurrency()
    {
        var payout = await _connector.CreatePayoutAsync(Context("mtnrwanda"), Payout(2000), CancellationToken.None);
        var payment = await _connector.CreatePaymentAsync(Context("mtnrwanda"), TestSupport.Payment(1002, "XAF"),
            CancellationToken.None);

        Assert.Equal(("INVALID_CURRENCY", "INVALID_CURRENCY"), (payout.Failure!.ProviderCode, payment.Failure!.ProviderCode));
        Assert.Equal(TransferStatus.Failed, payout.Status);
        Assert.Empty(_simulator.Transactions);
    }

    private static PayoutRequest Payout(long amount, string currency = "XAF", string phone = "+237671234567",
        string payoutId = "po_01JA0PAYOUT000000000000001") => new()
    {
        PayoutId = payoutId,
        ProviderReference = new MtnMomoConnector().NewProviderReference(payoutId),
        Amount = new Money(amount, Currency.FromCode(currency)),
        Method = PaymentMethod.MobileMoney,
        Recipient = new PayoutRecipient { Phone = phone, Name = "Ada" },
        Description = "Payout 42",
    };

    private static RefundRequest Refund(CreatePaymentRequest payment, long amount, string refundId) => new()
    {
        RefundId = refundId,
        ProviderReference = new MtnMomoConnector().NewProviderReference(refundId),
        PaymentProviderReference = payment.ProviderReference,
        Amount = new Money(amount, payment.Amount.Currency),
        PaymentAmount = payment.Amount,
        PayerPhone = payment.Payer.Phone,
        Reason = "Returned item",
    };

    private static TransferStatusRequest StatusOf(PayoutRequest payout) => new()
    {
        Id = payout.PayoutId,
        ProviderReference = payout.ProviderReference,
        Amount = payout.Amount,
    };

    private static TransferStatusRequest StatusOf(RefundRequest refund) => new()
    {
        Id = refund.RefundId,
        ProviderReference = refund.ProviderReference,
        Amount = refund.Amount,
        PaymentProviderReference = refund.PaymentProviderReference,
    };

    // 1000 XAF: even, no delay: SUCCESSFUL at once.
    private async Task<CreatePaymentRequest> PaidAsync(long amount)
    {
        var payment = TestSupport.Payment(amount, "XAF");
        await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        var paid = await _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment), CancellationToken.None);
        Assert.Equal(PaymentStatus.Paid, paid.Status);
        return payment;
    }

    private async Task<CallbackRequest> ReceivedCallbackAsync()
    {
        // The simulator sends the callback on its own task once its clock passes the outcome: poll, bounded.
        for (var i = 0; i < 100 && !_hub.LogEntries.Any(); i++)
        {
            await Task.Delay(50);
        }

        var received = Assert.Single(_hub.LogEntries).RequestMessage!;
        return new CallbackRequest(received.Method, "",
            received.Query!.ToDictionary(q => q.Key, q => q.Value.First()),
            received.Headers!.ToDictionary(h => h.Key, h => h.Value.First()),
            received.BodyAsBytes ?? System.Text.Encoding.UTF8.GetBytes(received.Body ?? ""));
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
