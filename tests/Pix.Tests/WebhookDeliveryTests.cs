using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.Pix;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connectors.Pix.Tests;

/// <summary>
/// The simulator's webhook to the URL the connector registered (POST {webhookUrl}/pix), read and checked by the
/// connector, and its retries at 10 s, 60 s and 300 s until the hub answers a 2xx.
/// </summary>
public sealed class WebhookDeliveryTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly PixSimulator _simulator;
    private readonly WireMockServer _hub = WireMockServer.Start();
    private readonly PixConnector _connector = new();

    public WebhookDeliveryTests()
    {
        _simulator = PixSimulator.Start(new PixSimulatorOptions { Port = 0, Clock = _clock });
    }

    public void Dispose()
    {
        _simulator.Dispose();
        _hub.Stop();
    }

    [Fact]
    public async Task Paid_WebhookReachesTheHubWithTheTokenAndPix_AndIsAHint()
    {
        _hub.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var payment = TestSupport.Payment(1010);
        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(10));
        await WaitForHubCallsAsync(1);
        var received = _hub.LogEntries.Single().RequestMessage!;
        var callback = new CallbackRequest(received.Method, "", received.Query!.ToDictionary(q => q.Key, q => q.Value.First()),
            received.Headers!.ToDictionary(h => h.Key, h => h.Value.First()), Encoding.UTF8.GetBytes(received.Body!));
        var target = new CallbackObject
        {
            Subject = CallbackSubject.Payment, Id = payment.PaymentId, ProviderReference = payment.ProviderReference,
            Amount = payment.Amount, ConnectorData = created.ConnectorData,
        };

        var hint = Assert.IsType<CallbackVerification.Hint>(
            await _connector.VerifyCallbackAsync(Context(), callback, [target], CancellationToken.None));

        Assert.Equal($"/v1/callbacks/pix/{TestSupport.AccountId}", received.Path);
        Assert.Equal(TestSupport.CallbackSecret, callback.QueryValue("hmac"));
        Assert.Equal("/pix", callback.QueryValue("ignorar"));
        Assert.Contains(hint.References, r => r.ProviderReference == payment.ProviderReference);
        Assert.Equal(_simulator.Find(payment.ProviderReference)!.EndToEndId, hint.ProviderEventId);
        _clock.Advance(TimeSpan.FromSeconds(400));
        await Task.Delay(200);
        Assert.Single(_hub.LogEntries);
    }

    [Fact]
    public async Task HubAnswers500_RetriedAt10_60_300Seconds_ThenNoMore()
    {
        _hub.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(500));
        await _connector.CreatePaymentAsync(Context(), TestSupport.Payment(1000), CancellationToken.None);

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
        Assert.Single(_simulator.Callbacks.Select(c => c.Body).Distinct());
    }

    [Fact]
    public async Task Devolucao_Ending_SendsTheRefundedPixWithIt()
    {
        _hub.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var payment = TestSupport.Payment(1000);
        var created = await _connector.CreatePaymentAsync(Context(), payment, CancellationToken.None);
        await WaitForHubCallsAsync(1);
        var paid = await _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment, created), CancellationToken.None);
        var refundId = "ref_" + Guid.NewGuid().ToString("N")[..26].ToUpperInvariant();

        await _connector.RefundAsync(Context(), new RefundRequest
        {
            RefundId = refundId,
            ProviderReference = _connector.NewProviderReference(refundId),
            PaymentProviderReference = payment.ProviderReference,
            PaymentProviderTransactionId = paid.ProviderTransactionId,
            Amount = new Money(300, Currency.BRL),
            PaymentAmount = payment.Amount,
        }, CancellationToken.None);
        await WaitForHubCallsAsync(2);
        var body = _hub.LogEntries[^1].RequestMessage!.Body!;
        var about = Assert.IsType<CallbackParse.About>(_connector.ReadCallback(TestSupport.Webhook(body)));

        Assert.Contains(new CallbackReference(CallbackSubject.Refund, _connector.NewProviderReference(refundId)), about.References);
        Assert.Contains("\"status\":\"DEVOLVIDO\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OddAmount_NoWebhook()
    {
        _hub.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));

        await _connector.CreatePaymentAsync(Context(), TestSupport.Payment(1001), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(400));
        await Task.Delay(200);

        Assert.Empty(_hub.LogEntries);
    }

    private ConnectorContext Context() => TestSupport.Context(_simulator.Url, _clock,
        callbackUrl: new Uri($"{_hub.Url}/v1/callbacks/pix/{TestSupport.AccountId}"));

    private async Task WaitForHubCallsAsync(int count)
    {
        // The simulator sends on its own task once its clock passes the due time: poll, bounded.
        for (var i = 0; i < 200 && (_hub.LogEntries.Count < count || _simulator.Callbacks.Count < count); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(_hub.LogEntries.Count >= count, $"expected {count} webhook(s), got {_hub.LogEntries.Count}");
    }
}
