using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Abstractions;
using Connectors.Conformance;
using Simulators.MtnMomo;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Connectors.MtnMomo.Tests;

/// <summary>
/// MTN MoMo's conformance declarations: the plug-in as the hub loads it (artifacts/plugins/MtnMomo/MtnMomo.dll), the
/// MTN simulator in process, a sandbox account from the schema's examples (target environment <c>sandbox</c>, EUR),
/// PROVIDERS §1.2/§3.4's outcome rules and §3.3's status table; refunds, payouts and lookups are exercised too.
/// </summary>
public sealed class MtnMomoFixture : ConformanceFixture
{
    private const string Payer = "+237671234567";

    private MtnMomoSimulator? _simulator;

    public override ConnectorSource Source => ConnectorSource.FromRepositoryPlugin("MtnMomo");

    // MTN's sandbox target environment settles EUR, the currency these rules are written in (the schema's example,
    // what demo accounts get, is mtncameroon: XAF).
    public override IReadOnlyDictionary<string, string> SettingOverrides { get; } =
        new Dictionary<string, string> { ["targetEnvironment"] = "sandbox" };

    protected override Task<SimulatorEndpoint> StartSimulatorAsync()
    {
        _simulator = MtnMomoSimulator.Start(new MtnMomoSimulatorOptions { Port = 0 });
        return Task.FromResult(new SimulatorEndpoint(new Uri(_simulator.Url), _simulator));
    }

    // 1002 (hub minor units, "10.02" EUR on the wire) is even: PENDING, then SUCCESSFUL after its last two digits in seconds.
    public override PaymentSpec DefaultPayment => Pay(1002);

    public override int DefaultPaymentPaidAfterSeconds => 2;

    // The capability checks: a refund of the paid default payment and a payout of its amount (transfer rule: even →
    // SUCCESSFUL after 2 s), both with the schema's example disbursement key; a lookup of MTN's always-active holder.
    public override PayoutRecipient PayoutRecipient => new() { Phone = Payer, Name = "Conformance" };

    public override string? AccountHolderPhone => Payer;

    public override ProviderPaths Paths { get; } = new()
    {
        CreatePayment = "/collection/v1_0/requesttopay",
        PaymentStatus = "/collection/v1_0/requesttopay/",
        Token = "/collection/token",
    };

    // §3.3: a 500 with a business code is MTN's definitive refusal, not a failing provider; a bare 500,
    // INTERNAL_PROCESSING_ERROR ("predominantly" insufficient funds, but not always) and 429 are.
    public override IReadOnlyList<ProviderAnswer> ProviderAnswers { get; } =
    [
        new("500 NOT_ALLOWED is a refusal", 500, """{"code":"NOT_ALLOWED","message":"Authorization failed. Insufficient permissions."}""", false),
        new("500 INVALID_CURRENCY is a refusal", 500, """{"code":"INVALID_CURRENCY","message":"Currency not supported."}""", false),
        new("500 INTERNAL_PROCESSING_ERROR is a failure", 500, """{"code":"INTERNAL_PROCESSING_ERROR","message":"An internal error occurred while processing."}""", true),
        new("bare 500 is a failure", 500, "", true),
        new("429 is a failure", 429, """{"statusCode":429,"message":"Rate limit is exceeded."}""", true),
        new("400 is not a failure", 400, """{"code":"BAD_REQUEST","message":"Bad request"}""", false),
    ];

    // X-Reference-Id is a UUID v4 (MTN refuses anything else with a 400).
    public override Regex? ProviderReferenceFormat { get; } =
        new("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", RegexOptions.None, TimeSpan.FromSeconds(1));

