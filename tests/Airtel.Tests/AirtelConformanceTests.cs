using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Abstractions;
using Connectors.Conformance;
using Simulators.Airtel;

namespace Connectors.Airtel.Tests;

/// <summary>
/// Airtel Money's conformance declarations: the plug-in as the hub loads it (artifacts/plugins/Airtel/Airtel.dll), the
/// Airtel simulator in process with its portal callback URL on the suite's callback URL, a sandbox account from the
/// schema's examples, PROVIDERS §1.2–1.3's outcome rules and §5.2's status table; refunds, payouts and KYC exercised.
/// </summary>
public sealed class AirtelFixture : ConformanceFixture
{
    private const string Payer = "+250733123456";

    public override ConnectorSource Source => ConnectorSource.FromRepositoryPlugin("Airtel");

    protected override Task<SimulatorEndpoint> StartSimulatorAsync()
    {
        // One collection callback URL is set in Airtel's portal: the suite's, for the suite's account.
        var simulator = AirtelSimulator.Start(new AirtelSimulatorOptions
        {
            Port = 0, CallbackUrl = CallbackUrl(AirtelDefinition.SimulatorId, AccountId).ToString(),
        });
        return Task.FromResult(new SimulatorEndpoint(new Uri(simulator.Url), simulator));
    }

    // 1002 RWF is even: the push is sent (TIP), then TS after its last two digits in seconds.
    public override PaymentSpec DefaultPayment => Pay(1002);

    public override int DefaultPaymentPaidAfterSeconds => 2;

    public override TimeSpan ShortClientTimeout => TimeSpan.FromSeconds(5);

    public override ProviderPaths Paths { get; } = new()
    {
        CreatePayment = "/merchant/v1/payments",
        PaymentStatus = "/standard/v1/payments/",
        Token = "/auth/oauth2/token",
    };

    // transaction.id is the hub's id itself.
    public override Regex? ProviderReferenceFormat { get; } = new("^(pay|ref|po)_[0-9A-Z]{26}$", RegexOptions.None, TimeSpan.FromSeconds(1));

    // Business refusals are 400s with success false: not a failing provider. 5xx and 429 are.
    public override IReadOnlyList<ProviderAnswer> ProviderAnswers { get; } =
    [
        new("400 ESB000041 (duplicate) is not a failure", 400,
            """{"data":{},"status":{"code":"400","message":"External Transaction ID already exists","result_code":"ESB000041","success":false}}""", false),
        new("400 ESB000004 (initiation error) is not a failure", 400,
            """{"data":{},"status":{"code":"400","message":"Error while initiating the transaction","result_code":"ESB000004","success":false}}""", false),
        new("200 ESB000045 (not found) is not a failure", 200,
            """{"data":{},"status":{"code":"200","message":"Transaction not found","result_code":"ESB000045","response_code":"DP00800001025","success":false}}""", false),
        new("401 invalid_token is not a failure", 401, """{"error_description":"Invalid or expired access token","error":"invalid_token"}""", false),
        new("500 ESB000001 is a failure", 500, """{"status":{"code":"500","message":"Internal Server Error","result_code":"ESB000001","success":false}}""", true),
        new("429 is a failure", 429, "", true),
    ];

    public override IReadOnlyList<SandboxCase> SandboxCases { get; } =
    [
        // §1.2 amount rule: parity of the last digit, delay from the last two digits.
        Rule("even amount 1002 → paid after 2 s", Pay(1002), Expect.Is(PaymentStatus.Paid, providerStatus: "TS"), 2),
        Rule("even amount 1010 → paid after 10 s", Pay(1010), Expect.Paid, 10),
        Rule("even amount 3000 → paid at once", Pay(3000), Expect.Paid, 0),
        Rule("odd amount 1001 → failed insufficient_funds (TF DP00800001007)", Pay(1001),
            Expect.Failed(FailureCode.InsufficientFunds, "DP00800001007", "TF"), 0),
        // §1.2 Copay's phones (last 9 digits): 733000001 paid with the amount's delay, 733000002 refused.
        Rule("Copay 733000001 → paid after the amount's delay", Pay(1004) with { Phone = "+250733000001" }, Expect.Paid, 4),
        Rule("Copay 733000001 with an odd amount → still paid (phones win over parity)", Pay(1001) with { Phone = "+250733000001" },
            Expect.Paid, 1),
        Rule("Copay 733000002 → failed payer_declined (TF DP00800001008)", Pay(1002) with { Phone = "+250733000002" },
            Expect.Failed(FailureCode.PayerDeclined, "DP00800001008", "TF"), 0),
        // fail_on_create in the reference (the description): 400 ESB000004, nothing pushed.
        new SandboxCase
        {
            Name = "fail_on_create → 400 ESB000004, failed provider_error",
            Payment = Pay(1002) with { Description = "Order fail_on_create" },
            OnCreate = Expect.Failed(FailureCode.ProviderError, "ESB000004"),
            Final = null,
            Stored = false,
        },
    ];

