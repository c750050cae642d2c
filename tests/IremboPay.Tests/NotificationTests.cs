using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.IremboPay;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connectors.IremboPay.Tests;

/// <summary>
/// The simulator's signed notification to the portal URL of the merchant (set through /__sim/merchants), verified by the
/// connector, and its retries at 10 s, 60 s and 300 s until the hub answers a 2xx.
/// </summary>
public sealed class NotificationTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly IremboPaySimulator _simulator;
    private readonly WireMockServer _hub = WireMockServer.Start();
    private readonly IremboPayConnector _connector = new();

    public NotificationTests()
    {
        _simulator = IremboPaySimulator.Start(new IremboPaySimulatorOptions { Port = 0, Clock = _clock });
        _simulator.SetMerchant(TestSupport.SecretKey, _hub.Url + "/v1/callbacks/irembopay/" + TestSupport.AccountId);
    }

    public void Dispose()
    {
        _simulator.Dispose();
        _hub.Stop();
    }

    [Fact]
    public async Task Paid_NotificationIsSignedAndVerifiedByTheConnector()
    {
        _hub.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var payment = TestSupport.Payment(1002, "+250788000001");
        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await WaitForHubCallsAsync(1);
        var received = _hub.LogEntries.Single().RequestMessage!;
        var callback = new CallbackRequest(received.Method, "", [],
            received.Headers!.ToDictionary(h => h.Key, h => h.Value.First()), received.BodyAsBytes ?? System.Text.Encoding.UTF8.GetBytes(received.Body!));
        var target = new CallbackObject
        {
            Subject = CallbackSubject.Payment, Id = payment.PaymentId, ProviderReference = payment.ProviderReference,
            ProviderTransactionId = created.ProviderTransactionId, Amount = payment.Amount, ConnectorData = created.ConnectorData,
        };

        var about = Assert.IsType<CallbackParse.About>(_connector.ReadCallback(callback));
        var verified = Assert.IsType<CallbackVerification.Verified>(
            await _connector.VerifyCallbackAsync(Context(), callback, [target], CancellationToken.None));

        Assert.Contains(about.References, r => target.Matches(r.ProviderReference));
        var update = Assert.Single(verified.Updates);
        Assert.Equal(PaymentStatus.Paid, update.Status);
        Assert.Equal(payment.Amount, update.Amount);
        Assert.Equal($"{created.ProviderTransactionId}:PAID", update.ProviderEventId);
        Assert.StartsWith("MP-", IremboPayData.Parse(update.ConnectorData)!.PaymentReference, StringComparison.Ordinal);
        Assert.Equal("POST", received.Method);

        // Answered 200: no retry follows.
        _clock.Advance(TimeSpan.FromSeconds(400));
        await Task.Delay(200);
        Assert.Single(_hub.LogEntries);
    }

    [Fact]
    public async Task HubAnswers500_RetriedAt10_60_300Seconds_ThenNoMore()
    {
        _hub.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(500));
        var payment = TestSupport.Payment(1000, "+250733000001");
        await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);

        await WaitForHubCallsAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(150);
        Assert.Single(_hub.LogEntries);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForHubCallsAsync(2);
        _clock.Advance(TimeSpan.FromSeconds(60));
        await WaitForHubCallsAsync(3);
        _clock.Advance(TimeSpan.FromSeconds(300));
        await WaitForHubCallsAsync(4);
        _clock.Advance(TimeSpan.FromSeconds(3600));
        await Task.Delay(200);

        Assert.Equal(4, _hub.LogEntries.Count);
        Assert.All(_simulator.Callbacks, c => Assert.Equal(500, c.StatusCode));
        // Each attempt is signed anew: a retry is the same event, not the same bytes of header.
        Assert.Single(_simulator.Callbacks.Select(c => c.Body).Distinct());
    }

    [Fact]
    public async Task RetryStopsOnceTheHubAnswers2xx()
    {
        _hub.Given(Request.Create().UsingPost()).InScenario("flaky").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503));
        _hub.Given(Request.Create().UsingPost()).InScenario("flaky").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200));
        await _connector.CreatePaymentAsync(Context(), TestSupport.Payment(1000, "+250788000001"), CancellationToken.None);

        await WaitForHubCallsAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await WaitForHubCallsAsync(2);
        _clock.Advance(TimeSpan.FromSeconds(400));
        await Task.Delay(200);

        Assert.Equal(2, _hub.LogEntries.Count);
    }

    [Fact]
    public async Task RejectedPush_NoNotification()
    {
        _hub.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));

        await _connector.CreatePaymentAsync(Context(), TestSupport.Payment(1002, "+250788000002"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(400));
        await Task.Delay(200);

        Assert.Empty(_hub.LogEntries);
    }

    private ConnectorContext Context() => TestSupport.Context(_simulator.Url, _clock);

    private async Task WaitForHubCallsAsync(int count)
    {
        // The simulator sends on its own task once its clock passes the due time: poll, bounded.
        for (var i = 0; i < 200 && _hub.LogEntries.Count < count; i++)
        {
            await Task.Delay(25);
        }

        Assert.True(_hub.LogEntries.Count >= count, $"expected {count} notification(s), got {_hub.LogEntries.Count}");
        // And recorded by the simulator (its answer is kept once the hub replied).
        for (var i = 0; i < 200 && _simulator.Callbacks.Count < count; i++)
        {
            await Task.Delay(25);
        }
    }
}