    public override IReadOnlyList<SandboxCase> SandboxCases { get; } =
    [
        // §1.2 amount rule: parity of the last digit, delay from the last two digits.
        Rule("even amount 1002 → paid after 2 s", Pay(1002), Expect.Is(PaymentStatus.Paid, providerStatus: "SUCCESSFUL"), 2),
        Rule("even amount 1010 → paid after 10 s", Pay(1010), Expect.Paid, 10),
        Rule("even amount 3000 → paid at once", Pay(3000), Expect.Paid, 0),
        Rule("odd amount 1001 → failed insufficient_funds at once", Pay(1001),
            Expect.Failed(FailureCode.InsufficientFunds, "NOT_ENOUGH_FUNDS", "FAILED"), 0),
        Rule("odd amount 1501 → failed insufficient_funds at once", Pay(1501), Expect.Failed(FailureCode.InsufficientFunds, "NOT_ENOUGH_FUNDS"), 0),
        // fail_on_create in payerMessage: 500 NOT_ALLOWED, synchronously; nothing stored.
        Refused("fail_on_create → refused NOT_ALLOWED", Pay(1002) with { Description = "Order fail_on_create" },
            Expect.Failed(FailureCode.ProviderError, "NOT_ALLOWED")),
        // §3.4 MTN sandbox numbers (matched on the last 9 digits); failures come at once.
        Rule("magic 46733123450 → failed INTERNAL_PROCESSING_ERROR", Pay(1002, "+46733123450"),
            Expect.Failed(FailureCode.ProviderError, "INTERNAL_PROCESSING_ERROR"), 0),
        Rule("magic 46733123451 → failed APPROVAL_REJECTED", Pay(1002, "+46733123451"),
            Expect.Failed(FailureCode.PayerDeclined, "APPROVAL_REJECTED"), 0),
        Rule("magic 46733123452 → expired EXPIRED", Pay(1002, "+46733123452"), Expect.Expired(providerCode: "EXPIRED"), 0),
        Rule("magic 46733123453 → pending, paid when asked after 30 s", Pay(1002, "+46733123453"), Expect.Paid, 30),
        new SandboxCase
        {
            Name = "magic 46733123454 → pending for ever",
            Payment = Pay(1002, "+46733123454"),
            Final = Expect.Is(PaymentStatus.Pending, providerStatus: "PENDING"),
            AfterSeconds = 3600,
        },
        Rule("magic 46733123455 → failed PAYER_NOT_FOUND", Pay(1002, "+46733123455"),
            Expect.Failed(FailureCode.PayerNotFound, "PAYER_NOT_FOUND"), 0),
        Rule("magic 46733123456 → failed PAYER_LIMIT_REACHED", Pay(1002, "+46733123456"),
            Expect.Failed(FailureCode.LimitExceeded, "PAYER_LIMIT_REACHED"), 0),
        Rule("magic 46733123457 → failed PAYEE_NOT_FOUND", Pay(1002, "+46733123457"),
            Expect.Failed(FailureCode.PayerNotFound, "PAYEE_NOT_FOUND"), 0),
        Refused("magic 46733123458 → refused NOT_ALLOWED", Pay(1002, "+46733123458"), Expect.Failed(FailureCode.ProviderError, "NOT_ALLOWED")),
        Refused("magic 46733123459 → refused INVALID_CALLBACK_URL_HOST", Pay(1002, "+46733123459"),
            Expect.Failed(FailureCode.ProviderError, "INVALID_CALLBACK_URL_HOST")),
        Refused("magic 46733123460 → refused INVALID_CURRENCY", Pay(1002, "+46733123460"),
            Expect.Failed(FailureCode.ProviderError, "INVALID_CURRENCY")),
        // A 500 INTERNAL_PROCESSING_ERROR or a 503 SERVICE_UNAVAILABLE on the POST may still be processed: unknown,
        // and the status query answers MTN's 404 (nothing was stored).
        Refused("magic 46733123461 → 500 INTERNAL_PROCESSING_ERROR is unknown", Pay(1002, "+46733123461"), Expect.Unknown, Expect.NotFound),
        Refused("magic 46733123462 → 503 SERVICE_UNAVAILABLE is unknown", Pay(1002, "+46733123462"), Expect.Unknown, Expect.NotFound),
        Rule("magic 46733123463 → expired COULD_NOT_PERFORM_TRANSACTION", Pay(1002, "+46733123463"),
            Expect.Expired(providerCode: "COULD_NOT_PERFORM_TRANSACTION"), 0),
        // Copay's MTN phones: success takes the amount's delay whatever its parity; failure is at once.
        Rule("Copay 250788000001 → paid after the amount's delay, odd 1003 too", Pay(1003, "+250788000001"), Expect.Paid, 3),
        Rule("Copay 250788000002 → failed APPROVAL_REJECTED", Pay(1002, "+250788000002"),
            Expect.Failed(FailureCode.PayerDeclined, "APPROVAL_REJECTED"), 0),
    ];

