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

namespace Simulators.MtnMomo;

/// <summary>
/// MTN MoMo's collection and disbursement APIs on a WireMock server, in MTN's wire format (PROVIDERS.md §3), with the
/// sandbox outcome rules of <see cref="MtnMomoOutcomeRules"/> and QA controls at <c>/__sim</c>.
/// </summary>
public sealed partial class MtnMomoSimulator : IDisposable
{
    private readonly Lock _gate = new();
    private readonly MtnMomoSimulatorOptions _options;
    private readonly TimeProvider _clock;
    private readonly HttpClient _callbackClient;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly List<TransactionRecord> _transactionList = [];
    private readonly Dictionary<string, TransactionRecord> _transactions = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SentCallback> _callbacks = [];
    private readonly List<OverrideEntry> _overrides = [];
    private readonly List<FaultEntry> _faults = [];
    private readonly Dictionary<string, (MtnMomoCallbackMode Mode, TimeSpan? LateBy)> _referenceModes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ApiUserRecord> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenGrant> _tokens = new(StringComparer.Ordinal);
    private MtnMomoCallbackMode _callbackMode = MtnMomoCallbackMode.Normal;
    private TimeSpan? _lateBy;
    private int _overrideSequence;

    // The request's HttpContext, captured by a middleware ahead of WireMock's: a WithCallback handler needs it to wait
    // for its reply to be sent (Response.OnCompleted) and to reset the connection (Abort). An instance, not a static.
    private readonly AsyncLocal<HttpContext?> _httpContext;

    // Replaced by Reset, so callbacks still scheduled from before a reset never go out.
    private CancellationTokenSource _epoch;

    private MtnMomoSimulator(MtnMomoSimulatorOptions options, WireMockServer server, string url, AsyncLocal<HttpContext?> httpContext)
    {
        _httpContext = httpContext;
        _options = options;
        _clock = options.Clock;
        Server = server;
        Url = url;
        _epoch = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _callbackClient = options.CallbackHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient();
        _callbackClient.Timeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>The base URL, e.g. http://127.0.0.1:5101.</summary>
    public string Url { get; }

    /// <summary>The WireMock server: its request journal (<c>LogEntries</c>) counts the calls made to MTN.</summary>
    public WireMockServer Server { get; }

    /// <summary>Every accepted transaction, oldest first, with its status on the simulator's clock now.</summary>
    public IReadOnlyList<SimulatedTransaction> Transactions
    {
        get
        {
            var now = _clock.GetUtcNow();
            lock (_gate)
            {
                return [.. _transactionList.Select(t => t.Snapshot(now))];
            }
        }
    }

    /// <summary>Every callback sent, in the order the hub answered them.</summary>
    public IReadOnlyList<SentCallback> Callbacks
    {
        get
        {
            lock (_gate)
            {
                return [.. _callbacks];
            }
        }
    }

    public static MtnMomoSimulator Start(MtnMomoSimulatorOptions options)
    {
        var port = options.Port != 0 ? options.Port : FreePort(options.Host);
        var url = $"http://{options.Host}:{port}";
        var httpContext = new AsyncLocal<HttpContext?>();
        var server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [url],
            StartAdminInterface = true,
            Logger = new WireMockNullLogger(),
            // Bodies are read with System.Text.Json, byte for byte as sent.
            DisableJsonBodyParsing = true,
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(async (context, next) =>
            {
                httpContext.Value = context;
                await next(context);
            }),
        });

