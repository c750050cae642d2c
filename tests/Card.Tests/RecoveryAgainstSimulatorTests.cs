using Connectors.Abstractions;
using Simulators.Kit;

namespace Connectors.Card.Tests;

/// <summary>
/// Cielo has no idempotency: after a lost reply the connector looks the MerchantOrderId up before any re-POST, and a
/// refund retry is checked against VoidedAmount before any second void.
/// </summary>
public sealed class RecoveryAgainstSimulatorTests : SimulatorHarness
{
    [Fact]
    public async Task CreateWhoseReplyWasLost_IsUnknown_AndTheResumedCreateFindsTheSaleWithoutPostingAgain()
    {
        var payment = TestSupport.Payment(1000);
        Simulator.AddFault(new SimFault { Path = "/1/sales", Method = "POST", Kind = FaultKind.ConnectionReset, CommitThenFail = true });

        var lost = await CreateAsync(payment);
        var resumed = await CreateAsync(payment);

        Assert.Equal(OperationOutcome.Unknown, lost.Outcome);
        Assert.Equal(PaymentStatus.Paid, resumed.Status);
        Assert.Equal(Simulator.Find(payment.ProviderReference)!.Reference, resumed.ProviderTransactionId);
        Assert.Single(Simulator.Transactions);
        // WireMock journals an aborted request whenever it gets to it (if at all): only the resumed create's calls are checked.
        var calls = await ProviderCallsAsync(3);
        Assert.Equal(1, calls.Count(c => c == "GET /1/sales"));
        Assert.Contains($"GET /1/sales/{resumed.ProviderTransactionId}", calls);
        Assert.True(calls.Count(c => c == "POST /1/sales/") <= 1, string.Join(", ", calls));
    }

    [Fact]
    public async Task CreateThatNeverReachedCielo_IsPostedAgainOnlyAfterTheLookupFindsNothing()
    {
        var payment = TestSupport.Payment(1000);
        Simulator.AddFault(new SimFault { Path = "/1/sales", Method = "POST", Kind = FaultKind.ConnectionReset });

        var lost = await CreateAsync(payment);
        var resumed = await CreateAsync(payment);

        Assert.Equal(OperationOutcome.Unknown, lost.Outcome);
        Assert.Equal(PaymentStatus.Paid, resumed.Status);
        Assert.Single(Simulator.Transactions);
        var calls = await ProviderCallsAsync(3);
        Assert.Equal(1, calls.Count(c => c == "GET /1/sales"));
        Assert.Contains("POST /1/sales/", calls);
    }

    [Fact]
    public async Task ResumedCreate_WhoseLookupFails_StaysUnknown_AndPostsNothing()
    {
        var payment = TestSupport.Payment(1000);
        Simulator.AddFault(new SimFault { Path = "/1/sales", Method = "POST", Kind = FaultKind.ConnectionReset });
        await CreateAsync(payment);
        Simulator.AddFault(new SimFault { Path = "/1/sales", Method = "GET", Kind = FaultKind.Status503 });

        var resumed = await CreateAsync(payment);

        Assert.Equal(OperationOutcome.Unknown, resumed.Outcome);
        Assert.Empty(Simulator.Transactions);
        Assert.Single(await ProviderCallsAsync(2, "POST"));
    }

    [Fact]
    public async Task ResendAfterASuccessfulCreate_ReadsTheSale()
    {
        var payment = TestSupport.Payment(1000, capture: false);
        var first = await CreateAsync(payment);

        var again = await CreateAsync(payment with { Card = null });

        Assert.Equal(PaymentStatus.Authorized, again.Status);
        Assert.Equal(first.ProviderTransactionId, again.ProviderTransactionId);
        Assert.Single(Simulator.Transactions);
    }

    [Fact]
    public async Task RefundWhoseReplyWasLost_IsUnknown_AndItsRetrySendsNoSecondVoid()
    {
        var payment = TestSupport.Payment(1000);
        await CreateAsync(payment);
        var refund = Refund(payment, 300);
        Simulator.AddFault(new SimFault { Path = "/1/sales/", Method = "PUT", Kind = FaultKind.ConnectionReset, CommitThenFail = true });

        var lost = await RefundAsync(refund);
        var retried = await RefundAsync(refund);
        var status = await Connector.GetRefundStatusAsync(Context(), new TransferStatusRequest
        {
            Id = refund.RefundId, ProviderReference = refund.ProviderReference, Amount = refund.Amount,
            ConnectorData = Saved[refund.RefundId], PaymentProviderReference = payment.ProviderReference,
        }, CancellationToken.None);

        Assert.Equal(OperationOutcome.Unknown, lost.Outcome);
        Assert.Equal(CardRefundStage.Voiding, CardRefundData.Parse(lost.ConnectorData)!.Stage);
        Assert.Equal(TransferStatus.Completed, retried.Status);
        Assert.Equal(TransferStatus.Completed, status.Status);
        Assert.Equal(300, Simulator.Find(payment.ProviderReference)!.VoidedAmount);
        Assert.Single(await ProviderCallsAsync(1, "PUT"));
    }

    [Fact]
    public async Task RefundThatNeverApplied_StatusIsFailed_AndARetryVoidsOnce()
    {
        var payment = TestSupport.Payment(1000);
        await CreateAsync(payment);
        var refund = Refund(payment, 300);
        Simulator.AddFault(new SimFault { Path = "/1/sales/", Method = "PUT", Kind = FaultKind.ConnectionReset });

        var lost = await RefundAsync(refund);
        var status = await Connector.GetRefundStatusAsync(Context(), new TransferStatusRequest
        {
            Id = refund.RefundId, ProviderReference = refund.ProviderReference, Amount = refund.Amount, ConnectorData = lost.ConnectorData,
        }, CancellationToken.None);
        var retried = await RefundAsync(refund);

        Assert.Equal(OperationOutcome.Unknown, lost.Outcome);
        Assert.Equal(TransferStatus.Failed, status.Status);
        Assert.Equal(TransferStatus.Completed, retried.Status);
        Assert.Equal(300, Simulator.Find(payment.ProviderReference)!.VoidedAmount);
    }

    [Fact]
    public async Task CreateTimeout_IsUnknown()
    {
        var payment = TestSupport.Payment(1000);
        Simulator.AddFault(new SimFault { Path = "/1/sales", Method = "POST", Kind = FaultKind.Status504 });

        var created = await CreateAsync(payment);

        Assert.Equal(OperationOutcome.Unknown, created.Outcome);
        Assert.Equal(CardStage.Posting, CardData.Parse(Saved[payment.PaymentId])!.Stage);
    }
}
