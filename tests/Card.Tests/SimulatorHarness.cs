using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Connectors.Abstractions;
using Connectors.Conformance;
using Microsoft.Extensions.Time.Testing;
using Simulators.Card;

namespace Connectors.Card.Tests;

/// <summary>The card simulator on a fake clock with its notifications caught in memory, and the connector's calls as the hub makes them.</summary>
public abstract class SimulatorHarness : IDisposable
{
    protected const string HubCallbackUrl = "http://hub.test/v1/callbacks/card/" + TestSupport.AccountId;

    protected SimulatorHarness()
    {
        Simulator = CardSimulator.Start(new CardSimulatorOptions { Port = 0, Clock = Clock, CallbackHandler = Notifications });
        Simulator.SetMerchant(TestSupport.MerchantId, HubCallbackUrl);
    }

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero));

    protected CardSimulator Simulator { get; }

    protected CardConnector Connector { get; } = new();

    protected CapturedLogs Logs { get; } = new();

    protected CatchingHandler Notifications { get; } = new();

    /// <summary>Connector data as the hub keeps it, per object id.</summary>
    protected Dictionary<string, string> Saved { get; } = [];

    public void Dispose()
    {
        Simulator.Dispose();
        GC.SuppressFinalize(this);
    }

    protected ConnectorContext Context(string? objectId = null, ConnectorAccount? account = null, TimeSpan? timeout = null) =>
        TestSupport.Context(Simulator.Url, Clock, account, timeout, logger: Logs.CreateLogger("Connector.card"),
            save: (data, _) =>
            {
                if (objectId is not null)
                {
                    Saved[objectId] = data;
                }

                return Task.CompletedTask;
            });

    protected async Task<PaymentResult> CreateAsync(CreatePaymentRequest payment, ConnectorContext? context = null)
    {
        var result = await Connector.CreatePaymentAsync(context ?? Context(payment.PaymentId),
            payment with { ConnectorData = Saved.GetValueOrDefault(payment.PaymentId) }, CancellationToken.None);
        Keep(payment.PaymentId, result.ConnectorData);
        return result;
    }

    protected async Task<PaymentResult> StatusAsync(CreatePaymentRequest payment)
    {
        var result = await Connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(payment) with
        {
            ConnectorData = Saved.GetValueOrDefault(payment.PaymentId),
        }, CancellationToken.None);
        Keep(payment.PaymentId, result.ConnectorData);
        return result;
    }

    protected async Task<PaymentResult> CaptureAsync(CreatePaymentRequest payment, long amount)
    {
        var result = await Connector.CapturePaymentAsync(Context(), new CapturePaymentRequest
        {
            PaymentId = payment.PaymentId,
            ProviderReference = payment.ProviderReference,
            PaymentAmount = payment.Amount,
            Amount = new Money(amount, payment.Amount.Currency),
            Status = PaymentStatus.Authorized,
            ConnectorData = Saved.GetValueOrDefault(payment.PaymentId),
        }, CancellationToken.None);
        Keep(payment.PaymentId, result.ConnectorData);
        return result;
    }

    protected async Task<PaymentResult> CancelAsync(CreatePaymentRequest payment) =>
        await Connector.CancelPaymentAsync(Context(), new CancelPaymentRequest
        {
            PaymentId = payment.PaymentId,
            ProviderReference = payment.ProviderReference,
            PaymentAmount = payment.Amount,
            Status = PaymentStatus.Authorized,
            ConnectorData = Saved.GetValueOrDefault(payment.PaymentId),
        }, CancellationToken.None);

    protected RefundRequest Refund(CreatePaymentRequest payment, long amount, string? refundId = null)
    {
        var id = refundId ?? "ref_" + Guid.NewGuid().ToString("N")[..26].ToUpperInvariant();
        return new RefundRequest
        {
            RefundId = id,
            ProviderReference = Connector.NewProviderReference(id),
            PaymentProviderReference = payment.ProviderReference,
            Amount = new Money(amount, payment.Amount.Currency),
            PaymentAmount = payment.Amount,
            PaymentConnectorData = Saved.GetValueOrDefault(payment.PaymentId),
        };
    }

    protected async Task<TransferResult> RefundAsync(RefundRequest refund)
    {
        var result = await Connector.RefundAsync(Context(refund.RefundId), refund with { ConnectorData = Saved.GetValueOrDefault(refund.RefundId) },
            CancellationToken.None);
        Keep(refund.RefundId, result.ConnectorData);
        return result;
    }

    /// <summary>The provider calls WireMock journaled, "POST /1/sales/" style, controls left out.</summary>
    protected IReadOnlyList<string> ProviderCalls(string? method = null) =>
        [.. Simulator.Server.LogEntries
            .Where(e => !e.RequestMessage!.Path.StartsWith("/__", StringComparison.Ordinal))
            .Where(e => method is null || e.RequestMessage!.Method == method)
            .Select(e => $"{e.RequestMessage!.Method} {e.RequestMessage!.Path}")];

    /// <summary>Lets WireMock journal the last request (it does so once the reply is out).</summary>
    protected async Task<IReadOnlyList<string>> ProviderCallsAsync(int expected, string? method = null)
    {
        for (var i = 0; i < 200 && ProviderCalls(method).Count < expected; i++)
        {
            await Task.Delay(10);
        }

        return ProviderCalls(method);
    }

    private void Keep(string id, string? data)
    {
        if (data is not null)
        {
            Saved[id] = data;
        }
    }

    /// <summary>Answers every notification 200 and keeps what it got.</summary>
    protected sealed class CatchingHandler : HttpMessageHandler
    {
        public ConcurrentQueue<(string Url, string Body, IReadOnlyDictionary<string, string> Headers)> Received { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            Received.Enqueue((request.RequestUri!.ToString(), body, headers));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("", Encoding.UTF8) };
        }
    }
}