    // §3.3: every documented status, and every documented reason of FAILED.
    public override IReadOnlyList<RawStatusCase> RawStatuses { get; } =
    [
        Raw("PENDING", null, Expect.Is(PaymentStatus.Pending, providerStatus: "PENDING")),
        Raw("SUCCESSFUL", null, Expect.Is(PaymentStatus.Paid, providerStatus: "SUCCESSFUL")),
        Raw("FAILED", "EXPIRED", Expect.Expired(providerCode: "EXPIRED", providerStatus: "FAILED")),
        Raw("FAILED", "COULD_NOT_PERFORM_TRANSACTION", Expect.Expired(providerCode: "COULD_NOT_PERFORM_TRANSACTION")),
        Raw("FAILED", "NOT_ENOUGH_FUNDS", Expect.Failed(FailureCode.InsufficientFunds, "NOT_ENOUGH_FUNDS", "FAILED")),
        Raw("FAILED", "APPROVAL_REJECTED", Expect.Failed(FailureCode.PayerDeclined, "APPROVAL_REJECTED")),
        Raw("FAILED", "PAYMENT_NOT_APPROVED", Expect.Failed(FailureCode.PayerDeclined, "PAYMENT_NOT_APPROVED")),
        Raw("FAILED", "PAYER_NOT_FOUND", Expect.Failed(FailureCode.PayerNotFound, "PAYER_NOT_FOUND")),
        Raw("FAILED", "PAYEE_NOT_FOUND", Expect.Failed(FailureCode.PayerNotFound, "PAYEE_NOT_FOUND")),
        Raw("FAILED", "PAYER_LIMIT_REACHED", Expect.Failed(FailureCode.LimitExceeded, "PAYER_LIMIT_REACHED")),
        Raw("FAILED", "PAYEE_NOT_ALLOWED_TO_RECEIVE", Expect.Failed(FailureCode.InvalidAccount, "PAYEE_NOT_ALLOWED_TO_RECEIVE")),
        Raw("FAILED", "SENDER_ACCOUNT_NOT_ACTIVE", Expect.Failed(FailureCode.InvalidAccount, "SENDER_ACCOUNT_NOT_ACTIVE")),
        Raw("FAILED", "INTERNAL_PROCESSING_ERROR", Expect.Failed(FailureCode.ProviderError, "INTERNAL_PROCESSING_ERROR")),
        // "anything else" of FAILED is provider_error, the raw reason kept.
        Raw("FAILED", "RESOURCE_NOT_FOUND", Expect.Failed(FailureCode.ProviderError, "RESOURCE_NOT_FOUND")),
    ];

    // The simulator's overrides only produce MTN's three statuses: an undocumented one is served ahead of it, by a
    // WireMock mapping on the simulator's own server for this one reference's status query.
    public override Task<bool> ForceUndocumentedStatusAsync(string providerReference, bool created)
    {
        if (created)
        {
            _simulator!.Server
                .Given(Request.Create().WithPath($"/collection/v1_0/requesttopay/{providerReference}").UsingGet())
                .AtPriority(-1000)
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
                    """{"externalId":"conformance","amount":"10.02","currency":"EUR","payer":{"partyIdType":"MSISDN","partyId":"237671234567"},"status":"ONGOING"}"""));
        }

        return Task.FromResult(true);
    }

    private static PaymentSpec Pay(long amount, string phone = Payer) => new()
    {
        Amount = amount,
        Currency = "EUR",
        Country = "CM",
        Phone = phone,
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

    private static SandboxCase Refused(string name, PaymentSpec payment, Expect onCreate, Expect? final = null) => new()
    {
        Name = name,
        Payment = payment,
        OnCreate = onCreate,
        Final = final,
        Stored = false,
    };

    private static RawStatusCase Raw(string status, string? reason, Expect expected)
    {
        var outcome = new JsonObject { ["status"] = status };
        if (reason is not null)
        {
            outcome["reason"] = reason;
        }

        return new RawStatusCase { Name = reason is null ? status : $"{status}/{reason}", Outcome = outcome, Expected = expected };
    }
}

/// <summary>MTN MoMo runs the whole conformance suite (every test is inherited).</summary>
public sealed class MtnMomoConformanceTests(MtnMomoFixture fixture) : ConnectorConformance<MtnMomoFixture>(fixture);
