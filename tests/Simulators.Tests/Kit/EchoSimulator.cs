using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Simulators.Kit;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Simulators.Tests.Kit;

/// <summary>
/// The smallest simulator on the kit, as a new provider's author would write one: a wire format (POST /pay, GET
/// /pay/{ref}, POST /token), a pure outcome rule, a callback body and one extra control. The kit tests drive it.
/// </summary>
public sealed class EchoSimulator : Simulator<EchoRecord, EchoOutcome>
{
    private EchoSimulator(SimulatorOptions options)
        : base(options)
    {
    }

    public override string Id => "echo";

    public static EchoSimulator Start(SimulatorOptions options)
    {
        var simulator = new EchoSimulator(options);
        simulator.StartServer();
        return simulator;
    }

    /// <summary>Even amount: PAID after (amount % 100) s; odd: FAILED at once; an override's outcome wins.</summary>
    public static (string Status, TimeSpan Delay, string Rule) Decide(long amount, EchoOutcome? forced) =>
        forced is not null ? (forced.Status, TimeSpan.FromSeconds(forced.DelaySeconds), "override")
        : amount % 2 == 0 ? ("PAID", TimeSpan.FromSeconds(amount % 100), "amount_even")
        : ("FAILED", TimeSpan.Zero, "amount_odd");

    protected override void MapEndpoints()
    {
        Serve(Request.Create().WithPath("/token").UsingPost(), _ => SimWire.Raw(200, """{"token":"t"}"""));
        Serve(Request.Create().WithPath("/pay").UsingPost(), async (request, context) =>
        {
            var pay = JsonSerializer.Deserialize<PayBody>(SimWire.Body(request), SimWire.Json)!;
            EchoRecord record;
            lock (Gate)
            {
                if (Store.Contains(pay.Reference))
                {
                    return SimWire.Raw(409, """{"error":"duplicate"}""");
                }

                var forced = TakeOverride(new OverrideFacts(pay.Reference, pay.Phone, pay.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "pay"));
                var (status, delay, rule) = Decide(pay.Amount, forced);
                var (mode, lateBy) = CallbackModeFor(pay.Reference, forced?.CallbackMode);
                var now = Clock.GetUtcNow();
                record = new EchoRecord
                {
                    Reference = pay.Reference, CreatedAt = now, CallbackMode = mode, LateBy = lateBy,
                    FinalAt = mode == CallbackMode.Early ? now : now + delay, FinalStatus = status, Rule = rule, CallbackUrl = pay.CallbackUrl,
                };
                Store.TryAdd(record);
            }

            await AcceptedAsync(record, context, scheduleFinal: true);
            return SimWire.Raw(201, $$"""{"reference":"{{pay.Reference}}","status":"PENDING"}""");
        });
        Serve(Request.Create().WithPath(new RegexMatcher("^/pay/[^/]+$")).UsingGet(), request =>
        {
            lock (Gate)
            {
                return Store.TryGet(request.Path.Split('/')[^1], out var record)
                    ? SimWire.Object(200, Snapshot(record, Clock.GetUtcNow()))
                    : SimWire.Empty(404);
            }
        });
    }

    protected override void MapControls() => AddControl("POST", "/__sim/transactions/{ref}/chargeback", c =>
    {
        lock (Gate)
        {
            if (!Store.TryGet(c.Reference!, out var record))
            {
                return SimWire.Empty(404);
            }

            record.Resolved = "CHARGED_BACK";
            return SimWire.Object(200, Snapshot(record, Clock.GetUtcNow()));
        }
    });

    protected override object Snapshot(EchoRecord record, DateTimeOffset now) =>
        new { reference = record.Reference, status = record.StatusAt(now), rule = record.Rule, callbackMode = record.CallbackMode };

    protected override OutgoingCallback? BuildCallback(EchoRecord record, bool stale) => record.CallbackUrl is null ? null
        : new OutgoingCallback(record.CallbackUrl, "POST", $$"""{"reference":"{{record.Reference}}","status":"{{(stale ? "PENDING" : record.StatusAt(Clock.GetUtcNow()))}}"}""")
        {
            Headers = new Dictionary<string, string> { ["X-Echo-Signature"] = "sig-" + record.Reference },
        };

    protected override bool TryResolve(EchoRecord record, string status, string? reason, out string problem)
    {
        problem = "status must be PAID or FAILED.";
        if (status is not ("PAID" or "FAILED"))
        {
            return false;
        }

        record.Resolved = status;
        return true;
    }

    private sealed record PayBody(string Reference, long Amount, string? Phone, string? CallbackUrl);
}

public sealed class EchoRecord : SimTransaction
{
    public required string FinalStatus { get; init; }

    public required string Rule { get; init; }

    public required string? CallbackUrl { get; init; }

    public string? Resolved { get; set; }

    public string StatusAt(DateTimeOffset now) => Resolved ?? (FinalStatus != "PENDING" && now >= FinalAt ? FinalStatus : "PENDING");
}

public sealed record EchoOutcome
{
    public string Status { get; init; } = "PAID";

    public int DelaySeconds { get; init; }

    public CallbackMode? CallbackMode { get; init; }
}

public sealed class EchoDefinition : ISimulatorDefinition
{
    public string Id => "echo";

    public ISimulator Start(int port, string host, IConfiguration settings) => EchoSimulator.Start(new SimulatorOptions { Port = port, Host = host });
}
