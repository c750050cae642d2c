using System.Text.RegularExpressions;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Simulators.Kit;

// The one /__sim control API every simulator serves (PROVIDERS.md §1.4), JSON over the simulator's own WireMock
// server; each control calls a public method. A simulator adds its own through AddControl.
public abstract partial class Simulator<TRecord, TOutcome>
{
    /// <summary>
    /// Adds a control under /__sim: <paramref name="path"/> may hold <c>{ref}</c>, handed over as
    /// <see cref="ControlRequest.Reference"/> (e.g. <c>/__sim/transactions/{ref}/chargeback</c>). Faults never touch it.
    /// </summary>
    protected void AddControl(string method, string path, Func<ControlRequest, Task<IResponseMessage>> handle)
    {
        if (!path.StartsWith("/__sim/", StringComparison.Ordinal))
        {
            throw new ArgumentException("a control lives under /__sim/", nameof(path));
        }

        var pattern = new Regex("^" + Regex.Escape(path).Replace(@"\{ref}", "(?<ref>[^/]+)", StringComparison.Ordinal) + "$");
        var request = Request.Create().UsingMethod(method.ToUpperInvariant());
        request = path.Contains("{ref}", StringComparison.Ordinal)
            ? request.WithPath(new RegexMatcher(pattern.ToString()))
            : request.WithPath(path);
        ServeRaw(request, (r, _) =>
        {
            var reference = pattern.Match(r.Path).Groups["ref"] is { Success: true } found ? Uri.UnescapeDataString(found.Value) : null;
            return handle(new ControlRequest(r, reference));
        });
    }

    /// <summary>A synchronous control.</summary>
    protected void AddControl(string method, string path, Func<ControlRequest, IResponseMessage> handle) =>
        AddControl(method, path, r => Task.FromResult(handle(r)));

    private void MapKitControls()
    {
        AddControl("GET", "/__sim/transactions", _ => SimWire.Object(200, SnapshotAll()));
        AddControl("GET", "/__sim/transactions/{ref}", c => Find(c.Reference!) is { } record ? SimWire.Object(200, SnapshotOf(record)) : UnknownReference(c));
        AddControl("GET", "/__sim/callbacks", _ => SimWire.Object(200, Callbacks));
        AddControl("POST", "/__sim/reset", _ =>
        {
            Reset();
            return SimWire.Empty(204);
        });
        AddControl("GET", "/__sim/overrides", _ => SimWire.Object(200, ActiveOverrides()));
        AddControl("POST", "/__sim/overrides", c => c.TryRead<SimOverride<TOutcome>>(out var forced, out var problem)
            ? SimWire.Object(201, new { id = AddOverride(forced) })
            : problem);
        AddControl("DELETE", "/__sim/overrides", _ =>
        {
            ClearOverrides();
            return SimWire.Empty(204);
        });
        AddControl("GET", "/__sim/faults", _ => SimWire.Object(200, ActiveFaults()));
        AddControl("POST", "/__sim/faults", c =>
        {
            if (!c.TryRead<SimFault>(out var fault, out var problem))
            {
                return problem;
            }

            if (!Enum.IsDefined(fault.Kind) || fault.Count < 1 || fault.DelaySeconds < 0 || fault.RetryAfterSeconds < 0)
            {
                return SimWire.Problem(400, "INVALID_CONTROL",
                    "kind must be 500, 502, 503, 504, 401, 429, timeout, connection_reset, empty_response or latency; count at least 1; delaySeconds and retryAfterSeconds not negative.");
            }

            AddFault(fault);
            return SimWire.Object(201, fault);
        });
        AddControl("DELETE", "/__sim/faults", _ =>
        {
            ClearFaults();
            return SimWire.Empty(204);
        });
        AddControl("POST", "/__sim/callback-mode", c =>
        {
            if (!c.TryRead<CallbackModeRequest>(out var request, out var problem))
            {
                return problem;
            }

            if (!Enum.IsDefined(request.Mode))
            {
                return SimWire.Problem(400, "INVALID_CONTROL", "mode must be normal, drop, duplicate, out_of_order, early or late.");
            }

            SetCallbackMode(request.Mode, request.DelaySeconds is { } s ? TimeSpan.FromSeconds(s) : null, request.Reference);
            return SimWire.Empty(204);
        });
        AddControl("POST", "/__sim/transactions/{ref}/resolve", async c =>
        {
            if (!c.TryRead<ResolveRequest>(out var resolve, out var problem))
            {
                return problem;
            }

            if (string.IsNullOrEmpty(resolve.Status))
            {
                return SimWire.Problem(400, "INVALID_CONTROL", "status is required.");
            }

            var (record, refused) = await ResolveAsync(c.Reference!, resolve.Status, resolve.Reason);
            return record is null ? UnknownReference(c)
                : refused is not null ? SimWire.Problem(400, "INVALID_CONTROL", refused)
                : SimWire.Object(200, SnapshotOf(record));
        });
        AddControl("POST", "/__sim/transactions/{ref}/resend-callback", async c =>
            await ResendCallbackAsync(c.Reference!) is { } sent ? SimWire.Object(200, sent)
                : SimWire.Problem(404, "UNKNOWN_TRANSACTION", $"no transaction {c.Reference} with a callback URL."));
        AddControl("GET", "/__sim/clock", _ => SimWire.Object(200, ClockState()));
        AddControl("POST", "/__sim/clock/advance", c =>
        {
            if (!c.TryRead<AdvanceRequest>(out var advance, out var problem))
            {
                return problem;
            }

            if (advance.Seconds is not (>= 0 and <= 10 * 365 * 86_400))
            {
                return SimWire.Problem(400, "INVALID_CONTROL", "seconds must be a number from 0 to ten years.");
            }

            AdvanceClock(TimeSpan.FromSeconds(advance.Seconds.Value));
            return SimWire.Object(200, ClockState());
        });
    }

