using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.Kit;
using Simulators.OrangeMoney;

namespace Connectors.OrangeMoney.Tests;

/// <summary>
/// A create resumed after a crash or a lost reply never runs init+pay twice (PROVIDERS §4.2): the payToken saved
/// before the push comes back in the request's connector data, and the simulator's journal shows what was sent.
/// </summary>
public sealed class ResumeTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly OrangeMoneySimulator _simulator;
    private string? _saved;

    public ResumeTests() => _simulator = OrangeMoneySimulator.Start(new OrangeMoneySimulatorOptions { Port = 0, Clock = _clock });

    public void Dispose() => _simulator.Dispose();

    [Fact]
    public async Task CrashAfterInit_ResumePushesTheSavedPayTokenWithoutASecondInit()
    {
        var payment = TestSupport.Payment(1002);
        // The hub stores the payToken, then dies before mp/pay goes out.
        var crashing = Context((data, _) =>
        {
            _saved = data;
            throw new InvalidOperationException("the hub crashed after saving");
        });
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new OrangeMoneyConnector().CreatePaymentAsync(crashing, payment, CancellationToken.None));
        Assert.Equal((1, 0), (Inits(), Pays()));

        var resumed = await new OrangeMoneyConnector().CreatePaymentAsync(Context(), payment with { ConnectorData = _saved },
            CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, resumed.Status);
        Assert.Equal(_saved, resumed.ConnectorData);
        Assert.Equal((1, 1, 1), (Inits(), Pays(), StatusQueries()));
        var transaction = Assert.Single(_simulator.Transactions);
        Assert.Equal(OrangeMoneyMapping.PayTokenOf(_saved), transaction.PayToken);
        Assert.Equal(1, transaction.Pushes);
    }

    [Fact]
    public async Task PayReplyLost_ResumeReadsTheStatusAndDoesNotPushAgain()
    {
        var payment = TestSupport.Payment(1002);
        _simulator.AddFault(new SimFault { Path = "/omcoreapis/1.0.2/mp/pay", Method = "POST", Kind = FaultKind.ConnectionReset, CommitThenFail = true });

        var lost = await new OrangeMoneyConnector().CreatePaymentAsync(Context(), payment, CancellationToken.None);
        var resumed = await new OrangeMoneyConnector().CreatePaymentAsync(Context(), payment with { ConnectorData = _saved },
            CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var again = await new OrangeMoneyConnector().CreatePaymentAsync(Context(), payment with { ConnectorData = _saved },
            CancellationToken.None);

        Assert.Equal(OperationOutcome.Unknown, lost.Outcome);
        Assert.Equal(_saved, lost.ConnectorData);
        Assert.Equal(PaymentStatus.Pending, resumed.Status);
        Assert.Equal(PaymentStatus.Paid, again.Status);
        // The one pay is the lost one (WireMock journals a reset request a moment after the reset, so it is counted at
        // the end, not right after the lost call): the resumes only read the status.
        Assert.Equal((1, 1), (Inits(), Pays()));
        Assert.Equal(1, Assert.Single(_simulator.Transactions).Pushes);
    }

    [Fact]
    public async Task FailedPayment_ResumeAnswersFailedWithoutAPush()
    {
        var payment = TestSupport.Payment(1002, description: "fail_on_create");
        var first = await new OrangeMoneyConnector().CreatePaymentAsync(Context(), payment, CancellationToken.None);

        var resumed = await new OrangeMoneyConnector().CreatePaymentAsync(Context(), payment with { ConnectorData = _saved },
            CancellationToken.None);

        Assert.Equal(PaymentStatus.Failed, first.Status);
        Assert.Equal(PaymentStatus.Failed, resumed.Status);
        Assert.Equal("60019", resumed.Failure!.ProviderCode);
        Assert.Equal((1, 1), (Inits(), Pays()));
    }

    [Fact]
    public async Task StatusUnknownOnResume_NeverPushesBlindly()
    {
        var payment = TestSupport.Payment(1002);
        await Assert.ThrowsAsync<InvalidOperationException>(() => new OrangeMoneyConnector().CreatePaymentAsync(
            Context((data, _) =>
            {
                _saved = data;
                throw new InvalidOperationException("crash");
            }), payment, CancellationToken.None));
        _simulator.AddFault(new SimFault { Path = "/omcoreapis/1.0.2/mp/paymentstatus", Kind = FaultKind.Status503 });

        var resumed = await new OrangeMoneyConnector().CreatePaymentAsync(Context(), payment with { ConnectorData = _saved },
            CancellationToken.None);

        Assert.Equal(OperationOutcome.Unknown, resumed.Outcome);
        Assert.Equal(0, Pays());
    }

    [Fact]
    public async Task InitNotAnswered_IsNotSentAndNothingIsSaved()
    {
        _simulator.AddFault(new SimFault { Path = "/omcoreapis/1.0.2/mp/init", Kind = FaultKind.Status502 });

        var result = await new OrangeMoneyConnector().CreatePaymentAsync(Context(), TestSupport.Payment(1002), CancellationToken.None);

        Assert.Equal(OperationOutcome.NotSent, result.Outcome);
        Assert.Null(_saved);
        Assert.Equal(0, Pays());
    }

    [Fact]
    public async Task Pay401Once_SameCallOnceMoreWithAFreshToken()
    {
        _simulator.AddFault(new SimFault { Path = "/omcoreapis/1.0.2/mp/pay", Method = "POST", Kind = FaultKind.Status401 });

        var result = await new OrangeMoneyConnector().CreatePaymentAsync(Context(), TestSupport.Payment(1002), CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, result.Status);
        Assert.Equal((2, 1, 2), (_simulator.Server.Calls("POST", "/token"), Inits(), Pays()));
        Assert.Single(_simulator.Transactions);
    }

    private int Inits() => _simulator.Server.Calls("POST", "/mp/init");

    private int Pays() => _simulator.Server.Calls("POST", "/mp/pay");

    private int StatusQueries() => _simulator.Server.LogEntries.Count(e => e.RequestMessage!.Path.Contains("/mp/paymentstatus/", StringComparison.Ordinal));

    private ConnectorContext Context(Func<string, CancellationToken, Task>? save = null) =>
        TestSupport.Context(_simulator.Url, _clock, saveData: save ?? ((data, _) =>
        {
            _saved = data;
            return Task.CompletedTask;
        }));
}
