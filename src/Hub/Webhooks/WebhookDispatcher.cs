using Hub.Common;
using Microsoft.Extensions.Options;

namespace Hub.Webhooks;

/// <summary>
/// Sends the outbox to merchants. Each run fans new events out into deliveries, then claims due deliveries and posts
/// them, round after round while some come due (the next event of an object is due once the previous one is out).
/// Safe with several hub instances on one database: see <see cref="WebhookDeliveryStore"/>.
/// </summary>
internal sealed partial class WebhookDispatcher(
    WebhookDeliveryStore store,
    WebhookSender sender,
    WebhookSecretProtector secrets,
    Events.OutboxSignal outbox,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    Operations.HubMetrics metrics,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    // Bounds one run, so a flood neither starves the next fan-out nor holds a shutdown.
    private const int MaxFanOutBatches = 10;
    private const int MaxRounds = 20;
    private const int Parallelism = 8;

    private DateTimeOffset _lastClaim = DateTimeOffset.MinValue;

    /// <summary>One pass of fan-out and delivery; returns how many deliveries were attempted.</summary>
    public Task<int> RunOnceAsync(CancellationToken ct) => RunOnceAsync(woken: false, ct);

    /// <summary>
    /// One pass. <paramref name="woken"/>: run because this instance committed an event. A woken pass whose events match
    /// no endpoint skips the claim (one round trip less per event nobody subscribed to) unless a poll interval passed
    /// since the last claim: retries and other instances' deliveries come due on the poll's rhythm, pulses or not.
    /// </summary>
    internal async Task<int> RunOnceAsync(bool woken, CancellationToken ct)
    {
        var made = 0;
        for (var batch = 0; batch < MaxFanOutBatches; batch++)
        {
            var fanned = await store.FanOutAsync(ct);
            made += fanned.Deliveries;
            if (fanned.Events < WebhookDeliveryStore.FanOutBatch)
            {
                break;
            }
        }

        var now = clock.GetUtcNow();
        if (woken && made == 0 && now - _lastClaim < options.Value.PollInterval)
        {
            return 0;
        }

        _lastClaim = now;
        var attempted = 0;
        for (var round = 0; round < MaxRounds; round++)
        {
            var claimed = await store.ClaimAsync(options.Value.BatchSize, ct);
            if (claimed.Count == 0)
            {
                break;
            }

            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (delivery, token) => await DeliverAsync(delivery, token));
            attempted += claimed.Count;
        }

        return attempted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled();
            return;
        }

        await Task.Yield(); // let the host finish starting
        var woken = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(woken, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The database away, a bug: claimed deliveries come due again when their lease ends.
                LogRunFailed(ex);
            }

            try
            {
                // An event committed by this instance wakes it at once; the poll finds the others' and retries due.
                woken = await outbox.WaitAsync(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        var deliveryId = PublicId.Format(WebhookDeliveryResponse.IdPrefix, delivery.Id);
        var webhookId = PublicId.Format(PublicId.Event, delivery.EventId);
        var endpointId = PublicId.Format(PublicId.WebhookEndpoint, delivery.EndpointId);
        try
        {
            if (!delivery.EndpointActive)
            {
                var now = clock.GetUtcNow();
                await store.RecordAsync(delivery.Id, new DeliveryRecord(WebhookDeliveryStatus.Failed, null, null,
                    "the endpoint was disabled or deleted before this delivery", now, now), ct);
                LogEndpointInactive(deliveryId, webhookId, endpointId);
                return;
            }

            var signing = secrets.SigningSecrets(delivery.ProtectedSecret, delivery.ProtectedPreviousSecret,
                delivery.PreviousSecretExpiresAt, clock.GetUtcNow());
            var body = WebhookSender.Body(delivery.EventType, delivery.EventCreatedAt, delivery.EventData);
            var outcome = await sender.SendAsync(delivery.Url, webhookId, body, signing, ct);
            await RecordAsync(delivery, outcome, deliveryId, webhookId, endpointId, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Not the receiver's doing (a secret the key ring cannot decrypt, a stored URL that no longer parses): it
            // still counts as an attempt on the retry schedule and fails after it, so it never holds the object's
            // later events for ever. If even recording fails (the database away), the lease brings it back.
            LogDeliveryCrashed(ex, deliveryId, webhookId, endpointId);
            try
            {
                await RecordAsync(delivery, new SendOutcome(SendResult.Failed, null, $"could not be attempted: {ex.GetType().Name}"),
                    deliveryId, webhookId, endpointId, ct);
            }
            catch (Exception recordFailed) when (!ct.IsCancellationRequested)
            {
                LogDeliveryCrashed(recordFailed, deliveryId, webhookId, endpointId);
            }
        }
    }

    private async Task RecordAsync(ClaimedDelivery delivery, SendOutcome outcome, string deliveryId, string webhookId,
        string endpointId, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        var attempt = delivery.Attempts + 1;
        switch (outcome.Result)
        {
            case SendResult.Succeeded:
                await store.RecordAsync(delivery.Id,
                    new DeliveryRecord(WebhookDeliveryStatus.Succeeded, at, outcome.StatusCode, null, at, at), ct);
                LogSucceeded(deliveryId, webhookId, delivery.EventType, endpointId, attempt, outcome.StatusCode!.Value);
                metrics.WebhookDelivery("succeeded");
                metrics.WebhookDelivered(at - delivery.EventCreatedAt);
                break;
            case SendResult.Gone:
                await store.RecordGoneAsync(delivery.Id, delivery.EndpointId,
                    new DeliveryRecord(WebhookDeliveryStatus.Failed, at, outcome.StatusCode, outcome.Error, at, at),
                    "410 Gone from the endpoint: it asked not to be called again", ct);
                LogGone(deliveryId, webhookId, endpointId);
                metrics.WebhookDelivery("gone");
                break;
            case SendResult.Failed when WebhookRetrySchedule.GivesUp(attempt):
                await store.RecordAsync(delivery.Id,
                    new DeliveryRecord(WebhookDeliveryStatus.Failed, at, outcome.StatusCode, outcome.Error, at, at), ct);
                LogGaveUp(deliveryId, webhookId, delivery.EventType, endpointId, attempt, outcome.Error);
                metrics.WebhookDelivery("failed");
                break;
            case SendResult.Failed:
                var next = at + WebhookRetrySchedule.NextDelay(attempt, Random.Shared.NextDouble());
                await store.RecordAsync(delivery.Id,
                    new DeliveryRecord(WebhookDeliveryStatus.Pending, at, outcome.StatusCode, outcome.Error, next, null), ct);
                LogRetrying(deliveryId, webhookId, delivery.EventType, endpointId, attempt, outcome.Error, next);
                metrics.WebhookDelivery("retrying");
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {DeliveryId} ({WebhookId}, {EventType}) to {EndpointId} succeeded on attempt {Attempt} with HTTP {StatusCode}")]
    private partial void LogSucceeded(string deliveryId, string webhookId, string eventType, string endpointId, int attempt, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {DeliveryId} ({WebhookId}, {EventType}) to {EndpointId} failed attempt {Attempt}: {Error}; next at {NextAttemptAt:O}")]
    private partial void LogRetrying(string deliveryId, string webhookId, string eventType, string endpointId, int attempt, string? error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {DeliveryId} ({WebhookId}, {EventType}) to {EndpointId} failed for good after {Attempt} attempts: {Error}")]
    private partial void LogGaveUp(string deliveryId, string webhookId, string eventType, string endpointId, int attempt, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {DeliveryId} ({WebhookId}): endpoint {EndpointId} answered 410 Gone and is now disabled")]
    private partial void LogGone(string deliveryId, string webhookId, string endpointId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {DeliveryId} ({WebhookId}) not sent: endpoint {EndpointId} is disabled or deleted")]
    private partial void LogEndpointInactive(string deliveryId, string webhookId, string endpointId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {DeliveryId} ({WebhookId}) to {EndpointId} could not be attempted; the attempt counts and it is retried on the schedule")]
    private partial void LogDeliveryCrashed(Exception ex, string deliveryId, string webhookId, string endpointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatcher run failed; trying again at the next poll")]
    private partial void LogRunFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook dispatcher disabled (Hub:Webhooks:Enabled=false): events queue up, nothing is sent")]
    private partial void LogDisabled();
}
