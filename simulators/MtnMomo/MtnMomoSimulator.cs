using Microsoft.Extensions.Configuration;
using Simulators.Kit;
using WireMock;

namespace Simulators.MtnMomo;

/// <summary>
/// MTN MoMo's collection and disbursement APIs in MTN's wire format (PROVIDERS.md §3), with the sandbox outcome rules
/// of <see cref="MtnMomoOutcomeRules"/>, on the simulator kit (WireMock, clock, callbacks, faults, <c>/__sim</c>).
/// </summary>
public sealed partial class MtnMomoSimulator : Simulator<MtnMomoRecord, MtnMomoOverrideOutcome>
{
    private readonly MtnMomoSimulatorOptions _options;
    private readonly Dictionary<string, ApiUserRecord> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenGrant> _tokens = new(StringComparer.Ordinal);

    private MtnMomoSimulator(MtnMomoSimulatorOptions options)
        : base(options) => _options = options;

    public override string Id => MtnMomoDefinition.SimulatorId;

    /// <summary>Every accepted transaction, oldest first, with its status on the simulator's clock now.</summary>
    public IReadOnlyList<SimulatedTransaction> Transactions
    {
        get
        {
            lock (Gate)
            {
                var now = Clock.GetUtcNow();
                return [.. Store.All.Select(t => t.Snapshot(now))];
            }
        }
    }

    public static MtnMomoSimulator Start(MtnMomoSimulatorOptions options)
    {
        var simulator = new MtnMomoSimulator(options);
        simulator.StartServer();
        return simulator;
    }

    /// <summary>Makes the next <see cref="MtnMomoFault.Count"/> calls matching the fault fail.</summary>
    public void AddFault(MtnMomoFault fault) => AddFault(fault.ToKit());

    /// <summary>Sets how callbacks go out: for one reference when given, else for every later transaction.</summary>
    public void SetCallbackMode(MtnMomoCallbackMode mode, TimeSpan? lateBy = null, string? referenceId = null) =>
        SetCallbackMode((CallbackMode)mode, lateBy, referenceId);

    /// <summary>Makes every token issued so far invalid, as if it had expired: the next business call gets a 401.</summary>
    public void ExpireTokens()
    {
        lock (Gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>Creates or updates a sandbox API user, as <c>POST /v1_0/apiuser</c> and <c>/apikey</c> would.</summary>
    public void ProvisionUser(string apiUser, string providerCallbackHost, string? apiKey = null)
    {
        lock (Gate)
        {
            _users[apiUser] = new ApiUserRecord(providerCallbackHost) { ApiKey = apiKey };
        }
    }

    protected override void MapControls() => AddControl("POST", "/__sim/tokens/expire", _ =>
    {
        ExpireTokens();
        return SimWire.Empty(204);
    });

    protected override object Snapshot(MtnMomoRecord record, DateTimeOffset now) => record.Snapshot(now);

    /// <summary>The status object, unsigned, to X-Callback-Url exactly as given; the stale one is PENDING.</summary>
    protected override OutgoingCallback? BuildCallback(MtnMomoRecord record, bool stale)
    {
        if (record.CallbackUrl is null)
        {
            return null;
        }

        var (status, reason) = stale ? ("PENDING", null) : record.StatusAt(Clock.GetUtcNow(), asked: false);
        return new OutgoingCallback(record.CallbackUrl, _options.CallbackMethod, MtnMomoWire.StatusObject(record, status, reason));
    }

    protected override bool TryResolve(MtnMomoRecord record, string status, string? reason, out string problem)
    {
        problem = "status must be SUCCESSFUL, FAILED or PENDING.";
        if (status is not ("SUCCESSFUL" or "FAILED" or "PENDING"))
        {
            return false;
        }

        record.Resolve(status, reason);
        return true;
    }

    protected override IResponseMessage FaultReply(SimFault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Status500 when fault.Code is not null:
                return MtnMomoWire.Error(500, fault.Code, "An internal error occurred while processing.");
            case FaultKind.Status503:
                return MtnMomoWire.Error(503, "SERVICE_UNAVAILABLE", "Service is unavailable.");
            case FaultKind.Status401:
                return MtnMomoWire.Gateway(401, InvalidTokenMessage);
            case FaultKind.Status429:
                var throttled = MtnMomoWire.Gateway(429, $"Rate limit is exceeded. Try again in {fault.RetryAfterSeconds} seconds.");
                throttled.AddHeader("Retry-After", fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return throttled;
            default:
                return base.FaultReply(fault);
        }
    }

    private sealed record ApiUserRecord(string ProviderCallbackHost)
    {
        public string? ApiKey { get; set; }
    }

    private sealed record TokenGrant(string ApiUser, string Product, DateTimeOffset ExpiresAt);
}

/// <summary>How simulators/Host finds and starts the MTN simulator (settings: <c>ProviderCallbackHost</c>).</summary>
public sealed class MtnMomoDefinition : ISimulatorDefinition
{
    public const string SimulatorId = "mtn_momo";

    public string Id => SimulatorId;

    public ISimulator Start(int port, string host, IConfiguration settings) => MtnMomoSimulator.Start(new MtnMomoSimulatorOptions
    {
        Port = port,
        Host = host,
        ProviderCallbackHost = settings["ProviderCallbackHost"] ?? "localhost",
    });
}
