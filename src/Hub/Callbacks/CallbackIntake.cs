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
/// A provider's callback, from raw request to effect. The connector only reads and verifies; this framework decides
/// what follows, the same way for every provider:
/// <list type="number">
/// <item>the request is kept (redacted) with its verdict, whatever happens;</item>
/// <item>step 1: the connector reads which objects it names, nothing trusted yet; the hub loads them and their
/// connector data (none found: 404, nothing changes);</item>
/// <item>step 2: the connector verifies against them: a rejection (bad signature, stale, forged token) changes
/// nothing; an unverified hint (and anything from an <see cref="CallbackTrust.Unsigned"/> provider) only makes the hub
/// ask the provider, whose answer is what counts;</item>
/// <item>a verified update whose amount or currency disagrees with the object moves nothing (amount_mismatch);</item>
/// <item>a provider event already processed on this account changes nothing (200);</item>
/// <item>a verified update goes through the state machine, with the deduplication record in the same
/// transaction.</item>
/// </list>
/// </summary>
[ScopedService]
internal sealed partial class CallbackIntake(
    HubDbContext db,
    MerchantScope scope,
    ConnectorRegistry registry,
    ConnectorInvoker invoker,
    PaymentStateMachine stateMachine,
    PaymentSync sync,
    Refunds.RefundService refunds,
    Payouts.PayoutService payouts,
    Refunds.TransferStateMachine transfers,
    TimeProvider clock,
    HubMetrics metrics,
    ILogger<CallbackIntake> logger)
{
    public const int MaxBodyBytes = 1024 * 1024;

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
        if (row.ConnectorAccountId is not null)
        {
            // Kept for audit (redacted, bounded, for the retention) even when the provider hung up. A callback for no
            // known account is only counted: anyone can post one, and it belongs to no merchant.
            db.ChangeTracker.Clear();
            db.Callbacks.Add(row);
            await db.SaveChangesAsync(CancellationToken.None);
        }

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

        // Duplicate members, NULs, invalid UTF-8: refused before the connector reads it, and kept (for this account) for audit.
        if (StrictJson.CheckCallbackBody(http.Request.ContentType, body) is { } strict)
        {
            return CallbackVerdict.Reject("malformed", strict.ToApiError(), strict.Message);
        }

        var request = new CallbackRequest(http.Request.Method, (string?)http.Request.RouteValues["rest"] is { Length: > 0 } rest ? "/" + rest : "",
            http.Request.Query.Select(q => KeyValuePair.Create(q.Key, q.Value.ToString())),
            http.Request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())),
            body);

        // Step 1: what the callback says it is about, nothing trusted yet.
        var parse = invoker.ReadCallback(connector, request);
        if (parse is not CallbackParse.About about || about.References.Count == 0)
        {
            var detail = parse is CallbackParse.Malformed m ? m.Detail : "the callback names no object";
            return CallbackVerdict.Reject("malformed", ApiError.Validation("callback", detail), detail);
        }

        var objects = await LoadObjectsAsync(connector, account, about.References, ct);
        row.ProviderReference = about.References[0].ProviderReference;
        row.PaymentId = objects.FirstOrDefault(o => o.Object.Subject == CallbackSubject.Payment)?.Id
            ?? objects.FirstOrDefault(o => o.Object.Subject == CallbackSubject.Refund)?.PaymentId;
        if (objects.Count == 0)
        {
            return CallbackVerdict.Reject("unknown_reference", ApiError.NotFound(
                $"No object with reference {about.References[0].ProviderReference} on account {PublicId.Format(PublicId.ConnectorAccount, account.Id)}."));
        }

        // Step 2: verified against the objects found (per-object tokens live in their connector data).
        var verification = await invoker.VerifyCallbackAsync(connector, account, request, [.. objects.Select(o => o.Object)], ct);
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
            case CallbackVerification.Hint hint:
                return await HintAsync(connector, account, objects, hint.References, hint.ProviderEventId, row, ct);
            case CallbackVerification.Verified verified when verified.Updates.Count == 0:
                return CallbackVerdict.Reject("malformed", ApiError.Validation("callback", "the callback reports nothing"));
            case CallbackVerification.Verified verified when connector.Descriptor.CallbackTrust == CallbackTrust.Unsigned:
                // An unsigned provider's word is never applied, whatever its connector says: ask the provider.
                return await HintAsync(connector, account, objects,
                    [.. verified.Updates.Select(u => new CallbackReference(u.Subject, u.ProviderReference))],
                    verified.Updates[0].ProviderEventId, row, ct);
            case CallbackVerification.Verified verified:
                var verdicts = new List<CallbackVerdict>();
                foreach (var update in verified.Updates)
                {
                    verdicts.Add(await ApplyAsync(account, objects, update, row, ct));
                }

                // One object unknown or mismatched fails the callback; otherwise the first verdict tells.
                return verdicts.FirstOrDefault(v => v.Error is not null) ?? verdicts[0];
            default:
                return CallbackVerdict.Reject("malformed", ApiError.Validation("callback", "unreadable verification result"));
        }
    }

    /// <summary>The hub's objects for the references a callback names (payments; refunds and payouts once they exist).</summary>
    private async Task<List<FoundObject>> LoadObjectsAsync(LoadedConnector connector, ConnectorAccountRow account,
        IReadOnlyList<CallbackReference> references, CancellationToken ct)
    {
        var connectorId = connector.Descriptor.Id;
        var found = new List<FoundObject>();
        var wanted = Wanted(references, CallbackSubject.Payment);
        if (wanted.Count > 0)
        {
            var payments = await db.Payments.AsNoTracking()
                .Where(p => p.ConnectorAccountId == account.Id && p.Provider == connectorId
                    && (wanted.Contains(p.ProviderReference) || (p.ProviderTransactionId != null && wanted.Contains(p.ProviderTransactionId))))
                .Select(p => new { p.Id, p.ProviderReference, p.ProviderTransactionId, p.Amount, p.Currency, p.ConnectorData })
                .ToListAsync(ct);
            found.AddRange(payments.Select(p => new FoundObject(p.Id, p.Id, new CallbackObject
            {
                Subject = CallbackSubject.Payment,
                Id = PublicId.Format(PublicId.Payment, p.Id),
                ProviderReference = p.ProviderReference,
                ProviderTransactionId = p.ProviderTransactionId,
                Amount = new Money(p.Amount, Currency.FromCode(p.Currency)),
                ConnectorData = p.ConnectorData,
            })));
        }

        wanted = Wanted(references, CallbackSubject.Refund);
        if (wanted.Count > 0)
        {
            var rows = await db.Refunds.AsNoTracking()
                .Where(r => r.ConnectorAccountId == account.Id && r.Provider == connectorId
                    && (wanted.Contains(r.ProviderReference) || (r.ProviderTransactionId != null && wanted.Contains(r.ProviderTransactionId))))
                .ToListAsync(ct);
            found.AddRange(rows.Select(r => new FoundObject(r.Id, r.PaymentId, new CallbackObject
            {
                Subject = CallbackSubject.Refund,
                Id = PublicId.Format(PublicId.Refund, r.Id),
                ProviderReference = r.ProviderReference,
                ProviderTransactionId = r.ProviderTransactionId,
                Amount = r.ToMoney(),
                ConnectorData = r.ConnectorData,
            })));
        }

        wanted = Wanted(references, CallbackSubject.Payout);
        if (wanted.Count > 0)
        {
            var rows = await db.Payouts.AsNoTracking()
                .Where(r => r.ConnectorAccountId == account.Id && r.Provider == connectorId
                    && (wanted.Contains(r.ProviderReference) || (r.ProviderTransactionId != null && wanted.Contains(r.ProviderTransactionId))))
                .ToListAsync(ct);
            found.AddRange(rows.Select(r => new FoundObject(r.Id, null, new CallbackObject
            {
                Subject = CallbackSubject.Payout,
                Id = PublicId.Format(PublicId.Payout, r.Id),
                ProviderReference = r.ProviderReference,
                ProviderTransactionId = r.ProviderTransactionId,
                Amount = r.ToMoney(),
                ConnectorData = r.ConnectorData,
            })));
        }

        return found;
    }

    private static List<string> Wanted(IReadOnlyList<CallbackReference> references, CallbackSubject subject) =>
        [.. references.Where(r => r.Subject == subject).Select(r => r.ProviderReference).Distinct(StringComparer.Ordinal).Take(100)];

    /// <summary>A hint only makes the hub ask the provider about each object, and apply what the provider answers.</summary>
    private async Task<CallbackVerdict> HintAsync(LoadedConnector connector, ConnectorAccountRow account, List<FoundObject> objects,
        IReadOnlyList<CallbackReference> references, string? eventId, CallbackRow row, CancellationToken ct)
    {
        row.ProviderEventId = eventId;
        if (eventId is not null
            && await db.ProcessedCallbackEvents.AnyAsync(e => e.ConnectorAccountId == account.Id && e.ProviderEventId == eventId, ct))
        {
            return CallbackVerdict.Accept("duplicate", "this provider event was already processed");
        }

        var targets = objects.Where(o => references.Any(r => r.Subject == o.Object.Subject && o.Object.Matches(r.ProviderReference))).ToList();
        if (targets.Count == 0)
        {
            return CallbackVerdict.Reject("unknown_reference", ApiError.NotFound("The hint names no object of this account."));
        }

        var moved = false;
        string? status = null;
        foreach (var target in targets)
        {
            if (target.Object.Subject == CallbackSubject.Payout)
            {
                var before = await db.Payouts.AsNoTracking().Where(r => r.Id == target.Id).Select(r => r.Status).FirstAsync(ct);
                var after = await payouts.SyncAsync(target.Id, ct);
                moved |= after is not null && after.Status != before;
                status ??= after is null ? null : "payout " + Refunds.TransferStatusNames.ToApiString(after.Status);
                continue;
            }

            if (target.Object.Subject == CallbackSubject.Refund)
            {
                var before = await db.Refunds.AsNoTracking().Where(r => r.Id == target.Id).Select(r => r.Status).FirstAsync(ct);
                var after = await refunds.SyncAsync(target.Id, ct);
                moved |= after is not null && after.Status != before;
                status ??= after is null ? null : "refund " + Refunds.TransferStatusNames.ToApiString(after.Status);
                continue;
            }

            var outcome = await sync.SyncAsync(target.Id, PaymentStateMachine.SourceCallback, ct);
            if (outcome.Error is { } error)
            {
                return CallbackVerdict.Reject("connector_unavailable", error);
            }

            moved |= outcome.Moved;
            status ??= outcome.Payment!.Status.ToApiString();
        }

        if (eventId is not null && moved)
        {
            await RecordEventAsync(account, eventId);
        }

        return CallbackVerdict.Accept(moved ? "applied" : "hint",
            $"unverified: asked {connector.Descriptor.Id}, payment is {status}");
    }

    private async Task<CallbackVerdict> ApplyAsync(ConnectorAccountRow account, List<FoundObject> objects, CallbackUpdate update,
        CallbackRow row, CancellationToken ct)
    {
        row.ProviderEventId = update.ProviderEventId;
        if (objects.FirstOrDefault(o => o.Object.Subject == update.Subject && o.Object.Matches(update.ProviderReference)) is not { } target)
        {
            return CallbackVerdict.Reject("unknown_reference",
                ApiError.NotFound($"No {update.Subject.ToString().ToLowerInvariant()} with reference {update.ProviderReference} on account {PublicId.Format(PublicId.ConnectorAccount, account.Id)}."));
        }

        row.PaymentId = target.PaymentId;
        if (update.Amount is { } reported && reported != target.Object.Amount)
        {
            // Authentic, but not about this payment's money: nothing moves, and the operator sees why.
            var detail = $"the callback reports {reported}; the payment is {target.Object.Amount}: nothing changed";
            return CallbackVerdict.Reject("amount_mismatch", ApiError.Validation("amount", detail), detail);
        }

        if (update.ProviderEventId is { } eventId
            && await db.ProcessedCallbackEvents.AnyAsync(e => e.ConnectorAccountId == account.Id && e.ProviderEventId == eventId, ct))
        {
            return CallbackVerdict.Accept("duplicate", "this provider event was already processed");
        }

        if (update.Subject == CallbackSubject.Refund)
        {
            return await ApplyRefundAsync(account, target, update, ct);
        }

        if (update.Subject == CallbackSubject.Payout)
        {
            return await ApplyPayoutAsync(account, target, update, ct);
        }

        try
        {
            db.ChangeTracker.Clear();
            var saved = await stateMachine.UpdateAsync(target.PaymentId!.Value, payment =>
            {
                if (update.ConnectorData is { } data && ConnectorDataLimits.Fits(data))
                {
                    payment.ConnectorData = data;
                }

                var moved = update.Status is { } status && stateMachine.Apply(payment,
                    PaymentResult.Known(status, update.ProviderStatus, update.Failure, providerTransactionId: update.ProviderTransactionId),
                    PaymentStateMachine.SourceCallback);
                if (update.ProviderEventId is { } id && db.ChangeTracker.Entries<ProcessedCallbackEvent>().All(e => e.Entity.ProviderEventId != id))
                {
                    db.ProcessedCallbackEvents.Add(NewEvent(account, id));
                }

                return moved;
            }, ct);
            return saved is { } s
                ? CallbackVerdict.Accept(s.Result ? "applied" : "unchanged", $"payment is {s.Payment.Status.ToApiString()}")
                : CallbackVerdict.Reject("unknown_reference", ApiError.NotFound("The payment is gone."));
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return CallbackVerdict.Accept("duplicate", "this provider event was processed concurrently");
        }
    }

    private ProcessedCallbackEvent NewEvent(ConnectorAccountRow account, string eventId) => new()
    {
        ConnectorAccountId = account.Id, Connector = account.Connector, ProviderEventId = eventId, ProcessedAt = clock.GetUtcNow(),
    };

    private async Task RecordEventAsync(ConnectorAccountRow account, string eventId)
    {
        db.ChangeTracker.Clear();
        db.ProcessedCallbackEvents.Add(NewEvent(account, eventId));
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

/// <summary>A hub object a callback names, with its database id.</summary>
internal sealed record FoundObject(Guid Id, Guid? PaymentId, CallbackObject Object);

/// <summary>What became of a callback: its verdict word, and the problem answered when it was refused.</summary>
internal sealed record CallbackVerdict(string Name, ApiError? Error, string? Detail)
{
    public static CallbackVerdict Accept(string name, string? detail = null) => new(name, null, detail);

    public static CallbackVerdict Reject(string name, ApiError error, string? detail = null) => new(name, error, detail);
}
