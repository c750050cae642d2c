using Connectors.Abstractions;
using Hub.Common;
using Hub.Operations;
using Hub.Payments;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Providers;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hub.Callbacks;

/// <summary>
/// A provider's callback, from raw request to effect. The connector only verifies and parses; this framework decides
/// what follows, the same way for every provider:
/// <list type="number">
/// <item>the request is kept (redacted) with its verdict, whatever happens;</item>
/// <item>a rejection (bad signature, malformed, unknown reference) changes nothing;</item>
/// <item>a provider event already processed changes nothing (200);</item>
/// <item>an <see cref="CallbackTrust.Unsigned"/> provider's callback never moves a payment by itself: it only makes the
/// hub ask the provider, and the provider's answer is what counts;</item>
/// <item>a signed, verified update goes through the state machine, with the deduplication record in the same
/// transaction.</item>
/// </list>
/// </summary>
[ScopedService]
internal sealed partial class CallbackIntake(
    HubDbContext db,
    MerchantScope scope,
    ConnectorRegistry registry,
    ConnectorContextFactory contexts,
    PaymentStateMachine stateMachine,
    PaymentSync sync,
    TimeProvider clock,
    HubMetrics metrics,
    ILogger<CallbackIntake> logger)
{
    public const int MaxBodyBytes = 1024 * 1024;
    private const int MaxAttempts = 3;

    public async Task<IResult> HandleAsync(HttpContext http, string connectorId, string accountId, CancellationToken ct)
    {
        scope.SetSystem(); // a provider is no merchant: it is trusted only as far as the connector verifies it
        var body = await ReadBodyAsync(http.Request, ct);
        var row = NewRow(http, connectorId, body);
        CallbackVerdict verdict;
        try
        {
            verdict = body is null
                ? CallbackVerdict.Reject("malformed", ApiError.Validation("body", $"must be at most {MaxBodyBytes} bytes"))
                : await ProcessAsync(http, connectorId, accountId, body, row, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(ex, connectorId, row.Id);
            verdict = CallbackVerdict.Reject("error", ApiError.Internal());
        }

        row.Verdict = verdict.Name;
        row.Detail = verdict.Detail ?? verdict.Error?.Detail;
        row.ResponseStatus = verdict.Error?.Status ?? StatusCodes.Status200OK;
        db.ChangeTracker.Clear();
        db.Callbacks.Add(row);
        await db.SaveChangesAsync(CancellationToken.None); // kept even when the provider hung up
        LogCallback(connectorId, row.Verdict, row.ResponseStatus);
        metrics.CallbackReceived(registry.TryGet(connectorId, out _) ? connectorId : "unknown", row.Verdict);
        return verdict.Error is { } error ? error.ToProblem() : Results.Json(new { received = true, verdict = verdict.Name });
    }

    private async Task<CallbackVerdict> ProcessAsync(HttpContext http, string connectorId, string accountId, byte[] body,
        CallbackRow row, CancellationToken ct)
    {
        if (!registry.TryGet(connectorId, out var connector))
        {
            return CallbackVerdict.Reject("unknown_connector", ApiError.NotFound($"No connector {connectorId} on this hub."));
        }

        var account = PublicId.TryParse(PublicId.ConnectorAccount, accountId, out var accountGuid)
            ? await db.ConnectorAccounts.AsNoTracking()
                .FirstOrDefaultAsync(a => a.Id == accountGuid && a.Connector == connectorId && a.DeletedAt == null, ct)
            : null;
        if (account is null)
        {
            return CallbackVerdict.Reject("unknown_account", ApiError.NotFound($"No {connectorId} account {accountId}."));
        }

        row.ConnectorAccountId = account.Id;
        row.MerchantId = account.MerchantId;
        row.Livemode = account.Livemode;

        var context = contexts.Create(connector, account);
        var request = new CallbackRequest(http.Request.Method, (string?)http.Request.RouteValues["rest"] is { Length: > 0 } rest ? "/" + rest : "",
            http.Request.Query.Select(q => KeyValuePair.Create(q.Key, q.Value.ToString())),
            http.Request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())),
            body);
        var verification = await connector.Connector.VerifyCallbackAsync(context, request, ct);
        switch (verification)
        {
            case CallbackVerification.Rejected rejected:
                return CallbackVerdict.Reject(rejected.Reason switch
                {
                    CallbackRejection.SignatureInvalid => "signature_invalid",
                    CallbackRejection.Malformed => "malformed",
                    CallbackRejection.UnknownReference => "unknown_reference",
                }, rejected.Reason switch
                {
                    CallbackRejection.SignatureInvalid => ApiError.SignatureInvalid(rejected.Detail),
                    CallbackRejection.Malformed => ApiError.Validation("callback", rejected.Detail),
                    CallbackRejection.UnknownReference => ApiError.NotFound(rejected.Detail),
                }, rejected.Detail);
            case CallbackVerification.Verified verified when verified.Updates.Count == 0:
                return CallbackVerdict.Reject("malformed", ApiError.Validation("callback", "the callback reports nothing"));
            case CallbackVerification.Verified verified:
                var verdicts = new List<CallbackVerdict>();
                foreach (var update in verified.Updates)
                {
                    verdicts.Add(await ApplyAsync(connector, account, update, row, ct));
                }

                // One object unknown fails the callback (so the provider may retry); otherwise the first verdict tells.
                return verdicts.FirstOrDefault(v => v.Error is not null) ?? verdicts[0];
            default:
                return CallbackVerdict.Reject("malformed", ApiError.Validation("callback", "unreadable verification result"));
        }
    }

    private async Task<CallbackVerdict> ApplyAsync(LoadedConnector connector, ConnectorAccountRow account, CallbackUpdate update,
        CallbackRow row, CancellationToken ct)
    {
        row.ProviderReference = update.ProviderReference;
        row.ProviderEventId = update.ProviderEventId;
        if (update.Subject != CallbackSubject.Payment)
        {
            return CallbackVerdict.Accept("ignored", $"{update.Subject} callbacks are not handled by this hub yet");
        }

        var connectorId = connector.Descriptor.Id;
        var paymentId = await db.Payments.AsNoTracking()
            .Where(p => p.ConnectorAccountId == account.Id && p.Provider == connectorId
                && (p.ProviderReference == update.ProviderReference || p.ProviderTransactionId == update.ProviderReference))
            .Select(p => (Guid?)p.Id)
            .FirstOrDefaultAsync(ct);
        if (paymentId is not { } id)
        {
            return CallbackVerdict.Reject("unknown_reference",
                ApiError.NotFound($"No payment with reference {update.ProviderReference} on account {PublicId.Format(PublicId.ConnectorAccount, account.Id)}."));
        }

        row.PaymentId = id;
        if (update.ProviderEventId is { } eventId
            && await db.ProcessedCallbackEvents.AnyAsync(e => e.Connector == connectorId && e.ProviderEventId == eventId, ct))
        {
            return CallbackVerdict.Accept("duplicate", "this provider event was already processed");
        }

        return connector.Descriptor.CallbackTrust switch
        {
            CallbackTrust.Unsigned => await SyncOnHintAsync(connectorId, id, update.ProviderEventId, ct),
            CallbackTrust.Signed => await ApplyVerifiedAsync(connectorId, id, update, ct),
        };
    }

    /// <summary>An unsigned callback is only a hint: ask the provider and apply its answer.</summary>
    private async Task<CallbackVerdict> SyncOnHintAsync(string connectorId, Guid paymentId, string? eventId, CancellationToken ct)
    {
        var outcome = await sync.SyncAsync(paymentId, PaymentStateMachine.SourceCallback, ct);
        if (outcome.Error is { } error)
        {
            return CallbackVerdict.Reject("connector_unavailable", error);
        }

        if (eventId is not null && outcome.Moved)
        {
            await RecordEventAsync(connectorId, eventId);
        }

        return CallbackVerdict.Accept(outcome.Moved ? "applied" : "unchanged",
            $"unsigned: asked {connectorId}, payment is {outcome.Payment!.Status.ToApiString()}");
    }

    private async Task<CallbackVerdict> ApplyVerifiedAsync(string connectorId, Guid paymentId, CallbackUpdate update, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var payment = await db.Payments.Include(p => p.StatusHistory).FirstAsync(p => p.Id == paymentId, ct);
            var moved = update.Status is { } status && stateMachine.Apply(payment,
                PaymentResult.Known(status, update.ProviderStatus, update.Failure, providerTransactionId: update.ProviderTransactionId),
                PaymentStateMachine.SourceCallback);
            if (update.ProviderEventId is { } eventId)
            {
                db.ProcessedCallbackEvents.Add(new ProcessedCallbackEvent
                {
                    Connector = connectorId, ProviderEventId = eventId, ProcessedAt = clock.GetUtcNow(),
                });
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return CallbackVerdict.Accept(moved ? "applied" : "unchanged",
                    $"payment is {payment.Status.ToApiString()}");
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // A poll or another callback won the race: re-read and decide again.
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return CallbackVerdict.Accept("duplicate", "this provider event was processed concurrently");
            }
        }
    }

    private async Task RecordEventAsync(string connectorId, string eventId)
    {
        db.ProcessedCallbackEvents.Add(new ProcessedCallbackEvent
        {
            Connector = connectorId, ProviderEventId = eventId, ProcessedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same event was recorded meanwhile; the status came from the provider either way.
        }
    }

    private CallbackRow NewRow(HttpContext http, string connectorId, byte[]? body) => new()
    {
        Id = PublicId.NewGuid(clock),
        Connector = connectorId.Length <= 40 ? connectorId : connectorId[..40],
        Method = http.Request.Method,
        Path = http.Request.Path.ToString() is { Length: <= 500 } path ? path : http.Request.Path.ToString()[..500],
        Query = CallbackRedactor.Query(http.Request.Query.Select(q => KeyValuePair.Create(q.Key, q.Value.ToString()))),
        Headers = CallbackRedactor.Headers(http.Request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString()))),
        Body = body is null ? null : CallbackRedactor.Body(body),
        Verdict = "received",
        ReceivedAt = clock.GetUtcNow(),
    };

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback from {Connector}: {Verdict} ({Status})")]
    private partial void LogCallback(string connector, string verdict, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback {CallbackId} from {Connector} could not be processed")]
    private partial void LogFailed(Exception exception, string connector, Guid callbackId);
}

/// <summary>What became of a callback: its verdict word, and the problem answered when it was refused.</summary>
internal sealed record CallbackVerdict(string Name, ApiError? Error, string? Detail)
{
    public static CallbackVerdict Accept(string name, string? detail = null) => new(name, null, detail);

    public static CallbackVerdict Reject(string name, ApiError error, string? detail = null) => new(name, error, detail);
}
