using System.Text;
using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Connectors.Conformance;
using Simulators.IremboPay;

namespace Connectors.IremboPay.Tests;

/// <summary>
/// IremboPay's conformance declarations: the plug-in as the hub loads it (artifacts/plugins/IremboPay/IremboPay.dll), the
/// IremboPay simulator in process, a sandbox account from the schema's examples, PROVIDERS §1.2–1.3 and §6's rules
/// (Copay's phones, the amount rule, fail_on_create) and §6.2's statuses and push errors.
/// </summary>
public sealed class IremboPayFixture : ConformanceFixture
{
    private const string Payer = "+250781234567";

    private IremboPaySimulator? _simulator;

    public override ConnectorSource Source => ConnectorSource.FromRepositoryPlugin("IremboPay");

    protected override Task<SimulatorEndpoint> StartSimulatorAsync()
    {
        _simulator = IremboPaySimulator.Start(new IremboPaySimulatorOptions { Port = 0 });
        return Task.FromResult(new SimulatorEndpoint(new Uri(_simulator.Url), _simulator));
    }

    // 1002 RWF is even: the push is accepted, the invoice is PAID after its last two digits in seconds.
    public override PaymentSpec DefaultPayment => Pay(1002);

    public override int DefaultPaymentPaidAfterSeconds => 2;

    public override ProviderPaths Paths { get; } = new()
    {
        CreatePayment = "/payments/invoices",
        PaymentStatus = "/payments/invoices/",
    };

    public override TimeSpan? CallbackTolerance => TimeSpan.FromSeconds(300);

    public override JsonObject? UndocumentedStatus => new() { ["status"] = "SETTLING" };

    public override IReadOnlyList<ProviderAnswer> ProviderAnswers { get; } =
    [
        new("500 is a failure", 500, """{"success":false,"message":"Internal server error","data":null,"errors":[]}""", true),
        new("429 is a failure", 429, """{"success":false,"message":"Too many requests","data":null,"errors":[{"code":"TOO_MANY_REQUESTS","detail":"back off"}]}""", true),
        new("400 PAYMENT_PROVIDER_ERROR is not a failure", 400, """{"success":false,"message":"Payment failed","data":null,"errors":[{"code":"PAYMENT_PROVIDER_ERROR","detail":"refused"}]}""", false),
        new("401 AUTHENTICATION_FAILED is not a failure", 401, """{"success":false,"message":"Authentication failed","data":null,"errors":[{"code":"AUTHENTICATION_FAILED","detail":"Invalid IremboPay secret key"}]}""", false),
    ];

    public override IReadOnlyList<SandboxCase> SandboxCases { get; } =
    [
        Rule("even amount 1002 → paid after 2 s", Pay(1002), Expect.Is(PaymentStatus.Paid, providerStatus: "PAID"), 2),
        Rule("even amount 1010 → paid after 10 s", Pay(1010), Expect.Paid, 10),
        Rule("even amount 3000 → paid at once", Pay(3000), Expect.Paid, 0),
        Rejected("odd amount 1001 → push refused PAYMENT_PROVIDER_ERROR", Pay(1001), "PAYMENT_PROVIDER_ERROR"),
        Rule("Copay MTN 250788000001 → paid after the amount's delay, odd 1003 too", Pay(1003, "+250788000001"), Expect.Paid, 3),
        Rejected("Copay MTN 250788000002 → push refused PAYMENT_PROVIDER_ERROR", Pay(1002, "+250788000002"), "PAYMENT_PROVIDER_ERROR"),
        Rule("Copay Airtel 250733000001 → paid after the amount's delay", Pay(1004, "+250733000001"), Expect.Paid, 4),
        Rejected("Copay Airtel 250733000002 → push refused PAYMENT_PROVIDER_ERROR", Pay(1002, "+250733000002"), "PAYMENT_PROVIDER_ERROR"),
        new SandboxCase
        {
            Name = "fail_on_create → invoice refused BAD_DATA",
            Payment = Pay(1002) with { Description = "Rent fail_on_create" },
            OnCreate = Expect.Failed(FailureCode.ProviderError, "BAD_DATA"),
            Stored = false,
        },
        new SandboxCase
        {
            Name = "bank transfer → redirect, pending until the checkout page is used",
            Payment = Pay(1002) with { Method = PaymentMethod.BankTransfer },
            OnCreate = Expect.Is(PaymentStatus.Pending, providerStatus: "NEW"),
            Final = Expect.Is(PaymentStatus.Pending, providerStatus: "NEW"),
            AfterSeconds = 3600,
        },
    ];

