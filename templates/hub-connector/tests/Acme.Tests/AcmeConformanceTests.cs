using System.Text;
using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Connectors.Conformance;
using Simulators.Acme;

namespace Connectors.Acme.Tests;

/// <summary>
/// Acme's conformance declarations: the plug-in as the hub loads it (artifacts/plugins/Acme/Acme.dll), the Acme
/// simulator in process, a sandbox account from the schema's examples, the sandbox rules (amount parity, the 0000
/// phone) and the documented statuses.
/// </summary>
public sealed class AcmeFixture : ConformanceFixture
{
    private const string Payer = "+237699123456";

    private AcmeSimulator? _simulator;

    public override ConnectorSource Source => ConnectorSource.FromRepositoryPlugin("Acme");

    protected override Task<SimulatorEndpoint> StartSimulatorAsync()
    {
        _simulator = AcmeSimulator.Start(new AcmeSimulatorOptions { Port = 0 });
        return Task.FromResult(new SimulatorEndpoint(new Uri(_simulator.Url), _simulator));
    }

    // 1002 XAF is even: succeeded after its last two digits in seconds.
    public override PaymentSpec DefaultPayment => Pay(1002);

    public override int DefaultPaymentPaidAfterSeconds => 2;

    public override ProviderPaths Paths { get; } = new() { CreatePayment = "/v1/charges", PaymentStatus = "/v1/charges/" };

    public override TimeSpan? CallbackTolerance => TimeSpan.FromSeconds(300);

    public override JsonObject? UndocumentedStatus => new() { ["status"] = "settling" };

    public override IReadOnlyList<ProviderAnswer> ProviderAnswers { get; } =
    [
        new("500 is a failure", 500, """{"error":{"code":"INTERNAL","message":"boom"}}""", true),
        new("422 PAYER_NOT_FOUND is not a failure", 422, """{"error":{"code":"PAYER_NOT_FOUND","message":"no wallet"}}""", false),
    ];

    public override IReadOnlyList<SandboxCase> SandboxCases { get; } =
    [
        Rule("even amount 1002 → paid after 2 s", Pay(1002), Expect.Is(PaymentStatus.Paid, providerStatus: "succeeded"), 2),
        Rule("even amount 1010 → paid after 10 s", Pay(1010), Expect.Paid, 10),
        Rule("even amount 1000 → paid at once", Pay(1000), Expect.Paid, 0),
        Rule("odd amount 1001 → failed insufficient_funds after 1 s", Pay(1001),
            Expect.Failed(FailureCode.InsufficientFunds, "INSUFFICIENT_FUNDS", "failed"), 1),
        new SandboxCase
        {
            Name = "phone ending 0000 → refused payer_not_found",
            Payment = Pay(1002, "+237699120000"),
            OnCreate = Expect.Failed(FailureCode.PayerNotFound, "PAYER_NOT_FOUND"),
            Stored = false,
        },
    ];

    public override IReadOnlyList<RawStatusCase> RawStatuses { get; } =
    [
        Raw("pending", new() { ["status"] = "pending" }, Expect.Is(PaymentStatus.Pending, providerStatus: "pending")),
        Raw("succeeded", new() { ["status"] = "succeeded" }, Expect.Is(PaymentStatus.Paid, providerStatus: "succeeded")),
        Raw("expired", new() { ["status"] = "expired", ["failureCode"] = "EXPIRED" }, Expect.Expired(providerStatus: "expired")),
        Failed("INSUFFICIENT_FUNDS", FailureCode.InsufficientFunds),
        Failed("DECLINED", FailureCode.PayerDeclined),
        Failed("PAYER_NOT_FOUND", FailureCode.PayerNotFound),
        Failed("LIMIT_EXCEEDED", FailureCode.LimitExceeded),
        Failed("SOMETHING_NEW", FailureCode.ProviderError),
    ];

    /// <summary>
    /// The callback Acme sends for the charge, built from the simulator's charge and signed with the account's callback
    /// secret at the context's clock (the suite's callback URL is a closed port, and /__sim/callbacks keeps no headers).
    /// </summary>
    public override Task<CallbackRequest> GenuineCallbackAsync(CallbackObject payment, ConnectorContext context)
    {
        var charge = _simulator!.Find(payment.ProviderReference)
            ?? throw new ConformanceSetupException($"the simulator has no charge {payment.ProviderReference}");
        var body = _simulator.ChargeBody(charge);
        var signature = AcmeWire.Signature(context.Account.Credential("callbackSecret")!, context.Clock.GetUtcNow(), body);
        return Task.FromResult(new CallbackRequest("POST", "", [],
            new Dictionary<string, string> { ["Content-Type"] = "application/json", [AcmeWire.SignatureHeader] = signature },
            Encoding.UTF8.GetBytes(body)));
    }

    private static PaymentSpec Pay(long amount, string phone = Payer) =>
        new() { Amount = amount, Currency = "XAF", Country = "CM", Phone = phone, Description = "Conformance order" };

    private static SandboxCase Rule(string name, PaymentSpec payment, Expect final, int afterSeconds) => new()
    {
        Name = name,
        Payment = payment,
        OnCreate = Expect.Is(PaymentStatus.Pending, providerStatus: "pending"),
        Final = final,
        AfterSeconds = afterSeconds,
        Before = afterSeconds > 0 ? Expect.Is(PaymentStatus.Pending, providerStatus: "pending") : null,
    };

    private static RawStatusCase Raw(string name, JsonObject outcome, Expect expected) =>
        new() { Name = name, Outcome = outcome, Expected = expected };

    private static RawStatusCase Failed(string code, FailureCode failure) => new()
    {
        Name = "failed/" + code,
        Outcome = new JsonObject { ["status"] = "failed", ["failureCode"] = code },
        Expected = Expect.Failed(failure, code, "failed"),
    };
}

/// <summary>Acme runs the whole conformance suite (every test is inherited).</summary>
public sealed class AcmeConformanceTests(AcmeFixture fixture) : ConnectorConformance<AcmeFixture>(fixture);