    private static IResponseMessage UnknownReference(ControlRequest control) =>
        SimWire.Problem(404, "UNKNOWN_TRANSACTION", $"no transaction {control.Reference}.");

    private TRecord? Find(string reference) => Store.TryGet(reference, out var record) ? record : null;

    private List<object> SnapshotAll()
    {
        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            return [.. Store.All.Select(r => Snapshot(r, now))];
        }
    }

    private object SnapshotOf(TRecord record)
    {
        lock (Gate)
        {
            return Snapshot(record, Clock.GetUtcNow());
        }
    }

    private List<object> ActiveOverrides()
    {
        lock (Gate)
        {
            return [.. _overrides.Select(o => new { id = o.Id, match = o.Override.Match, outcome = o.Override.Outcome, remaining = o.Remaining })];
        }
    }

    private List<object> ActiveFaults()
    {
        lock (Gate)
        {
            return [.. _faults.Select(f => new { fault = f.Fault, remaining = f.Remaining })];
        }
    }

    private object ClockState() => new { now = Clock.GetUtcNow(), offsetSeconds = Clock.Offset.TotalSeconds };

    private sealed record CallbackModeRequest(CallbackMode Mode, int? DelaySeconds, string? Reference);

    private sealed record ResolveRequest(string? Status, string? Reason);

    private sealed record AdvanceRequest(double? Seconds);
}

/// <summary>A call to a /__sim control: the request, and the <c>{ref}</c> of its path if it has one.</summary>
public sealed class ControlRequest(IRequestMessage request, string? reference)
{
    public IRequestMessage Request { get; } = request;

    public string? Reference { get; } = reference;

    /// <summary>Reads the JSON body (empty reads as <c>{}</c>); false with a 400 problem to return.</summary>
    public bool TryRead<T>(out T value, out IResponseMessage problem) => SimWire.TryRead(Request, out value, out problem);
}
