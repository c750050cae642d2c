using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Simulators.Kit;

/// <summary>
/// A provider simulator on a WireMock server. The kit owns start-up, request capture, the clock, the transaction
/// store, the callback scheduler and sender, faults, overrides, callback modes, reset and the <c>/__sim</c> controls;
/// the simulator adds its endpoints (<see cref="MapEndpoints"/>), its callback body (<see cref="BuildCallback"/>),
/// how a record is shown (<see cref="Snapshot"/>) and resolved by hand (<see cref="TryResolve"/>), and may give
/// faults its wire format (<see cref="FaultReply"/>) and add controls (<see cref="MapControls"/>).
/// </summary>
/// <typeparam name="TRecord">The simulator's transaction record.</typeparam>
/// <typeparam name="TOutcome">The simulator's override outcome payload (<c>"outcome"</c> of <c>/__sim/overrides</c>).</typeparam>
public abstract partial class Simulator<TRecord, TOutcome> : ISimulator
    where TRecord : SimTransaction
    where TOutcome : class, new()
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly HttpClient _callbackClient;
    private readonly List<SentCallback> _callbacks = [];
    private readonly List<OverrideEntry> _overrides = [];
    private readonly List<FaultEntry> _faults = [];
    private readonly Dictionary<string, (CallbackMode Mode, TimeSpan? LateBy)> _referenceModes = new(StringComparer.OrdinalIgnoreCase);

    // The request's HttpContext, captured by a middleware ahead of WireMock's: a WithCallback handler needs it to wait
    // for its reply to be sent (Response.OnCompleted) and to reset the connection (Abort). An instance, not a static.
    private readonly AsyncLocal<HttpContext?> _httpContext = new();
    private CallbackMode _callbackMode = CallbackMode.Normal;
    private TimeSpan? _lateBy;
    private int _overrideSequence;

    // Replaced by Reset, so callbacks still scheduled from before a reset never go out.
    private CancellationTokenSource _epoch;
    private WireMockServer? _server;
    private string? _url;

    protected Simulator(SimulatorOptions options)
    {
        Options = options;
        Clock = options.Clock as SimulatorClock ?? new SimulatorClock(options.Clock);
        _epoch = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        Store = new TransactionStore<TRecord>(Gate, () => _epoch.Token);
        _callbackClient = options.CallbackHandler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
        _callbackClient.Timeout = options.CallbackTimeout;
    }

    /// <summary>The simulator's id, the connector's: "mtn_momo".</summary>
    public abstract string Id { get; }

    /// <summary>The base URL, e.g. http://127.0.0.1:5101.</summary>
    public string Url => _url ?? throw new InvalidOperationException("the simulator is not started");

    /// <summary>The WireMock server: its request journal (<c>LogEntries</c>) counts the calls made to the provider.</summary>
    public WireMockServer Server => _server ?? throw new InvalidOperationException("the simulator is not started");

    public SimulatorClock Clock { get; }

    /// <summary>Every callback sent, in the order the hub answered them.</summary>
    public IReadOnlyList<SentCallback> Callbacks
    {
        get
        {
            lock (Gate)
            {
                return [.. _callbacks];
            }
        }
    }

    protected SimulatorOptions Options { get; }

    /// <summary>Guards the store, the kit's tables and the simulator's own (reentrant).</summary>
    protected Lock Gate { get; } = new();

    protected TransactionStore<TRecord> Store { get; }

    /// <summary>Starts WireMock and maps the simulator's endpoints, then the /__sim controls; call once from Start.</summary>
    protected void StartServer()
    {
        var port = Options.Port != 0 ? Options.Port : FreePort(Options.Host);
        _url = $"http://{Options.Host}:{port}";
        var httpContext = _httpContext;
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [_url],
            StartAdminInterface = true,
            Logger = new WireMockNullLogger(),
            // Bodies are read with System.Text.Json, byte for byte as sent.
            DisableJsonBodyParsing = true,
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(async (context, next) =>
            {
                httpContext.Value = context;
                await MaskForJournalAsync(context);
                await next(context);
            }),
        });
        MapEndpoints();
        MapKitControls();
        MapControls();
        WarmUp();
    }

    /// <summary>The provider's endpoints, each through <see cref="Serve(IRequestBuilder, Func{IRequestMessage, HttpContext, Task{IResponseMessage}})"/>.</summary>
    protected abstract void MapEndpoints();

    /// <summary>Extra controls under /__sim, through <see cref="AddControl"/> (e.g. a chargeback, a Pix payment).</summary>
    protected virtual void MapControls()
    {
    }

    /// <summary>The record as <c>GET /__sim/transactions</c> shows it at <paramref name="now"/> (called under <see cref="Gate"/>).</summary>
    protected abstract object Snapshot(TRecord record, DateTimeOffset now);

    /// <summary>
    /// The callback for the record's state now, in the provider's wire format; <paramref name="stale"/> asks for the
    /// stale one of <see cref="CallbackMode.OutOfOrder"/> (the initial state). Null: no callback (no URL). Under <see cref="Gate"/>.
    /// </summary>
    protected abstract OutgoingCallback? BuildCallback(TRecord record, bool stale);

    /// <summary>Resolves by hand (<c>/__sim/transactions/{ref}/resolve</c>) to a provider status; false with the reason
    /// when the status is not one the provider has. Under <see cref="Gate"/>.</summary>
    protected abstract bool TryResolve(TRecord record, string status, string? reason, out string problem);

    /// <summary>A fault's reply; the default is the bare status (429 with Retry-After). A simulator gives it its bodies.</summary>
    protected virtual IResponseMessage FaultReply(SimFault fault)
    {
        var status = fault.Kind switch
        {
            FaultKind.Status502 => 502,
            FaultKind.Status503 => 503,
            FaultKind.Status504 or FaultKind.Timeout => 504,
            FaultKind.Status401 => 401,
            FaultKind.Status429 => 429,
            _ => 500,
        };
        var reply = SimWire.Empty(status);
        if (status == 429)
        {
            reply.AddHeader("Retry-After", fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return reply;
    }

    /// <summary>
    /// The body WireMock's request journal (<c>LogEntries</c>, <c>/__admin/requests</c>) keeps for a provider request, for
    /// simulators that take data no journal may hold (a card number, a CVC); null keeps the body as sent. The handler
    /// still reads the body as sent, through <see cref="RequestBody"/>. Called for requests with a body, off the lock.
    /// </summary>
    protected virtual string? JournalBody(string method, string path, string body) => null;

    /// <summary>Whether <see cref="JournalBody"/> is to be called at all (false: bodies are never buffered by the kit).</summary>
    protected virtual bool MasksJournalBodies => false;

    /// <summary>The request's body as the client sent it, also when <see cref="JournalBody"/> masked the journal's copy.</summary>
    protected static string RequestBody(IRequestMessage request, HttpContext context) =>
        context.Items.TryGetValue(OriginalBodyKey, out var original) && original is string body ? body : SimWire.Body(request);

    /// <summary>What the simulator forgets besides the kit's state on reset (the kit's lock is held).</summary>
    protected virtual void OnReset()
    {
    }

    /// <summary>
    /// Forgets transactions, callbacks, overrides, faults, callback modes and the request journal, and cancels the
    /// callbacks still scheduled. The clock stays where it is; the simulator keeps what <see cref="OnReset"/> keeps.
    /// </summary>
    public void Reset()
    {
        CancellationTokenSource previous;
        lock (Gate)
        {
            previous = _epoch;
            _epoch = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
            Store.Clear();
            _callbacks.Clear();
            _overrides.Clear();
            _faults.Clear();
            _referenceModes.Clear();
            _callbackMode = CallbackMode.Normal;
            _lateBy = null;
            OnReset();
        }

        // Not disposed: the records of the old epoch still hold its (now cancelled) token.
        previous.Cancel();
        Server.ResetLogEntries();
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _server?.Stop();
        _server?.Dispose();
        _callbackClient.Dispose();
        _epoch.Dispose();
        _lifetime.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Forces the outcome of the requests it matches (first added, first tried); returns its id.</summary>
    public string AddOverride(SimOverride<TOutcome> forced)
    {
        lock (Gate)
        {
            var id = $"ovr_{++_overrideSequence}";
            _overrides.Add(new OverrideEntry(id, forced, forced.Uses ?? forced.Match.NextCalls));
            return id;
        }
    }

    public void ClearOverrides()
    {
        lock (Gate)
        {
            _overrides.Clear();
        }
    }

    /// <summary>Makes the next <see cref="SimFault.Count"/> calls matching the fault fail.</summary>
    public void AddFault(SimFault fault)
    {
        lock (Gate)
        {
            _faults.Add(new FaultEntry(fault, fault.Count));
        }
    }

    public void ClearFaults()
    {
        lock (Gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Sets how callbacks go out: for one reference when given, else for every later transaction.</summary>
    public void SetCallbackMode(CallbackMode mode, TimeSpan? lateBy = null, string? referenceId = null)
    {
        lock (Gate)
        {
            if (referenceId is not null)
            {
                _referenceModes[referenceId] = (mode, lateBy);
            }
            else
            {
                _callbackMode = mode;
                _lateBy = lateBy;
            }
        }
    }

    /// <summary>Moves the simulator clock forward, as <c>POST /__sim/clock/advance</c> does.</summary>
    public void AdvanceClock(TimeSpan by) => Clock.Advance(by);

    /// <summary>
    /// Resolves a transaction by hand and sends its callback under its mode; the scheduled one never follows.
    /// Null record: unknown reference; a problem: a status the provider does not have.
    /// </summary>
    public async Task<(TRecord? Record, string? Problem)> ResolveAsync(string reference, string status, string? reason = null)
    {
        TRecord? record;
        lock (Gate)
        {
            if (!Store.TryGet(reference, out record))
            {
                return (null, null);
            }

            if (!TryResolve(record, status, reason, out var problem))
            {
                return (record, problem);
            }

            record.FinalNotified = true;
        }

        var delivery = DeliverAsync(record, record.CallbackMode == CallbackMode.Late ? record.LateBy : TimeSpan.Zero, record.Epoch);
        if (record.CallbackMode != CallbackMode.Late)
        {
            await delivery;
        }

        return (record, null);
    }

    /// <summary>Sends the current state of a transaction to its callback URL once more, whatever the mode.</summary>
    public async Task<SentCallback?> ResendCallbackAsync(string reference)
    {
        OutgoingCallback? callback;
        lock (Gate)
        {
            if (!Store.TryGet(reference, out var record) || (callback = BuildCallback(record, stale: false)) is null)
            {
                return null;
            }
        }

        return await SendCallbackAsync(reference, callback, _lifetime.Token);
    }

    /// <summary>The first override matching <paramref name="facts"/>, used up by one; null when none matches.</summary>
    protected TOutcome? TakeOverride(OverrideFacts facts)
    {
        lock (Gate)
        {
            foreach (var entry in _overrides)
            {
                var match = entry.Override.Match;
                if ((match.Reference is not null && !string.Equals(match.Reference, facts.Reference, StringComparison.OrdinalIgnoreCase))
                    || (match.Phone is not null && SimWire.LastNineDigits(match.Phone) != SimWire.LastNineDigits(facts.Phone))
                    || (match.Amount is not null && match.Amount != facts.Amount)
                    || (match.Document is not null && match.Document != facts.Document)
                    || (match.Operation is not null && !string.Equals(match.Operation, facts.Operation, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (entry.Remaining is not null && --entry.Remaining <= 0)
                {
                    _overrides.Remove(entry);
                }

                return entry.Override.Outcome;
            }

            return null;
        }
    }

    /// <summary>The callback mode of a new transaction: its reference's, else an override's, else the global one.</summary>
    protected (CallbackMode Mode, TimeSpan LateBy) CallbackModeFor(string reference, CallbackMode? forced)
    {
        lock (Gate)
        {
            var (mode, lateBy) = _referenceModes.TryGetValue(reference, out var byReference)
                ? byReference
                : (forced ?? _callbackMode, forced is null ? _lateBy : null);
            return (mode, lateBy ?? Options.DefaultLateCallbackDelay);
        }
    }

    /// <summary>
    /// Call once a creation is stored, before replying. In <see cref="CallbackMode.Early"/> the callback is answered
    /// before this returns (so before the reply); else, with <paramref name="scheduleFinal"/>, the final callback is
    /// scheduled at <see cref="SimTransaction.FinalAt"/> (plus <see cref="SimTransaction.LateBy"/> when late), never
    /// before the reply has gone out.
    /// </summary>
    protected async Task AcceptedAsync(TRecord record, HttpContext context, bool scheduleFinal)
    {
        context.Response.OnCompleted(() =>
        {
            record.ReplySent.TrySetResult();
            return Task.CompletedTask;
        });
        context.RequestAborted.Register(() => record.ReplySent.TrySetResult());

        if (record.CallbackMode == CallbackMode.Early)
        {
            lock (Gate)
            {
                record.FinalNotified = true;
            }

            await DeliverAsync(record, TimeSpan.Zero, record.Epoch);
        }
        else if (scheduleFinal)
        {
            _ = ScheduleCallbackAsync(record, record.Epoch);
        }
    }

    /// <summary>A provider endpoint: a WireMock mapping (so the request journal counts it) that QA faults can break.</summary>
    protected void Serve(IRequestBuilder request, Func<IRequestMessage, HttpContext, Task<IResponseMessage>> handle) =>
        ServeRaw(request, (r, c) => WithFaultsAsync(r, c, handle));

    /// <summary>A synchronous provider endpoint.</summary>
    protected void Serve(IRequestBuilder request, Func<IRequestMessage, IResponseMessage> handle) =>
        Serve(request, (r, _) => Task.FromResult(handle(r)));

    /// <summary>A mapping no fault touches (the controls).</summary>
    private void ServeRaw(IRequestBuilder request, Func<IRequestMessage, HttpContext, Task<IResponseMessage>> handle) =>
        Server.Given(request).RespondWith(Response.Create().WithCallback(request =>
            handle(request, _httpContext.Value ?? throw new InvalidOperationException("no HttpContext captured"))));

    private async Task ScheduleCallbackAsync(TRecord record, CancellationToken ct)
    {
        try
        {
            // The timer is armed here, synchronously while the creation request is still being answered: a test that
            // moves the fake clock as soon as it has the reply cannot slip between reading the clock and arming it.
            var due = Clock.WaitUntilAsync(record.FinalAt + (record.CallbackMode == CallbackMode.Late ? record.LateBy : TimeSpan.Zero), ct);
            await record.ReplySent.Task.WaitAsync(ct);
            await due;
            lock (Gate)
            {
                if (record.FinalNotified)
                {
                    return;
                }

                record.FinalNotified = true;
            }

            await DeliverAsync(record, TimeSpan.Zero, ct);
        }
        catch (OperationCanceledException)
        {
            // Reset or disposal: a scheduled callback is dropped.
        }
    }

    private async Task DeliverAsync(TRecord record, TimeSpan after, CancellationToken ct)
    {
        try
        {
            if (after > TimeSpan.Zero)
            {
                await Clock.WaitUntilAsync(Clock.GetUtcNow() + after, ct);
            }

            OutgoingCallback? final, stale = null;
            lock (Gate)
            {
                final = BuildCallback(record, stale: false);
                if (record.CallbackMode == CallbackMode.OutOfOrder)
                {
                    stale = BuildCallback(record, stale: true);
                }
            }

            if (final is null || record.CallbackMode == CallbackMode.Drop)
            {
                return;
            }

            await SendCallbackAsync(record.Reference, final, ct);
            if (record.CallbackMode == CallbackMode.Duplicate)
            {
                await SendCallbackAsync(record.Reference, final, ct);
            }
            else if (stale is not null)
            {
                await SendCallbackAsync(record.Reference, stale, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // Reset or disposal while waiting.
        }
    }

    /// <summary>One callback, never retried; the hub's answer is recorded.</summary>
    private async Task<SentCallback> SendCallbackAsync(string reference, OutgoingCallback callback, CancellationToken ct)
    {
        int? statusCode = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(callback.Method), callback.Url)
            {
                Content = new StringContent(callback.Body, Encoding.UTF8, callback.ContentType),
            };
            foreach (var (name, value) in callback.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await _callbackClient.SendAsync(request, ct);
            statusCode = (int)response.StatusCode;
        }
        catch (HttpRequestException ex)
        {
            error = ex.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            error = $"the hub did not answer within {Options.CallbackTimeout.TotalSeconds:0} s";
        }

        var sent = new SentCallback(reference, callback.Url, callback.Method, callback.Body, statusCode, error, Clock.GetUtcNow());
        lock (Gate)
        {
            _callbacks.Add(sent);
        }

        return sent;
    }

    private async Task<IResponseMessage> WithFaultsAsync(
        IRequestMessage request, HttpContext context, Func<IRequestMessage, HttpContext, Task<IResponseMessage>> handle)
    {
        SimFault? fault = null;
        lock (Gate)
        {
            var entry = _faults.FirstOrDefault(f => f.Matches(request.Method, request.Path));
            if (entry is not null)
            {
                fault = entry.Fault;
                if (--entry.Remaining <= 0)
                {
                    _faults.Remove(entry);
                }
            }
        }

        if (fault is null)
        {
            return await handle(request, context);
        }

        if (fault.Kind == FaultKind.Latency)
        {
            await HoldAsync(TimeSpan.FromSeconds(fault.DelaySeconds), context);
            return await handle(request, context);
        }

        if (fault.CommitThenFail)
        {
            // The operation happens (transaction stored, callback scheduled); only its reply is lost.
            await handle(request, context);
        }

        switch (fault.Kind)
        {
            case FaultKind.Timeout:
                await HoldAsync(fault.DelaySeconds > 0 ? TimeSpan.FromSeconds(fault.DelaySeconds) : Options.TimeoutFaultDelay, context);
                return FaultReply(fault);
            case FaultKind.ConnectionReset:
                context.Abort();
                return SimWire.Empty(500);
            case FaultKind.EmptyResponse:
                return new ResponseMessage { StatusCode = 200, FaultType = FaultType.EMPTY_RESPONSE };
            default:
                return FaultReply(fault);
        }
    }

    /// <summary>Holds a reply on the simulator clock; the client going away or disposal ends the wait.</summary>
    private async Task HoldAsync(TimeSpan delay, HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _lifetime.Token);
        try
        {
            await Clock.WaitUntilAsync(Clock.GetUtcNow() + delay, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up first, which is the point of a timeout fault.
        }
    }

    /// <summary>
    /// One request through Kestrel, WireMock and the kit before the simulator is handed out: the first request to a
    /// new server pays for JIT and start-up (seconds on a loaded machine), which must not land on a provider call a
    /// client times out on. The journal is cleared afterwards.
    /// </summary>
    private void WarmUp()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var reply = client.GetAsync(new Uri(new Uri(Url), "/__sim/clock")).GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            // Not fatal: the simulator answers once it can.
        }
        catch (TaskCanceledException)
        {
        }

        // WireMock journals a request once its reply is out, which can be after the client has it.
        for (var i = 0; i < 200 && !Server.LogEntries.Any(); i++)
        {
            Thread.Sleep(10);
        }

        Server.ResetLogEntries();
    }

    private const string OriginalBodyKey = "Simulators.Kit.OriginalBody";

    // Before WireMock reads the request: the journal gets JournalBody's copy, the handler the original (in Items).
    private async Task MaskForJournalAsync(HttpContext context)
    {
        var request = context.Request;
        if (!MasksJournalBodies || request.Path.StartsWithSegments("/__sim") || request.Path.StartsWithSegments("/__admin")
            || request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var masked = JournalBody(request.Method, request.Path.Value ?? "", body);
        var bytes = Encoding.UTF8.GetBytes(masked ?? body);
        if (masked is not null)
        {
            context.Items[OriginalBodyKey] = body;
        }

        request.Body = new MemoryStream(bytes);
        request.ContentLength = bytes.Length;
    }

    private static int FreePort(string host)
    {
        var address = IPAddress.TryParse(host, out var parsed) ? parsed : IPAddress.Loopback;
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class OverrideEntry(string id, SimOverride<TOutcome> forced, int? remaining)
    {
        public string Id { get; } = id;

        public SimOverride<TOutcome> Override { get; } = forced;

        public int? Remaining { get; set; } = remaining;
    }

    private sealed class FaultEntry(SimFault fault, int remaining)
    {
        public SimFault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;

        public bool Matches(string method, string path)
        {
            if (Fault.Method is { } wanted && !string.Equals(wanted, method, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (Fault.Path == "*")
            {
                return !path.StartsWith("/__", StringComparison.Ordinal);
            }

            var prefix = Fault.Path.TrimEnd('/');
            var actual = path.TrimEnd('/');
            return string.Equals(actual, prefix, StringComparison.OrdinalIgnoreCase)
                || actual.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase);
        }
    }
}
