using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Abstractions;
using Connectors.Conformance;
using Simulators.OrangeMoney;

namespace Connectors.OrangeMoney.Tests;

/// <summary>
/// Orange Money's conformance declarations: the plug-in as the hub loads it (artifacts/plugins/OrangeMoney/OrangeMoney.dll),
/// the Orange simulator in process, a sandbox account from the schema's examples, PROVIDERS §1.2's outcome rules and
/// §4.2's status table. Faults go on mp/pay (the money-moving call; mp/init moves nothing).
/// </summary>
public sealed class OrangeMoneyFixture : ConformanceFixture
{
    private const string Payer = "+237699123456";

    public override ConnectorSource Source => ConnectorSource.FromRepositoryPlugin("OrangeMoney");

    protected override Task<SimulatorEndpoint> StartSimulatorAsync()
    {
        var simulator = OrangeMoneySimulator.Start(new OrangeMoneySimulatorOptions { Port = 0 });
        return Task.FromResult(new SimulatorEndpoint(new Uri(simulator.Url), simulator));
    }

    // 1002 XAF is even: PENDING, then SUCCESSFULL after its last two digits in seconds.
    public override PaymentSpec DefaultPayment => Pay(1002);

    public override int DefaultPaymentPaidAfterSeconds => 2;

    // The machine running the suite may be busy: a longer client timeout keeps token and init calls from timing out
    // in the timeout checks (the simulator holds the faulted reply for an hour of its clock either way).
    public override TimeSpan ShortClientTimeout => TimeSpan.FromSeconds(5);

    public override ProviderPaths Paths { get; } = new()
    {
        CreatePayment = "/omcoreapis/1.0.2/mp/pay",
        PaymentStatus = "/omcoreapis/1.0.2/mp/paymentstatus/",
        Token = "/token",
    };

    // The orderId is the hub's id itself.
    public override Regex? ProviderReferenceFormat { get; } = new("^(pay|ref|po)_[0-9A-Z]{26}$", RegexOptions.None, TimeSpan.FromSeconds(1));

    // A 417 is Orange's definitive refusal (FAILED, 60019), WSO2's 401 a refused token: neither is a failing provider.
    public override IReadOnlyList<ProviderAnswer> ProviderAnswers { get; } =
    [
        new("417 FAILED 60019 is a refusal", 417,
            """{"message":"60019 :: Le solde du compte du payeur est insuffisant","data":{"status":"FAILED","inittxnstatus":"60019","txnid":null}}""", false),
        new("401 WSO2 invalid credentials is not a failure", 401,
            """{"fault":{"code":900901,"message":"Invalid Credentials","description":"Invalid Credentials"}}""", false),
        new("503 WSO2 back end unreachable is a failure", 503,
            """{"fault":{"code":101503,"message":"Runtime Error","description":"Error connecting to the back end"}}""", true),
        new("429 WSO2 throttled is a failure", 429,
            """{"fault":{"code":900802,"message":"Message throttled out","description":"You have exceeded your quota"}}""", true),
        new("bare 500 is a failure", 500, "", true),
    ];

    public override IReadOnlyList<SandboxCase> SandboxCases { get; } =
    [
        // §1.2 amount rule: parity of the last digit, delay from the last two digits.
        Rule("even amount 1002 → paid after 2 s", Pay(1002), Expect.Is(PaymentStatus.Paid, providerStatus: "SUCCESSFULL"), 2),
        Rule("even amount 1010 → paid after 10 s", Pay(1010), Expect.Paid, 10),
        Rule("even amount 3000 → paid at once", Pay(3000), Expect.Paid, 0),
        Rule("odd amount 1001 → failed insufficient_funds (confirmtxnstatus 60019)", Pay(1001),
            Expect.Failed(FailureCode.InsufficientFunds, "60019", "FAILED"), 0),
        Rule("odd amount 1501 → failed insufficient_funds", Pay(1501), Expect.Failed(FailureCode.InsufficientFunds, "60019"), 0),
        // fail_on_create in description: mp/pay answers 417 FAILED inittxnstatus 60019; nothing is pushed.
        new SandboxCase
        {
            Name = "fail_on_create → 417 failed insufficient_funds (inittxnstatus 60019)",
            Payment = Pay(1002) with { Description = "Order fail_on_create" },
            OnCreate = Expect.Failed(FailureCode.InsufficientFunds, "60019", "FAILED"),
            Final = Expect.Failed(FailureCode.InsufficientFunds, "60019", "FAILED"),
            Stored = false,
        },
    ];

    // §4.2: every documented status, forced on the pay call's orderId; FAILED with each failure rule.
    public override IReadOnlyList<RawStatusCase> RawStatuses { get; } =
    [
        Raw("INITIATED", null, null, Expect.Is(PaymentStatus.Pending, providerStatus: "INITIATED")),
        Raw("PENDING", null, null, Expect.Is(PaymentStatus.Pending, providerStatus: "PENDING")),
        Raw("SUCCESSFULL", null, null, Expect.Is(PaymentStatus.Paid, providerStatus: "SUCCESSFULL")),
        Raw("FAILED", "60019", null, Expect.Failed(FailureCode.InsufficientFunds, "60019", "FAILED")),
        Raw("FAILED", "00068", "Le compte du payeur est introuvable", Expect.Failed(FailureCode.PayerNotFound, "00068")),
        Raw("FAILED", "00017", "Le code PIN est incorrect", Expect.Failed(FailureCode.ProviderError, "00017")),
        Raw("EXPIRED", null, null, Expect.Expired(providerStatus: "EXPIRED")),
    ];

    // The simulator's overrides take any status text: one Orange does not document.
    public override JsonObject? UndocumentedStatus => new() { ["status"] = "SETTLING" };

    private static PaymentSpec Pay(long amount) => new()
    {
        Amount = amount,
        Currency = "XAF",
        Country = "CM",
        Phone = Payer,
        Description = "Conformance order",
    };

    private static SandboxCase Rule(string name, PaymentSpec payment, Expect final, int afterSeconds) => new()
    {
        Name = name,
        Payment = payment,
        OnCreate = Expect.Is(PaymentStatus.Pending, providerStatus: "PENDING"),
        Final = final,
        AfterSeconds = afterSeconds,
        Before = afterSeconds > 0 ? Expect.Is(PaymentStatus.Pending, providerStatus: "PENDING") : null,
    };

    private static RawStatusCase Raw(string status, string? reason, string? message, Expect expected)
    {
        var outcome = new JsonObject { ["status"] = status };
        if (reason is not null)
        {
            outcome["reason"] = reason;
        }

        if (message is not null)
        {
            outcome["message"] = message;
        }

        return new RawStatusCase { Name = reason is null ? status : $"{status}/{reason}", Outcome = outcome, Expected = expected };
    }
}

/// <summary>Orange Money runs the whole conformance suite (every test is inherited).</summary>
public sealed class OrangeMoneyConformanceTests(OrangeMoneyFixture fixture) : ConnectorConformance<OrangeMoneyFixture>(fixture);
