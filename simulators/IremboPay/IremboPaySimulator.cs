using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Simulators.Kit;
using WireMock;

namespace Simulators.IremboPay;

/// <summary>
/// IremboPay API v2 in IremboPay's wire format (PROVIDERS.md §6): invoices, the mobile-money push, the hosted checkout
/// page and the signed payment notification (retried at 10 s, 60 s and 300 s until a 2xx), with the sandbox rules of
/// <see cref="IremboPayOutcomeRules"/>, on the simulator kit (WireMock, clock, faults, <c>/__sim</c>).
/// </summary>
public sealed partial class IremboPaySimulator : Simulator<IremboPayRecord, IremboPayOverrideOutcome>
{
    private readonly IremboPaySimulatorOptions _options;
    private readonly Dictionary<string, IremboPayRecord> _byInvoice = new(StringComparer.Ordinal);

    // Portal settings per merchant (secret key): kept across resets, like a real portal's.
    private readonly Dictionary<string, MerchantSettings> _merchants = new(StringComparer.Ordinal);
    private long _invoiceSequence = 880519183280;
    private CancellationTokenSource _notifications = new();

    private IremboPaySimulator(IremboPaySimulatorOptions options)
        : base(options) => _options = options;

    public override string Id => IremboPayDefinition.SimulatorId;

    /// <summary>Every invoice, oldest first, as <c>GET /__sim/transactions</c> shows it.</summary>
    public IReadOnlyList<object> Transactions
    {
        get
        {
            lock (Gate)
            {
                var now = Clock.GetUtcNow();
                return [.. Store.All.Select(r => r.Snapshot(now))];
            }
        }
    }

    public static IremboPaySimulator Start(IremboPaySimulatorOptions options)
    {
        var simulator = new IremboPaySimulator(options);
        simulator.StartServer();
        return simulator;
    }

    /// <summary>
    /// A merchant's portal settings, as <c>POST /__sim/merchants</c> sets them: where its notifications go, and the key
    /// they are signed with (by default its secret key, as IremboPay does).
    /// </summary>
    public void SetMerchant(string secretKey, string? callbackUrl, string? signingSecret = null)
    {
        lock (Gate)
        {
            _merchants[secretKey] = new MerchantSettings(callbackUrl, signingSecret);
        }
    }

    /// <summary>The invoice by its number or its transactionId, or null.</summary>
    public IremboPayRecord? Find(string id)
    {
        lock (Gate)
        {
            return _byInvoice.TryGetValue(id, out var record) ? record : Store.TryGet(id, out var byReference) ? byReference : null;
        }
    }

    protected override void MapControls()
    {
        AddControl("POST", "/__sim/merchants", c =>
        {
            if (!c.TryRead<MerchantRequest>(out var merchant, out var problem))
            {
                return problem;
            }

            if (string.IsNullOrWhiteSpace(merchant.SecretKey)
                || (merchant.CallbackUrl is not null && !Uri.TryCreate(merchant.CallbackUrl, UriKind.Absolute, out _)))
            {
                return SimWire.Problem(400, "INVALID_CONTROL", "secretKey is required; callbackUrl must be an absolute URL.");
            }

            SetMerchant(merchant.SecretKey, merchant.CallbackUrl, merchant.SigningSecret);
            return SimWire.Empty(204);
        });
        AddControl("GET", "/__sim/merchants", _ =>
        {
            lock (Gate)
            {
                // Secrets are shown by their last four characters only.
                return SimWire.Object(200, _merchants.Select(m => new
                {
                    secretKey = "****" + m.Key[Math.Max(0, m.Key.Length - 4)..],
                    callbackUrl = m.Value.CallbackUrl,
                    signingSecret = m.Value.SigningSecret is null ? null : "****",
                }).ToList());
            }
        });
    }

    protected override object Snapshot(IremboPayRecord record, DateTimeOffset now) => record.Snapshot(now);

    /// <summary>
    /// The signed notification to the merchant's portal URL (else the simulator's), only for a PAID invoice; the stale
    /// one of out_of_order is a NEW one. Signed at send time: a retry carries a fresh t.
    /// </summary>
    protected override OutgoingCallback? BuildCallback(IremboPayRecord record, bool stale)
    {
        var now = Clock.GetUtcNow();
        var merchant = _merchants.GetValueOrDefault(record.SecretKey);
        var url = merchant?.CallbackUrl ?? _options.CallbackUrl;
        if (url is null || (!stale && !record.IsPaid(now)))
        {
            return null;
        }

        var body = IremboPayWire.Notification(record, now, stale);
        return new OutgoingCallback(url, "POST", body)
        {
            Headers = new Dictionary<string, string>
            {
                [IremboPayWire.SignatureHeader] = IremboPayWire.SignatureHeaderValue(merchant?.SigningSecret ?? record.SecretKey, now, body),
            },
        };
    }