    // §6.2: NEW, PAID, NEW past expiryAt, and each push error.
    public override IReadOnlyList<RawStatusCase> RawStatuses { get; } =
    [
        Raw("NEW", new() { ["status"] = "NEW" }, Expect.Is(PaymentStatus.Pending, providerStatus: "NEW")),
        Raw("PAID", new() { ["status"] = "PAID" }, Expect.Is(PaymentStatus.Paid, providerStatus: "PAID")),
        Raw("NEW past expiryAt", new() { ["status"] = "NEW", ["expireAfterSeconds"] = 60 },
            Expect.Expired(providerStatus: "NEW"), 61),
        PushError("BAD_PHONE_NUMBER", FailureCode.InvalidAccount),
        PushError("PHONE_NUMBER_MISSING", FailureCode.InvalidAccount),
        PushError("INVOICE_EXPIRED", FailureCode.Expired),
        PushError("PAYMENT_PROVIDER_ERROR", FailureCode.ProviderError),
        PushError("BAD_PAYMENT_PROVIDER", FailureCode.ProviderError),
        PushError("BAD_DATA", FailureCode.ProviderError),
        PushError("INVOICE_ALREADY_IN_BATCH", FailureCode.ProviderError),
        PushError("INVOICE_MISSING", FailureCode.ProviderError),
        PushError("INVOICE_NOT_FOUND", FailureCode.ProviderError),
    ];

    /// <summary>
    /// The notification IremboPay sends for the paid invoice, built from the simulator's invoice and signed with the
    /// account's callback secret at the context's clock (the simulator sends to the portal URL, which the suite's
    /// closed port is not).
    /// </summary>
    public override Task<CallbackRequest> GenuineCallbackAsync(CallbackObject payment, ConnectorContext context)
    {
        var invoice = _simulator!.Find(payment.ProviderReference)
            ?? throw new ConformanceSetupException($"the simulator has no invoice {payment.ProviderReference}");
        var now = context.Clock.GetUtcNow();
        var body = IremboPayWire.Notification(invoice, _simulator.Clock.GetUtcNow(), stale: false);
        var signature = IremboPayWire.SignatureHeaderValue(context.Account.Credential("callbackSecret")!, now, body);
        return Task.FromResult(new CallbackRequest("POST", "", [],
            new Dictionary<string, string> { ["Content-Type"] = "application/json", [IremboPayWire.SignatureHeader] = signature },
            Encoding.UTF8.GetBytes(body)));
    }

    private static PaymentSpec Pay(long amount, string phone = Payer) => new()
    {
        Amount = amount,
        Currency = "RWF",
        Country = "RW",
        Phone = phone,
        Description = "Conformance rent",
    };

    private static SandboxCase Rule(string name, PaymentSpec payment, Expect final, int afterSeconds) => new()
    {
        Name = name,
        Payment = payment,
        OnCreate = Expect.Is(PaymentStatus.Pending, providerStatus: "NEW"),
        Final = final,
        AfterSeconds = afterSeconds,
        Before = afterSeconds > 0 ? Expect.Is(PaymentStatus.Pending, providerStatus: "NEW") : null,
    };

    // A refused push fails the payment at once; the invoice stays (closed), so the simulator keeps it.
    private static SandboxCase Rejected(string name, PaymentSpec payment, string code) => new()
    {
        Name = name,
        Payment = payment,
        OnCreate = Expect.Failed(FailureCode.ProviderError, code),
        Final = Expect.Failed(FailureCode.ProviderError, code, "NEW"),
        AfterSeconds = 1,
    };

    private static RawStatusCase Raw(string name, JsonObject outcome, Expect expected, int afterSeconds = 0) =>
        new() { Name = name, Outcome = outcome, Expected = expected, AfterSeconds = afterSeconds };

    private static RawStatusCase PushError(string code, FailureCode failure) => new()
    {
        Name = "push " + code,
        Outcome = new JsonObject { ["pushError"] = code },
        Expected = Expect.Failed(failure, code, "NEW"),
    };
}

/// <summary>IremboPay runs the whole conformance suite (every test is inherited).</summary>
public sealed class IremboPayConformanceTests(IremboPayFixture fixture) : ConnectorConformance<IremboPayFixture>(fixture);
