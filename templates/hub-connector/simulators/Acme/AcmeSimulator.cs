using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Simulators.Kit;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Simulators.Acme;

/// <summary>How <see cref="AcmeSimulator.Start"/> runs the simulator; port, host, clock and delays are the kit's.</summary>
public sealed class AcmeSimulatorOptions : SimulatorOptions
{
    /// <summary>The secret callbacks are signed with (the account's <c>callbackSecret</c>).</summary>
    public string WebhookSecret { get; init; } = "whsec_sandbox_acme_0001";
}

/// <summary>
/// Acme's charges API in Acme's wire format, with the sandbox rules of <see cref="AcmeOutcomeRules"/>, on the simulator
/// kit (WireMock, clock, callbacks, faults, overrides and the <c>/__sim</c> controls).
/// </summary>
public sealed class AcmeSimulator : Simulator<AcmeRecord, AcmeOverrideOutcome>
{
    private readonly AcmeSimulatorOptions _options;

    private AcmeSimulator(AcmeSimulatorOptions options)
        : base(options) => _options = options;

    public override string Id => AcmeDefinition.SimulatorId;

    public static AcmeSimulator Start(AcmeSimulatorOptions options)
    {
        var simulator = new AcmeSimulator(options);
        simulator.StartServer();
        return simulator;
    }

    /// <summary>The charge with this reference, if any.</summary>
    public AcmeRecord? Find(string reference) => Store.TryGet(reference, out var record) ? record : null;

    /// <summary>The charge's body as a callback carries it now.</summary>
    public string ChargeBody(AcmeRecord record)
    {
        lock (Gate)
        {
            var (status, code) = record.StatusAt(Clock.GetUtcNow());
            return AcmeWire.Charge(record, status, code);
        }
    }

    protected override void MapEndpoints()
    {
        Serve(Request.Create().WithPath("/v1/charges").UsingPost(), CreateAsync);
        Serve(Request.Create().WithPath(new RegexMatcher("^/v1/charges/[^/]+$")).UsingGet(), Get);
    }

    protected override object Snapshot(AcmeRecord record, DateTimeOffset now)
    {
        var (status, code) = record.StatusAt(now);
        return new
        {
            reference = record.Reference, id = record.ChargeId, record.Amount, record.Currency, record.Phone, status,
            failureCode = code, rule = record.Outcome.Rule, record.CreatedAt,
        };
    }

    protected override OutgoingCallback? BuildCallback(AcmeRecord record, bool stale)
    {
        if (record.CallbackUrl is null)
        {
            return null;
        }

        var (status, code) = stale ? ("pending", null) : record.StatusAt(Clock.GetUtcNow());
        var body = AcmeWire.Charge(record, status, code);
        return new OutgoingCallback(record.CallbackUrl, "POST", body)
        {
            Headers = new Dictionary<string, string> { [AcmeWire.SignatureHeader] = AcmeWire.Signature(_options.WebhookSecret, Clock.GetUtcNow(), body) },
        };
    }

    protected override bool TryResolve(AcmeRecord record, string status, string? reason, out string problem)
    {
        problem = "status must be succeeded, failed, expired or pending.";
        if (status is not ("succeeded" or "failed" or "expired" or "pending"))
        {
            return false;
        }

        record.Resolve(status, status == "failed" ? reason ?? "DECLINED" : status == "expired" ? "EXPIRED" : null);
        return true;
    }

    private async Task<IResponseMessage> CreateAsync(IRequestMessage request, HttpContext context)
    {
        if (Unauthorized(request) is { } denied)
        {
            return denied;
        }

        ChargeRequest? body;
        try
        {
            body = JsonSerializer.Deserialize<ChargeRequest>(SimWire.Body(request), SimWire.Json);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is not { Reference.Length: > 0, Amount: > 0, Currency.Length: 3, Phone.Length: > 5 })
        {
            return AcmeWire.Error(400, "INVALID_REQUEST", "reference, amount (> 0), currency and phone are required.");
        }

        AcmeRecord record;
        lock (Gate)
        {
            if (Store.Contains(body.Reference))
            {
                return AcmeWire.Error(409, "DUPLICATE_REFERENCE", "A charge with this reference exists.");
            }

            var forced = TakeOverride(new OverrideFacts(body.Reference, body.Phone,
                body.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "charge"));
            var outcome = AcmeOutcomeRules.Decide(body.Amount, body.Phone, forced);
            if (outcome.Rejected)
            {
                return AcmeWire.Error(outcome.HttpStatus, outcome.Code ?? "REFUSED", "The charge was refused.");
            }

            var (mode, lateBy) = CallbackModeFor(body.Reference, null);
            var now = Clock.GetUtcNow();
            record = new AcmeRecord
            {
                Reference = body.Reference,
                ChargeId = "ch_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                Amount = body.Amount,
                Currency = body.Currency,
                Phone = body.Phone,
                Description = body.Description,
                CallbackUrl = body.CallbackUrl,
                Outcome = outcome,
                CreatedAt = now,
                CallbackMode = mode,
                LateBy = lateBy,
                FinalAt = mode == CallbackMode.Early ? now : now + outcome.Delay,
            };
            Store.TryAdd(record);
        }

        await AcceptedAsync(record, context, scheduleFinal: record.CallbackUrl is not null && record.Outcome.FinalStatus != "pending");
        return SimWire.Raw(201, AcmeWire.Charge(record, "pending", null));
    }

    private IResponseMessage Get(IRequestMessage request)
    {
        if (Unauthorized(request) is { } denied)
        {
            return denied;
        }

        var reference = Uri.UnescapeDataString(request.Path[(request.Path.LastIndexOf('/') + 1)..]);
        lock (Gate)
        {
            if (!Store.TryGet(reference, out var record))
            {
                return AcmeWire.Error(404, "NOT_FOUND", "No charge has this reference.");
            }

            var (status, code) = record.StatusAt(Clock.GetUtcNow());
            return SimWire.Raw(200, AcmeWire.Charge(record, status, code));
        }
    }

    // Any bearer key is accepted but "invalid", so a fresh sandbox needs no setup.
    private static IResponseMessage? Unauthorized(IRequestMessage request) =>
        SimWire.Header(request, "Authorization") is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && header.Length > "Bearer ".Length && header != "Bearer invalid"
            ? null
            : AcmeWire.Error(401, "UNAUTHORIZED", "A valid API key is required (Authorization: Bearer <key>).");

    private sealed record ChargeRequest
    {
        public string Reference { get; init; } = "";

        public long Amount { get; init; }

        public string Currency { get; init; } = "";

        public string Phone { get; init; } = "";

        public string? Description { get; init; }

        [System.Text.Json.Serialization.JsonPropertyName("callback_url")]
        public string? CallbackUrl { get; init; }
    }
}

/// <summary>How simulators/Host finds and starts the Acme simulator (setting: <c>WebhookSecret</c>).</summary>
public sealed class AcmeDefinition : ISimulatorDefinition
{
    public const string SimulatorId = "acme_id";

    public string Id => SimulatorId;

    public ISimulator Start(int port, string host, IConfiguration settings) => AcmeSimulator.Start(new AcmeSimulatorOptions
    {
        Port = port,
        Host = host,
        WebhookSecret = settings["WebhookSecret"] ?? "whsec_sandbox_acme_0001",
    });
}
