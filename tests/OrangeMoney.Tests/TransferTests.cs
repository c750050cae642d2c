using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.OrangeMoney;

namespace Connectors.OrangeMoney.Tests;

/// <summary>Payouts and refunds by cashin (PROVIDERS §4.3), against the simulator: the transfer rule of §1.2.</summary>
public sealed class TransferTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly OrangeMoneySimulator _simulator;
    private readonly OrangeMoneyConnector _connector = new();

    public TransferTests() => _simulator = OrangeMoneySimulator.Start(new OrangeMoneySimulatorOptions { Port = 0, Clock = _clock });

    public void Dispose() => _simulator.Dispose();

    [Fact]
    public async Task Refund_PartialTwice_CashinToThePayerEachWithItsOwnPayToken()
    {
        var (payment, paid) = await PaidPaymentAsync();

        var first = await _connector.RefundAsync(Context(), Refund(payment, paid, "ref_A", 400), CancellationToken.None);
        var firstStatus = await _connector.GetRefundStatusAsync(Context(), Status("ref_A", 400, first.ConnectorData), CancellationToken.None);
        var second = await _connector.RefundAsync(Context(), Refund(payment, paid, "ref_B", 602), CancellationToken.None);
        var secondEarly = await _connector.GetRefundStatusAsync(Context(), Status("ref_B", 602, second.ConnectorData), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var secondStatus = await _connector.GetRefundStatusAsync(Context(), Status("ref_B", 602, second.ConnectorData), CancellationToken.None);

        Assert.Equal(TransferStatus.Processing, first.Status); // cashin PENDING
        Assert.Equal(TransferStatus.Completed, firstStatus.Status); // 400: even, no delay
        Assert.Equal("SUCCESSFULL", firstStatus.ProviderStatus);
        Assert.Equal(TransferStatus.Processing, secondEarly.Status);
        Assert.Equal(TransferStatus.Completed, secondStatus.Status);
        Assert.NotEqual(first.ConnectorData, second.ConnectorData);
        Assert.StartsWith("CI", OrangeMoneyMapping.PayTokenOf(first.ConnectorData), StringComparison.Ordinal);

        var cashins = _simulator.Transactions.Where(t => t.Operation == "cashin").ToList();
        Assert.Equal(["ref_A", "ref_B"], cashins.Select(t => t.OrderId));
        Assert.Equal(["400", "602"], cashins.Select(t => t.Amount));
        Assert.All(cashins, t => Assert.Equal("699123456", t.SubscriberMsisdn));
        Assert.All(cashins, t => Assert.Contains("&for=refund", t.NotifUrl, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refund_WithoutPayerPhone_TakesThePayerFromOrange()
    {
        var (payment, paid) = await PaidPaymentAsync();

        var refund = await _connector.RefundAsync(Context(), Refund(payment, paid, "ref_C", 1002) with { PayerPhone = null },
            CancellationToken.None);

        Assert.Equal(TransferStatus.Processing, refund.Status);
        Assert.Equal("699123456", _simulator.Transactions.Single(t => t.Operation == "cashin").SubscriberMsisdn);
    }

    [Fact]
    public async Task Refund_OddAmount_Failed()
    {
        var (payment, paid) = await PaidPaymentAsync();

        var refund = await _connector.RefundAsync(Context(), Refund(payment, paid, "ref_D", 401), CancellationToken.None);
        var status = await _connector.GetRefundStatusAsync(Context(), Status("ref_D", 401, refund.ConnectorData), CancellationToken.None);

        Assert.Equal(TransferStatus.Failed, status.Status);
        Assert.Equal(FailureCode.InsufficientFunds, status.Failure!.Code);
    }

    [Theory]
    [InlineData(2000, TransferStatus.Completed, null)]
    [InlineData(2001, TransferStatus.Failed, "60019")]
    public async Task Payout_TransferRule(long amount, TransferStatus expected, string? providerCode)
    {
        var request = new PayoutRequest
        {
            PayoutId = "po_01",
            ProviderReference = _connector.NewProviderReference("po_01"),
            Amount = new Money(amount, Currency.XAF),
            Method = PaymentMethod.MobileMoney,
            Recipient = new PayoutRecipient { Phone = "+237655123456" },
            Description = "Payout",
        };

        var created = await _connector.CreatePayoutAsync(Context(), request, CancellationToken.None);
        var status = await _connector.GetPayoutStatusAsync(Context(), new TransferStatusRequest
        {
            Id = "po_01", ProviderReference = "po_01", Amount = request.Amount, ConnectorData = created.ConnectorData,
        }, CancellationToken.None);

        Assert.Equal(TransferStatus.Processing, created.Status);
        Assert.Equal(expected, status.Status);
        Assert.Equal(providerCode, status.Failure?.ProviderCode);
        var cashin = Assert.Single(_simulator.Transactions);
        Assert.Equal(("cashin", "655123456", "po_01"), (cashin.Operation, cashin.SubscriberMsisdn, cashin.OrderId));
        Assert.Equal(0, _simulator.Server.Calls("POST", "/mp/init"));
    }

    [Fact]
    public async Task Payout_FailOnCreate_FailedAtOnce()
    {
        var request = new PayoutRequest
        {
            PayoutId = "po_02", ProviderReference = "po_02", Amount = new Money(2000, Currency.XAF), Method = PaymentMethod.MobileMoney,
            Recipient = new PayoutRecipient { Phone = "+237699123456" }, Description = "fail_on_create",
        };

        var created = await _connector.CreatePayoutAsync(Context(), request, CancellationToken.None);

        Assert.Equal(TransferStatus.Failed, created.Status);
        Assert.Equal(FailureCode.InsufficientFunds, created.Failure!.Code);
        Assert.Empty(_simulator.Transactions);
    }

    private async Task<(CreatePaymentRequest Payment, PaymentResult Paid)> PaidPaymentAsync()
    {
        var payment = TestSupport.Payment(1002);
        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var paid = await _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment, created.ConnectorData),
            CancellationToken.None);
        Assert.Equal(PaymentStatus.Paid, paid.Status);
        return (payment, paid with { ConnectorData = created.ConnectorData });
    }

    private static RefundRequest Refund(CreatePaymentRequest payment, PaymentResult paid, string id, long amount) => new()
    {
        RefundId = id,
        ProviderReference = id,
        PaymentProviderReference = payment.ProviderReference,
        PaymentProviderTransactionId = paid.ProviderTransactionId,
        Amount = new Money(amount, Currency.XAF),
        PaymentAmount = payment.Amount,
        PayerPhone = payment.Payer.Phone,
        PaymentConnectorData = paid.ConnectorData,
    };

    private static TransferStatusRequest Status(string id, long amount, string? data) => new()
    {
        Id = id, ProviderReference = id, Amount = new Money(amount, Currency.XAF), ConnectorData = data,
    };

    private ConnectorContext Context() => TestSupport.Context(_simulator.Url, _clock);
}