    protected override bool TryResolve(IremboPayRecord record, string status, string? reason, out string problem)
    {
        problem = "an IremboPay invoice only moves to PAID.";
        if (status != "PAID")
        {
            return false;
        }

        var now = Clock.GetUtcNow();
        if (!record.IsPaid(now))
        {
            record.ResolvedAt = now;
        }
        else
        {
            record.ResolvedAt ??= record.PaidAt(now);
        }

        record.Notified = true;
        return true;
    }

    protected override IResponseMessage FaultReply(SimFault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Status401:
                return IremboPayWire.Unauthorized();
            case FaultKind.Status429:
                var throttled = IremboPayWire.Error(429, "TOO_MANY_REQUESTS", "Too many requests, back off");
                throttled.AddHeader("Retry-After", fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
                return throttled;
            case FaultKind.Status500 when fault.Code is not null:
                return IremboPayWire.Error(500, fault.Code, "Internal server error");
            default:
                return base.FaultReply(fault);
        }
    }

    protected override void OnReset()
    {
        _byInvoice.Clear();
        var previous = _notifications;
        _notifications = new CancellationTokenSource();
        _ = previous.CancelAsync();
    }

    /// <summary>
    /// Pays <paramref name="record"/> at its PayAt: the notification goes then, never before the reply that caused it,
    /// under the transaction's callback mode; then again at 10 s, 60 s and 300 s until the hub answers a 2xx.
    /// </summary>
    private void ScheduleNotification(IremboPayRecord record, HttpContext context)
    {
        var replySent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        context.Response.OnCompleted(() =>
        {
            replySent.TrySetResult();
            return Task.CompletedTask;
        });
        context.RequestAborted.Register(() => replySent.TrySetResult());
        var ct = _notifications.Token;
        // Armed now, while the request is being answered: a test moving the fake clock cannot slip in between.
        var due = Clock.WaitUntilAsync(record.PayAt!.Value, ct);
        _ = NotifyAsync(record, replySent.Task, due, ct);
    }

    private async Task NotifyAsync(IremboPayRecord record, Task replySent, Task due, CancellationToken ct)
    {
        try
        {
            await replySent.WaitAsync(ct);
            await due;
            lock (Gate)
            {
                if (record.Notified)
                {
                    return;
                }
            }

            await ResolveAsync(record.Reference, "PAID");
            await RetryAsync(record, ct);
        }
        catch (OperationCanceledException)
        {
            // Reset or disposal: the notification is dropped.
        }
    }

    private async Task RetryAsync(IremboPayRecord record, CancellationToken ct)
    {
        if (record.CallbackMode == CallbackMode.Drop)
        {
            return;
        }

        // Each retry is due a delay after the previous attempt was answered (its recorded time, not whenever this task
        // got to run); a late first one is still on its way.
        var last = record.CallbackMode == CallbackMode.Late ? Clock.GetUtcNow() + record.LateBy : LastAttempt(record) ?? Clock.GetUtcNow();
        foreach (var wait in _options.NotificationRetries)
        {
            await Clock.WaitUntilAsync(last + wait, ct);
            if (Callbacks.Any(c => IsAbout(c, record) && c.StatusCode is >= 200 and < 300)
                || await ResendCallbackAsync(record.Reference) is not { } sent)
            {
                return;
            }

            last = sent.SentAt;
        }
    }

    private DateTimeOffset? LastAttempt(IremboPayRecord record) => Callbacks.LastOrDefault(c => IsAbout(c, record))?.SentAt;

    private static bool IsAbout(SentCallback callback, IremboPayRecord record) =>
        string.Equals(callback.ReferenceId, record.Reference, StringComparison.OrdinalIgnoreCase);

    private sealed record MerchantSettings(string? CallbackUrl, string? SigningSecret);

    private sealed record MerchantRequest(string? SecretKey, string? CallbackUrl, string? SigningSecret);
}

/// <summary>How simulators/Host finds and starts the IremboPay simulator (setting: <c>CallbackUrl</c>, the portal's URL).</summary>
public sealed class IremboPayDefinition : ISimulatorDefinition
{
    public const string SimulatorId = "irembopay";

    public string Id => SimulatorId;

    public ISimulator Start(int port, string host, IConfiguration settings) => IremboPaySimulator.Start(new IremboPaySimulatorOptions
    {
        Port = port,
        Host = host,
        CallbackUrl = string.IsNullOrWhiteSpace(settings["CallbackUrl"]) ? null : settings["CallbackUrl"],
    });
}
