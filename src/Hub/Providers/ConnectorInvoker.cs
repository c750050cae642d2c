using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Hub.Plugins;

namespace Hub.Providers;

/// <summary>
/// The one place every call into a connector goes through, with one policy: the call gets its account's context; a
/// connector that throws may already have sent the request, so it is an unknown outcome (never a failure, never a
/// 500); a status no map knows is unknown too; connector data over its size bound is a connector error; the caller's
/// own cancellation stays a cancellation. Payments, sync, callbacks and the reconciler all call through here.
/// </summary>
internal sealed partial class ConnectorInvoker(ConnectorContextFactory contexts, Operations.HubMetrics metrics, TimeProvider clock,
    ILogger<ConnectorInvoker> logger)
{
    public Task<PaymentResult> CreatePaymentAsync(LoadedConnector connector, ConnectorAccountRow account,
        CreatePaymentRequest request, Func<string, CancellationToken, Task>? saveData, CancellationToken ct) =>
        InvokeAsync(connector, account, "create", request.PaymentId, saveData,
            (c, context, token) => c.CreatePaymentAsync(context, request, token), PaymentResult.Unknown, Checked, ct);

    public Task<PaymentResult> GetPaymentStatusAsync(LoadedConnector connector, ConnectorAccountRow account,
        PaymentStatusRequest request, CancellationToken ct) =>
        InvokeAsync(connector, account, "status", request.PaymentId, null,
            (c, context, token) => c.GetPaymentStatusAsync(context, request, token), PaymentResult.Unknown, Checked, ct);

    public Task<CallbackVerification> VerifyCallbackAsync(LoadedConnector connector, ConnectorAccountRow account,
        CallbackRequest request, IReadOnlyList<CallbackObject> objects, CancellationToken ct) =>
        InvokeAsync(connector, account, "callback", PublicId.Format(PublicId.ConnectorAccount, account.Id), null,
            (c, context, token) => c.VerifyCallbackAsync(context, request, objects, token),
            detail => new CallbackVerification.Rejected(CallbackRejection.Malformed, detail), v => v, ct);

    public Task<TransferResult> RefundAsync(LoadedConnector connector, ConnectorAccountRow account, RefundRequest request,
        Func<string, CancellationToken, Task>? saveData, CancellationToken ct) =>
        connector.Connector is IRefundConnector refunds
            ? InvokeAsync(connector, account, "refund", request.RefundId, saveData,
                (_, context, token) => refunds.RefundAsync(context, request, token), TransferResult.Unknown, Checked, ct)
            : Task.FromResult(TransferResult.NotSent($"{connector.Descriptor.Id} does not refund"));

    public Task<TransferResult> GetRefundStatusAsync(LoadedConnector connector, ConnectorAccountRow account,
        TransferStatusRequest request, CancellationToken ct) =>
        connector.Connector is IRefundConnector refunds
            ? InvokeAsync(connector, account, "refund-status", request.Id, null,
                (_, context, token) => refunds.GetRefundStatusAsync(context, request, token), TransferResult.Unknown, Checked, ct)
            : Task.FromResult(TransferResult.Unknown($"{connector.Descriptor.Id} does not refund"));

    public Task<TransferResult> PayoutAsync(LoadedConnector connector, ConnectorAccountRow account, PayoutRequest request,
        Func<string, CancellationToken, Task>? saveData, CancellationToken ct) =>
        connector.Connector is IPayoutConnector payouts
            ? InvokeAsync(connector, account, "payout", request.PayoutId, saveData,
                (_, context, token) => payouts.CreatePayoutAsync(context, request, token), TransferResult.Unknown, Checked, ct)
            : Task.FromResult(TransferResult.NotSent($"{connector.Descriptor.Id} does not pay out"));

    public Task<TransferResult> GetPayoutStatusAsync(LoadedConnector connector, ConnectorAccountRow account,
        TransferStatusRequest request, CancellationToken ct) =>
        connector.Connector is IPayoutConnector payouts
            ? InvokeAsync(connector, account, "payout-status", request.Id, null,
                (_, context, token) => payouts.GetPayoutStatusAsync(context, request, token), TransferResult.Unknown, Checked, ct)
            : Task.FromResult(TransferResult.Unknown($"{connector.Descriptor.Id} does not pay out"));

    public Task<PaymentResult> CancelPaymentAsync(LoadedConnector connector, ConnectorAccountRow account,
        CancelPaymentRequest request, CancellationToken ct) =>
        connector.Connector is ICancelConnector cancels
            ? InvokeAsync(connector, account, "cancel", request.PaymentId, null,
                (_, context, token) => cancels.CancelPaymentAsync(context, request, token), PaymentResult.Unknown, Checked, ct)
            : Task.FromResult(PaymentResult.NotSent($"{connector.Descriptor.Id} does not cancel"));

    public Task<PaymentResult> CapturePaymentAsync(LoadedConnector connector, ConnectorAccountRow account,
        CapturePaymentRequest request, CancellationToken ct) =>
        connector.Connector is ICaptureConnector captures
            ? InvokeAsync(connector, account, "capture", request.PaymentId, null,
                (_, context, token) => captures.CapturePaymentAsync(context, request, token), PaymentResult.Unknown, Checked, ct)
            : Task.FromResult(PaymentResult.NotSent($"{connector.Descriptor.Id} does not capture"));

    public Task<AccountHolderResult> GetAccountHolderAsync(LoadedConnector connector, ConnectorAccountRow account,
        AccountHolderRequest request, CancellationToken ct) =>
        connector.Connector is IAccountHolderConnector holders
            ? InvokeAsync(connector, account, "account-holder", "-", null,
                (_, context, token) => holders.GetAccountHolderAsync(context, request, token),
                detail => new AccountHolderResult { Outcome = OperationOutcome.Unknown, Detail = detail }, r => r, ct)
            : Task.FromResult(new AccountHolderResult { Outcome = OperationOutcome.NotSent, Detail = "no lookup" });

    /// <summary>Step 1 of a callback: the connector reads the references; a connector that throws reads nothing.</summary>
    public CallbackParse ReadCallback(LoadedConnector connector, CallbackRequest request)
    {
        using var call = connector.Enter();
        try
        {
            return connector.Connector.ReadCallback(request) ?? new CallbackParse.Malformed("the connector read nothing");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogThrew(ex, connector.Descriptor.Id, "read-callback", "-");
            return new CallbackParse.Malformed($"the {connector.Descriptor.Id} connector could not read it ({ex.GetType().Name})");
        }
    }

    private async Task<T> InvokeAsync<T>(LoadedConnector connector, ConnectorAccountRow account, string operation,
        string objectId, Func<string, CancellationToken, Task>? saveData, Func<IConnector, ConnectorContext, CancellationToken, Task<T>> call,
        Func<string, T> unknown, Func<T, T?> check, CancellationToken ct)
        where T : class
    {
        var id = connector.Descriptor.Id;
        using var running = connector.Enter(); // the plug-in is not unloaded under a running call
        using var span = Operations.Tracing.StartConnectorCall(id, operation, objectId);
        var started = clock.GetTimestamp();
        var outcome = "unknown";
        try
        {
            var context = contexts.Create(connector, account, saveData is null ? null : (data, token) =>
                ConnectorDataLimits.Fits(data)
                    ? saveData(data, token)
                    : throw new InvalidOperationException($"connector data over {ConnectorDataLimits.MaxLength} characters"));
            var result = await call(connector.Connector, context, ct);
            if (check(result) is { } valid)
            {
                outcome = Outcome(valid);
                return valid;
            }

            LogDataTooLong(id, operation, objectId);
            return unknown($"the {id} connector returned connector data over {ConnectorDataLimits.MaxLength} characters");
        }
        catch (UnknownProviderStatusException ex)
        {
            LogUnknownStatus(objectId, ex.ConnectorId, ex.ProviderStatus);
            return unknown(ex.Message);
        }
        catch (Exception ex) when ((ex is not OperationCanceledException || !ct.IsCancellationRequested) && ex is not OutOfMemoryException)
        {
            // A plug-in that throws may have sent the request already: that is an unknown outcome, not a failure.
            LogThrew(ex, id, operation, objectId);
            outcome = "threw";
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            return unknown($"the {id} connector failed: {ex.GetType().Name}");
        }
        finally
        {
            span?.SetTag("hub.outcome", outcome);
            metrics.ProviderCall(id, operation, outcome, clock.GetElapsedTime(started));
        }
    }

    /// <summary>The outcome word of a result, for the latency histogram and the span.</summary>
    private static string Outcome(object result) => result switch
    {
        PaymentResult p => Word(p.Outcome),
        TransferResult t => Word(t.Outcome),
        AccountHolderResult a => Word(a.Outcome),
        CallbackVerification.Rejected => "rejected",
        CallbackVerification => "completed",
        _ => "completed",
    };

    private static string Word(OperationOutcome outcome) => outcome switch
    {
        OperationOutcome.Completed => "completed",
        OperationOutcome.NotSent => "not_sent",
        OperationOutcome.NotFound => "not_found",
        _ => "unknown",
    };

    private static PaymentResult? Checked(PaymentResult result) => ConnectorDataLimits.Fits(result.ConnectorData) ? result : null;

    private static TransferResult? Checked(TransferResult result) => ConnectorDataLimits.Fits(result.ConnectorData) ? result : null;

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {Connector} threw during {Operation} of {ObjectId}; outcome unknown")]
    private partial void LogThrew(Exception exception, string connector, string operation, string objectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{ObjectId}: {Connector} answered unmapped status {ProviderStatus}; left as it is")]
    private partial void LogUnknownStatus(string objectId, string connector, string? providerStatus);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector {Connector} returned oversized connector data during {Operation} of {ObjectId}")]
    private partial void LogDataTooLong(string connector, string operation, string objectId);
}
