using Microsoft.Extensions.Configuration;
using Simulators.Kit;
using WireMock;

namespace Simulators.OrangeMoney;

/// <summary>
/// Orange Money Cameroon's WSO2 token and OM core merchant-payment API (mp and cashin) in Orange's wire format
/// (PROVIDERS.md §4), with the sandbox outcome rules of <see cref="OrangeMoneyOutcomeRules"/>, on the simulator kit.
/// A transaction is addressed by its payToken (<c>/__sim/transactions/{payToken}</c>); overrides match its orderId.
/// </summary>
public sealed partial class OrangeMoneySimulator : Simulator<OrangeMoneyRecord, OrangeMoneyOverrideOutcome>
{
    private readonly OrangeMoneySimulatorOptions _options;
    private readonly Dictionary<string, OrangeMoneyInit> _inits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private long _nextId = 48_463_325;

    private OrangeMoneySimulator(OrangeMoneySimulatorOptions options)
        : base(options) => _options = options;

    public override string Id => OrangeMoneyDefinition.SimulatorId;

    /// <summary>Every accepted pay call, oldest first, with its status on the simulator's clock now.</summary>
    public IReadOnlyList<SimulatedOrangeTransaction> Transactions
    {
        get
        {
            lock (Gate)
            {
                var now = Clock.GetUtcNow();
                return [.. Store.All.Select(t => Show(t, now))];
            }
        }
    }

    /// <summary>How many payTokens mp/init and cashin/init gave (paid or not).</summary>
    public int InitCount
    {
        get
        {
            lock (Gate)
            {
                return _inits.Count;
            }
        }
    }

    public static OrangeMoneySimulator Start(OrangeMoneySimulatorOptions options)
    {
        var simulator = new OrangeMoneySimulator(options);
        simulator.StartServer();
        return simulator;
    }

    /// <summary>Makes every access token issued so far invalid: the next omcoreapis call gets WSO2's 401.</summary>
    public void ExpireTokens()
    {
        lock (Gate)
        {
            _tokens.Clear();
        }
    }

    protected override void MapControls() => AddControl("POST", "/__sim/tokens/expire", _ =>
    {
        ExpireTokens();
        return SimWire.Empty(204);
    });

    // Tokens survive a reset (a connector keeps its cache across tests); the payTokens do not.
    protected override void OnReset() => _inits.Clear();

    protected override object Snapshot(OrangeMoneyRecord record, DateTimeOffset now) => Show(record, now);

    /// <summary>The notification, unsigned, POSTed to notifUrl exactly as given; the stale one is PENDING.</summary>
    protected override OutgoingCallback? BuildCallback(OrangeMoneyRecord record, bool stale)
    {
        if (record.NotifUrl is null)
        {
            return null;
        }

        var (status, _, message) = stale ? ("PENDING", null, null) : record.StatusAt(Clock.GetUtcNow());
        return new OutgoingCallback(record.NotifUrl, "POST", OrangeMoneyWire.Notification(record, status, message));
    }

    protected override bool TryResolve(OrangeMoneyRecord record, string status, string? reason, out string problem)
    {
        problem = "status must be SUCCESSFULL, FAILED, EXPIRED or PENDING.";
        if (status is not ("SUCCESSFULL" or "FAILED" or "EXPIRED" or "PENDING"))
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
            case FaultKind.Status401:
                return OrangeMoneyWire.InvalidCredentials();
            case FaultKind.Status429:
                var throttled = OrangeMoneyWire.Fault(429, 900802, "Message throttled out",
                    "You have exceeded your quota");
                throttled.AddHeader("Retry-After", fault.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return throttled;
            case FaultKind.Status503:
                return OrangeMoneyWire.Fault(503, 101503, "Runtime Error", "Error connecting to the back end");
            case FaultKind.Status500 when fault.Code is not null:
                return OrangeMoneyWire.Error(500, $"{fault.Code} :: Erreur interne");
            default:
                return base.FaultReply(fault);
        }
    }

    private static SimulatedOrangeTransaction Show(OrangeMoneyRecord record, DateTimeOffset now)
    {
        var (status, code, _) = record.StatusAt(now);
        return new SimulatedOrangeTransaction(record.Reference, record.Operation, record.OrderId, record.Amount,
            record.SubscriberMsisdn, record.ChannelUserMsisdn, record.Description, record.NotifUrl, record.CreatedAt, status,
            code, record.TxnId, record.Outcome.Rule, record.Pushes, record.CallbackMode);
    }
}

/// <summary>How simulators/Host finds and starts the Orange Money simulator (setting: <c>TokenLifetimeSeconds</c>).</summary>
public sealed class OrangeMoneyDefinition : ISimulatorDefinition
{
    public const string SimulatorId = "orange_money";

    public string Id => SimulatorId;

    public ISimulator Start(int port, string host, IConfiguration settings) => OrangeMoneySimulator.Start(new OrangeMoneySimulatorOptions
    {
        Port = port,
        Host = host,
        TokenLifetime = int.TryParse(settings["TokenLifetimeSeconds"], out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(2496),
    });
}
