using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.Kit;
using Simulators.Pix;

namespace Connectors.Pix.Tests;

/// <summary>A status no map knows is never guessed: a money-moving call and a transfer status answer unknown.</summary>
public sealed class UndocumentedStatusTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly PixSimulator _simulator;
    private readonly PixConnector _connector = new();

    public UndocumentedStatusTests()
    {
        _simulator = PixSimulator.Start(new PixSimulatorOptions { Port = 0, Clock = _clock });
    }

    public void Dispose() => _simulator.Dispose();

    [Fact]
    public async Task Devolucao_UndocumentedStatus_IsUnknown()
    {
        var payment = TestSupport.Payment(1000);
        await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        var paid = await _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment), CancellationToken.None);
        var refundId = "ref_" + Guid.NewGuid().ToString("N")[..26].ToUpperInvariant();
        var reference = _connector.NewProviderReference(refundId);
        _simulator.AddOverride(new SimOverride<PixOverrideOutcome>
        {
            Match = new OverrideMatch { Reference = reference },
            Outcome = new PixOverrideOutcome { Status = "EM_ANALISE" },
        });

        var refund = await _connector.RefundAsync(Context(), new RefundRequest
        {
            RefundId = refundId,
            ProviderReference = reference,
            PaymentProviderReference = payment.ProviderReference,
            PaymentProviderTransactionId = paid.ProviderTransactionId,
            Amount = new Money(100, Currency.BRL),
            PaymentAmount = payment.Amount,
        }, CancellationToken.None);
        var status = await _connector.GetRefundStatusAsync(Context(), new TransferStatusRequest
        {
            Id = refundId,
            ProviderReference = reference,
            Amount = new Money(100, Currency.BRL),
            ConnectorData = refund.ConnectorData,
        }, CancellationToken.None);

        Assert.Equal(PaymentStatus.Paid, paid.Status);
        Assert.Equal(TransferStatus.Pending, refund.Status);
        Assert.Equal(OperationOutcome.Unknown, status.Outcome);
        Assert.Contains("EM_ANALISE", status.Detail, StringComparison.Ordinal);
    }

    private ConnectorContext Context() => TestSupport.Context(_simulator.Url, _clock);
}