        var simulator = new MtnMomoSimulator(options, server, url, httpContext);
        simulator.MapMtnEndpoints();
        simulator.MapControls();
        return simulator;
    }

    /// <summary>
    /// Forgets transactions, callbacks, overrides, faults, callback modes and the request journal, and cancels the
    /// callbacks still scheduled. API users and tokens stay, as they would in MTN's portal.
    /// </summary>
    public void Reset()
    {
        CancellationTokenSource previous;
        lock (_gate)
        {
            previous = _epoch;
            _epoch = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
            _transactionList.Clear();
            _transactions.Clear();
            _callbacks.Clear();
            _overrides.Clear();
            _faults.Clear();
            _referenceModes.Clear();
            _callbackMode = MtnMomoCallbackMode.Normal;
            _lateBy = null;
        }

        previous.Cancel();
        previous.Dispose();
        Server.ResetLogEntries();
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        Server.Stop();
        Server.Dispose();
        _callbackClient.Dispose();
        _epoch.Dispose();
        _lifetime.Dispose();
    }

    /// <summary>Forces the outcome of the requests it matches (first added, first tried); returns its id.</summary>
    public string AddOverride(MtnMomoOverride forced)
    {
        lock (_gate)
        {
            var id = $"ovr_{++_overrideSequence}";
            _overrides.Add(new OverrideEntry(id, forced, forced.Uses ?? forced.Match.NextCalls));
            return id;
        }
    }

    public void ClearOverrides()
    {
        lock (_gate)
        {
            _overrides.Clear();
        }
    }

    /// <summary>Makes the next <see cref="MtnMomoFault.Count"/> calls matching the fault fail.</summary>
    public void AddFault(MtnMomoFault fault)
    {
        lock (_gate)
        {
            _faults.Add(new FaultEntry(fault, fault.Count));
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    /// <summary>Sets how callbacks go out: for one reference when given, else for every later transaction.</summary>
    public void SetCallbackMode(MtnMomoCallbackMode mode, TimeSpan? lateBy = null, string? referenceId = null)
    {
        lock (_gate)
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

    /// <summary>Resolves a transaction by hand (SUCCESSFUL, FAILED or PENDING) and sends its callback under its mode.</summary>
    public async Task<SimulatedTransaction?> ResolveAsync(string referenceId, string status, string? reason = null)
    {
        TransactionRecord? record;
        CancellationToken epoch;
        lock (_gate)
        {
            if (!_transactions.TryGetValue(referenceId, out record))
            {
                return null;
            }

            record.Resolve(status, reason);
            record.FinalNotified = true;
            epoch = _epoch.Token;
        }

        if (record.CallbackUrl is not null)
        {
            var delivery = DeliverAsync(record, record.CallbackMode == MtnMomoCallbackMode.Late ? record.LateBy : TimeSpan.Zero, epoch);
            if (record.CallbackMode != MtnMomoCallbackMode.Late)
            {
                await delivery;
            }
        }

        return Snapshot(record);
    }

    /// <summary>Sends the current status of a transaction to its callback URL once more, whatever the mode.</summary>
    public async Task<SentCallback?> ResendCallbackAsync(string referenceId)
    {
        string body;
        TransactionRecord? record;
        lock (_gate)
        {
            if (!_transactions.TryGetValue(referenceId, out record) || record.CallbackUrl is null)
            {
                return null;
            }

            var (status, reason) = record.StatusAt(_clock.GetUtcNow(), asked: false);
            body = MtnMomoWire.StatusObject(record, status, reason);
        }

        return await SendCallbackAsync(record, body, _lifetime.Token);
    }

    /// <summary>Makes every token issued so far invalid, as if it had expired: the next business call gets a 401.</summary>
    public void ExpireTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>Creates or updates a sandbox API user, as <c>POST /v1_0/apiuser</c> and <c>/apikey</c> would.</summary>
    public void ProvisionUser(string apiUser, string providerCallbackHost, string? apiKey = null)
    {
        lock (_gate)
        {
            _users[apiUser] = new ApiUserRecord(providerCallbackHost) { ApiKey = apiKey };
        }
    }

    private SimulatedTransaction Snapshot(TransactionRecord record)
    {
        lock (_gate)
        {
            return record.Snapshot(_clock.GetUtcNow());
        }
    }

    /// <summary>An MTN endpoint: a WireMock mapping (so the request journal counts it) that QA faults can break.</summary>
    private void Serve(IRequestBuilder request, Func<IRequestMessage, HttpContext, Task<IResponseMessage>> handle) =>
        ServeControl(request, (r, c) => WithFaultsAsync(r, c, handle));

    private void ServeControl(IRequestBuilder request, Func<IRequestMessage, HttpContext, Task<IResponseMessage>> handle) =>
        Server.Given(request).RespondWith(Response.Create().WithCallback(request =>
            handle(request, _httpContext.Value ?? throw new InvalidOperationException("no HttpContext captured"))));

    /// <summary>Waits on the simulator clock until <paramref name="at"/>; a FakeTimeProvider moves it in tests.</summary>
    private async Task DelayUntilAsync(DateTimeOffset at, CancellationToken ct)
    {
        for (var wait = at - _clock.GetUtcNow(); wait > TimeSpan.Zero; wait = at - _clock.GetUtcNow())
        {
            await Task.Delay(wait, _clock, ct);
        }
    }

    /// <summary>
    /// Waits for the creation reply to go out, then for the outcome (plus a late delay), then sends the callback
    /// under the transaction's mode, unless a hand resolution has already announced it.
    /// </summary>
    private async Task ScheduleCallbackAsync(TransactionRecord record, CancellationToken ct)
    {
        try
        {
            // The timer starts here, synchronously while the creation request is still being answered: a test that
            // moves the fake clock as soon as it has the 202 cannot slip between reading the clock and arming it.
            var lateBy = record.CallbackMode == MtnMomoCallbackMode.Late ? record.LateBy : TimeSpan.Zero;
            var at = record.FinalAt + lateBy;
            var due = Task.Delay(Max(at - _clock.GetUtcNow(), TimeSpan.Zero), _clock, ct);
            await record.ReplySent.Task.WaitAsync(ct);
            await due;
            await DelayUntilAsync(at, ct);
            lock (_gate)
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

    private async Task DeliverAsync(TransactionRecord record, TimeSpan after, CancellationToken ct)
    {
        try
        {
            if (after > TimeSpan.Zero)
            {
                await DelayUntilAsync(_clock.GetUtcNow() + after, ct);
            }

            string body;
            lock (_gate)
            {
                var (status, reason) = record.StatusAt(_clock.GetUtcNow(), asked: false);
                body = MtnMomoWire.StatusObject(record, status, reason);
            }

            switch (record.CallbackMode)
            {
                case MtnMomoCallbackMode.Drop:
                    return;
                case MtnMomoCallbackMode.Duplicate:
                    await SendCallbackAsync(record, body, ct);
                    await SendCallbackAsync(record, body, ct);
                    return;
                case MtnMomoCallbackMode.OutOfOrder:
                    await SendCallbackAsync(record, body, ct);
                    await SendCallbackAsync(record, MtnMomoWire.StatusObject(record, "PENDING", null), ct);
                    return;
                case MtnMomoCallbackMode.Normal:
                case MtnMomoCallbackMode.Early:
                case MtnMomoCallbackMode.Late:
                    await SendCallbackAsync(record, body, ct);
                    return;
            }
        }
        catch (OperationCanceledException)
        {
            // Reset or disposal while waiting.
        }
    }

    /// <summary>One unsigned callback, never retried (MTN sends once); the hub's answer is recorded.</summary>
    private async Task<SentCallback> SendCallbackAsync(TransactionRecord record, string body, CancellationToken ct)
    {
        var url = record.CallbackUrl!;
        int? statusCode = null;
        string? error = null;
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod(_options.CallbackMethod), url)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            using var response = await _callbackClient.SendAsync(request, ct);
            statusCode = (int)response.StatusCode;
        }
        catch (HttpRequestException ex)
        {
            error = ex.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            error = "the hub did not answer within 10 s";
        }

        var sent = new SentCallback(record.ReferenceId, url, _options.CallbackMethod, body, statusCode, error, _clock.GetUtcNow());
        lock (_gate)
        {
            _callbacks.Add(sent);
        }

        return sent;
    }

    private async Task<IResponseMessage> WithFaultsAsync(
        IRequestMessage request, HttpContext context, Func<IRequestMessage, HttpContext, Task<IResponseMessage>> handle)
    {
        MtnMomoFault? fault = null;
        lock (_gate)
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

        if (fault.Kind == MtnMomoFaultKind.Latency)
        {
            await DelayOnClockAsync(TimeSpan.FromSeconds(fault.DelaySeconds), context);
            return await handle(request, context);
        }

        if (fault.CommitThenFail)
        {
            // The operation happens (transaction stored, callback scheduled); only its reply is lost.
            await handle(request, context);
        }

        return await FaultReplyAsync(fault, context);
    }

    private async Task<IResponseMessage> FaultReplyAsync(MtnMomoFault fault, HttpContext context)
    {
        switch (fault.Kind)
        {
            case MtnMomoFaultKind.Status500:
                return fault.Code is null
                    ? MtnMomoWire.Empty(500)
                    : MtnMomoWire.Error(500, fault.Code, "An internal error occurred while processing.");
            case MtnMomoFaultKind.Status502:
                return MtnMomoWire.Empty(502);
            case MtnMomoFaultKind.Status503:
                return MtnMomoWire.Error(503, "SERVICE_UNAVAILABLE", "Service is unavailable.");
            case MtnMomoFaultKind.Status504:
                return MtnMomoWire.Empty(504);
            case MtnMomoFaultKind.Status401:
                return MtnMomoWire.Gateway(401, InvalidTokenMessage);
            case MtnMomoFaultKind.Status429:
                var throttled = MtnMomoWire.Gateway(429, $"Rate limit is exceeded. Try again in {fault.RetryAfterSeconds} seconds.");
                throttled.AddHeader("Retry-After", fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return throttled;
            case MtnMomoFaultKind.Timeout:
                await DelayOnClockAsync(fault.DelaySeconds > 0 ? TimeSpan.FromSeconds(fault.DelaySeconds) : _options.TimeoutFaultDelay, context);
                return MtnMomoWire.Empty(504);
            case MtnMomoFaultKind.ConnectionReset:
                context.Abort();
                return MtnMomoWire.Empty(500);
            case MtnMomoFaultKind.EmptyResponse:
                return new ResponseMessage { StatusCode = 200, FaultType = FaultType.EMPTY_RESPONSE };
            case MtnMomoFaultKind.Latency:
            default:
                return MtnMomoWire.Empty(500);
        }
    }

    /// <summary>Holds a reply on the simulator clock; the client going away or disposal ends the wait.</summary>
    private async Task DelayOnClockAsync(TimeSpan delay, HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _lifetime.Token);
        try
        {
            await DelayUntilAsync(_clock.GetUtcNow() + delay, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up first, which is the point of a timeout fault.
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static int FreePort(string host)
    {
        var address = IPAddress.TryParse(host, out var parsed) ? parsed : IPAddress.Loopback;
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed record OverrideEntry(string Id, MtnMomoOverride Override, int? Remaining)
    {
        public int? Remaining { get; set; } = Remaining;
    }

    private sealed class FaultEntry(MtnMomoFault fault, int remaining)
    {
        public MtnMomoFault Fault { get; } = fault;

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

    private sealed record ApiUserRecord(string ProviderCallbackHost)
    {
        public string? ApiKey { get; set; }
    }

    private sealed record TokenGrant(string ApiUser, string Product, DateTimeOffset ExpiresAt);
}
