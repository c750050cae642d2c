using System.Text;
using System.Text.Json;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.Airtel;
using Simulators.Kit;

namespace Connectors.Airtel.Tests;

/// <summary>
/// Full refunds (by airtel_money_id, once), payouts with the RSA-encrypted PIN (transfer rule, ESB000041 on a resend)
/// and KYC, the connector against the Airtel simulator on one fake clock.
/// </summary>
public sealed class TransferTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly AirtelSimulator _simulator;
    private readonly AirtelConnector _connector = new();

    public TransferTests() => _simulator = AirtelSimulator.Start(new AirtelSimulatorOptions { Port = 0, Clock = _clock });

    public void Dispose() => _simulator.Dispose();

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

    private Task<PaymentResult> Create(CreatePaymentRequest payment) =>
        _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);

    private Task<PaymentResult> Status(CreatePaymentRequest payment) =>
        _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment), CancellationToken.None);

    private ConnectorContext Context(ConnectorAccount? account = null) => TestSupport.Context(_simulator.Url, _clock, account);
}
