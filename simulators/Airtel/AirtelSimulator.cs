using Microsoft.Extensions.Configuration;
using Simulators.Kit;
using WireMock;

namespace Simulators.Airtel;

/// <summary>
/// Airtel Money's Open API in Airtel's wire format (PROVIDERS.md §5): the JSON OAuth token, collections (USSD push),
/// their status, full refunds, disbursements, KYC, and the portal's collection callback with its hash, with the sandbox
/// outcome rules of <see cref="AirtelOutcomeRules"/>, on the simulator kit. A transaction is addressed by its
/// transaction.id (<c>/__sim/transactions/{id}</c>); a refund by <c>refund:{airtel_money_id}</c>.
/// </summary>
public sealed partial class AirtelSimulator : Simulator<AirtelRecord, AirtelOverrideOutcome>
{
    private readonly AirtelSimulatorOptions _options;
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private AirtelPortal _portal;

    private AirtelSimulator(AirtelSimulatorOptions options)
        : base(options)
    {
        _options = options;
        _portal = new AirtelPortal
        {
            CallbackUrl = options.CallbackUrl,
            HashSecret = options.HashSecret,
            CallbackAuthentication = options.CallbackAuthentication,
        };
    }

    public override string Id => AirtelDefinition.SimulatorId;

    /// <summary>Every accepted transaction, oldest first, with its status on the simulator's clock now.</summary>
    public IReadOnlyList<SimulatedAirtelTransaction> Transactions
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

    /// <summary>The portal settings now.</summary>
    public AirtelPortal Portal
    {
        get
        {
            lock (Gate)
            {
                return _portal;
            }
        }
    }

    public static AirtelSimulator Start(AirtelSimulatorOptions options)
    {
        var simulator = new AirtelSimulator(options);
        simulator.StartServer();
        return simulator;
    }

    /// <summary>Changes the portal settings given (the callback URL, the hash secret, "callback with authentication").</summary>
    public AirtelPortal SetPortal(AirtelPortal changes)
    {
        lock (Gate)
        {
            _portal = new AirtelPortal
            {
                CallbackUrl = changes.CallbackUrl ?? _portal.CallbackUrl,
                HashSecret = changes.HashSecret ?? _portal.HashSecret,
                CallbackAuthentication = changes.CallbackAuthentication ?? _portal.CallbackAuthentication,
            };
            return _portal;
        }
    }

    /// <summary>Makes every access token issued so far invalid: the next call gets the gateway's 401.</summary>
    public void ExpireTokens()
    {
        lock (Gate)
        {
            _tokens.Clear();
        }
    }

    protected override void MapControls()
    {
        AddControl("POST", "/__sim/tokens/expire", _ =>
        {
            ExpireTokens();
            return SimWire.Empty(204);
        });
        AddControl("GET", "/__sim/portal", _ => SimWire.Object(200, Portal));
        AddControl("POST", "/__sim/portal", control =>
        {
            if (!control.TryRead<AirtelPortal>(out var changes, out var problem))
            {
                return problem;
            }

            if (changes.CallbackUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                return SimWire.Problem(400, "INVALID_CONTROL", "callbackUrl must be an absolute URL.");
            }

            return SimWire.Object(200, SetPortal(changes));
        });
    }

    // Tokens and the portal survive a reset (a connector keeps its cache across tests; the portal is Airtel's).
    protected override object Snapshot(AirtelRecord record, DateTimeOffset now) => Show(record, now);

    /// <summary>
    /// The collection callback to the portal's URL, with the hash when "callback with authentication" is on; only for
    /// a collection's TS or TF (disbursements and refunds have none here), and no stale one (Airtel sends TS or TF only).
    /// </summary>
    protected override OutgoingCallback? BuildCallback(AirtelRecord record, bool stale)
    {
        var portal = _portal;
        var (status, _) = record.StatusAt(Clock.GetUtcNow());
        if (stale || portal.CallbackUrl is null || record.Operation != AirtelOutcomeRules.Collection
            || status is not (AirtelWire.Successful or AirtelWire.Failed))
        {
            return null;
        }

        var transaction = AirtelWire.CallbackTransaction(record.TransactionId, record.MessageAt(Clock.GetUtcNow()), status,
            record.AirtelMoneyId);
        var secret = portal.CallbackAuthentication == true ? portal.HashSecret : null;
        return new OutgoingCallback(portal.CallbackUrl, "POST", AirtelWire.CallbackBody(transaction, secret));
    }

    protected override bool TryResolve(AirtelRecord record, string status, string? reason, out string problem)
    {
        problem = "status must be TS, TF, TA or TIP.";
        if (status is not (AirtelWire.Successful or AirtelWire.Failed or AirtelWire.Ambiguous or AirtelWire.InProgress))
        {
            return false;
        }

        record.Resolve(status, status == AirtelWire.Failed ? reason ?? AirtelOutcomeRules.Refused : reason);
        return true;
    }

    protected override IResponseMessage FaultReply(SimFault fault) => fault.Kind switch
    {
        FaultKind.Status401 => AirtelWire.InvalidToken(),
        FaultKind.Status500 when fault.Code is not null => AirtelWire.Error(fault.Code, "Internal Server Error", httpStatus: 500),
        _ => base.FaultReply(fault),
    };

    private static SimulatedAirtelTransaction Show(AirtelRecord record, DateTimeOffset now)
    {
        var (status, code) = record.StatusAt(now);
        return new SimulatedAirtelTransaction(record.Reference, record.Operation, record.TransactionId, record.AirtelMoneyId,
            record.Amount, record.Msisdn, record.ReferenceText, record.CreatedAt, status, code, record.MessageAt(now),
            record.Outcome.Rule, record.RefundOf, record.Refunded, record.CallbackMode);
    }
}

/// <summary>
/// How simulators/Host finds and starts the Airtel simulator (settings: <c>TokenLifetimeSeconds</c>, <c>CallbackUrl</c>,
/// <c>HashSecret</c>, <c>CallbackAuthentication</c>).
/// </summary>
public sealed class AirtelDefinition : ISimulatorDefinition
{
    public const string SimulatorId = "airtel_money";

    public string Id => SimulatorId;

    public ISimulator Start(int port, string host, IConfiguration settings) => AirtelSimulator.Start(new AirtelSimulatorOptions
    {
        Port = port,
        Host = host,
        TokenLifetime = int.TryParse(settings["TokenLifetimeSeconds"], out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(180),
        CallbackUrl = string.IsNullOrWhiteSpace(settings["CallbackUrl"]) ? null : settings["CallbackUrl"],
        HashSecret = string.IsNullOrWhiteSpace(settings["HashSecret"]) ? AirtelWire.DefaultHashSecret : settings["HashSecret"]!,
        CallbackAuthentication = !bool.TryParse(settings["CallbackAuthentication"], out var on) || on,
    });
}