    // §5.2: every status, and TF with each DP code, forced on transaction.id.
    public override IReadOnlyList<RawStatusCase> RawStatuses { get; } =
    [
        Raw("TIP", null, Expect.Is(PaymentStatus.Pending, providerStatus: "TIP")),
        Raw("TA", null, Expect.Is(PaymentStatus.Processing, providerStatus: "TA")),
        Raw("TS", null, Expect.Is(PaymentStatus.Paid, providerStatus: "TS")),
        Raw("TF", "DP00800001002", Expect.Failed(FailureCode.PayerDeclined, "DP00800001002", "TF")),
        Raw("TF", "DP00800001003", Expect.Failed(FailureCode.LimitExceeded, "DP00800001003")),
        Raw("TF", "DP00800001004", Expect.Failed(FailureCode.ProviderError, "DP00800001004")),
        Raw("TF", "DP00800001005", Expect.Expired(FailureCode.Expired, "DP00800001005", "TF")),
        Raw("TF", "DP00800001007", Expect.Failed(FailureCode.InsufficientFunds, "DP00800001007")),
        Raw("TF", "DP00800001008", Expect.Failed(FailureCode.PayerDeclined, "DP00800001008")),
        Raw("TF", "DP00800001009", Expect.Failed(FailureCode.PayerDeclined, "DP00800001009")),
        Raw("TF", "DP00800001010", Expect.Failed(FailureCode.InvalidAccount, "DP00800001010")),
        Raw("TF", "DP00800001024", Expect.Expired(FailureCode.Expired, "DP00800001024")),
        Raw("TF", "DP00800001026", Expect.Failed(FailureCode.ProviderError, "DP00800001026")),
        Raw("TF", "DP00800001029", Expect.Expired(FailureCode.Expired, "DP00800001029")),
    ];

    // The simulator's overrides take any status text: one Airtel does not document.
    public override JsonObject? UndocumentedStatus => new() { ["status"] = "SETTLING" };

    public override PayoutRecipient PayoutRecipient => new() { Phone = Payer, Name = "Conformance" };

    public override string? AccountHolderPhone => Payer;

    private static PaymentSpec Pay(long amount) => new()
    {
        Amount = amount,
        Currency = "RWF",
        Country = "RW",
        Phone = Payer,
        Description = "Conformance order",
    };

    private static SandboxCase Rule(string name, PaymentSpec payment, Expect final, int afterSeconds) => new()
    {
        Name = name,
        Payment = payment,
        // The push's reply: DP00800001006, push sent.
        OnCreate = Expect.Is(PaymentStatus.Pending, providerStatus: "DP00800001006"),
        Final = final,
        AfterSeconds = afterSeconds,
        Before = afterSeconds > 0 ? Expect.Is(PaymentStatus.Pending, providerStatus: "TIP") : null,
    };

    private static RawStatusCase Raw(string status, string? code, Expect expected)
    {
        var outcome = new JsonObject { ["status"] = status };
        if (code is not null)
        {
            outcome["code"] = code;
        }

        return new RawStatusCase { Name = code is null ? status : $"{status}/{code}", Outcome = outcome, Expected = expected };
    }
}

/// <summary>Airtel Money runs the whole conformance suite (every test is inherited).</summary>
public sealed class AirtelConformanceTests(AirtelFixture fixture) : ConnectorConformance<AirtelFixture>(fixture);
