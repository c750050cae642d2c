using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Abstractions;
using Connectors.Conformance;
using Simulators.Card;

namespace Connectors.Card.Tests;

/// <summary>
/// The card connector's conformance declarations: the plug-in as the hub loads it (artifacts/plugins/Card/Card.dll), the
/// card simulator in process, a sandbox account from the schema's examples, PROVIDERS §1.3's card rules (test cards,
/// the document's last digit, amount parity without one, fail_on_create) and §8.2's statuses.
/// </summary>
public sealed partial class CardFixture : ConformanceFixture
{
    private const string Authorizing = "95643732041";

    private CardSimulator? _simulator;

    public override ConnectorSource Source => ConnectorSource.FromRepositoryPlugin("Card");

    protected override Task<SimulatorEndpoint> StartSimulatorAsync()
    {
        _simulator = CardSimulator.Start(new CardSimulatorOptions { Port = 0 });
        return Task.FromResult(new SimulatorEndpoint(new Uri(_simulator.Url), _simulator));
    }

    // A sale with InfraPSP's Visa, 01/2035, CVV 123 and a document ending in 1: paid at once (synchronous).
    public override PaymentSpec DefaultPayment => Pay(1002);

    public override int DefaultPaymentPaidAfterSeconds => 0;

    public override PaymentSpec? AuthorizeOnlyPayment => Pay(1002) with { Capture = false };

    // Cancel voids an authorization; the default payment is a captured sale, whose void is a refund. The connector's own
    // tests cover cancel (PaymentsAgainstSimulatorTests.Void_OfAnAuthorization_IsCanceled_…).
    public override ConnectorCapabilities Exercise => (ConnectorCapabilities)~0 & ~ConnectorCapabilities.Cancel;

    public override ProviderPaths Paths { get; } = new() { CreatePayment = "/1/sales", PaymentStatus = "/1/sales/" };

    public override Regex? ProviderReferenceFormat => MerchantOrderId();

    public override JsonObject? UndocumentedStatus => new() { ["status"] = 20 };

    public override IReadOnlyList<ProviderAnswer> ProviderAnswers { get; } =
    [
        new("500 is a failure", 500, "", true),
        new("503 is a failure", 503, "", true),
        new("400 Code 126 is not a failure", 400, """[{"Code":126,"Message":"Credit Card Expiration Date is invalid"}]""", false),
        new("401 (bad MerchantKey) is not a failure", 401, "", false),
        new("404 (no such sale) is not a failure", 404, "", false),
    ];

    public override IReadOnlyList<SandboxCase> SandboxCases { get; } =
    [
        Rule("document ending 1, capture → paid (2)", Pay(1002), Expect.Is(PaymentStatus.Paid, providerStatus: "2")),
        Rule("document ending 3, authorize → authorized (1)", Pay(1002, "95643732043") with { Capture = false },
            Expect.Is(PaymentStatus.Authorized, providerStatus: "1")),
        Rule("document ending 2 → failed fraud_suspected (3 + Reject)", Pay(1002, "95643732042"),
            Expect.Failed(FailureCode.FraudSuspected, "Reject", "3")),
        Rule("document ending 4 → failed fraud_suspected (3 + Reject)", Pay(1002, "95643732044"),
            Expect.Failed(FailureCode.FraudSuspected, "Reject", "3")),
        Rule("document ending 5 → under_review (1 + Review)", Pay(1002, "95643732045"),
            Expect.Is(PaymentStatus.UnderReview, providerStatus: "1")),
        Rule("API.md's 16142765010 ends in 0 → under_review", Pay(1002, "16142765010"), Expect.Is(PaymentStatus.UnderReview)),
        Rule("a card outside the test list → failed card_declined (3/05)",
            Pay(1002) with { Card = new PaymentCard { Number = "4024007153763191", ExpMonth = 1, ExpYear = 2035, Cvc = "123" } },
            Expect.Failed(FailureCode.CardDeclined, "05", "3")),
        Rule("a test card with another expiry → failed card_declined (3/05)",
            Pay(1002) with { Card = Visa with { ExpYear = 2036 } }, Expect.Failed(FailureCode.CardDeclined, "05", "3")),
        Rule("no document, even amount → paid", Pay(1002, null), Expect.Paid),
        Rule("no document, odd amount → failed card_declined (3/05)", Pay(1001, null), Expect.Failed(FailureCode.CardDeclined, "05")),
        Rule("fail_on_create in the payer's name → failed provider_error (13)", Pay(1002) with { PayerName = "Ada fail_on_create" },
            Expect.Failed(FailureCode.ProviderError, "13", "13")),
        Rule("USD sale → paid", Pay(1002) with { Currency = "USD" }, Expect.Paid),
    ];

    public override IReadOnlyList<RawStatusCase> RawStatuses { get; } =
    [
        Raw("1 Authorized", 1, null, Expect.Is(PaymentStatus.Authorized, providerStatus: "1")),
        Raw("2 PaymentConfirmed", 2, null, Expect.Is(PaymentStatus.Paid, providerStatus: "2")),
        Raw("3 Denied 05", 3, "05", Expect.Failed(FailureCode.CardDeclined, "05", "3")),
        Raw("3 Denied 57 expired", 3, "57", Expect.Failed(FailureCode.CardDeclined, "57")),
        Raw("3 Denied 78 blocked", 3, "78", Expect.Failed(FailureCode.CardDeclined, "78")),
        Raw("3 Denied 77 canceled", 3, "77", Expect.Failed(FailureCode.CardDeclined, "77")),
        Raw("3 Denied 70 card problem", 3, "70", Expect.Failed(FailureCode.CardDeclined, "70")),
        Raw("3 Denied 14 invalid card", 3, "14", Expect.Failed(FailureCode.CardDeclined, "14")),
        Raw("3 Denied 99 timeout", 3, "99", Expect.Failed(FailureCode.ProviderError, "99")),
        Raw("0 NotFinished outside 3-D Secure", 0, null, Expect.Failed(FailureCode.ProviderError, providerStatus: "0")),
        Raw("10 Voided before capture", 10, null, Expect.Is(PaymentStatus.Canceled, providerStatus: "10")),
        Raw("11 Refunded", 11, null, Expect.Is(PaymentStatus.Refunded, providerStatus: "11")),
        Raw("12 Pending", 12, null, Expect.Is(PaymentStatus.Processing, providerStatus: "12")),
        Raw("13 Aborted", 13, null, Expect.Failed(FailureCode.ProviderError, "13", "13")),
        new() { Name = "1 + FraudAnalysis Review", Outcome = new() { ["status"] = 1, ["fraud"] = "Review" }, Expected = Expect.Is(PaymentStatus.UnderReview, providerStatus: "1") },
        new() { Name = "3 + FraudAnalysis Reject", Outcome = new() { ["status"] = 3, ["fraud"] = "Reject" }, Expected = Expect.Failed(FailureCode.FraudSuspected, "Reject") },
        new() { Name = "2 + FraudAnalysis Accept", Outcome = new() { ["status"] = 2, ["fraud"] = "Accept" }, Expected = Expect.Paid },
    ];

    private static PaymentCard Visa => new() { Number = "4235647728025682", ExpMonth = 1, ExpYear = 2035, Cvc = "123", HolderName = "ADA N" };

    /// <summary>The Notification Post Cielo sends about the sale (the simulator sends it to the merchant's URL, which the suite has none of).</summary>
    public override Task<CallbackRequest> GenuineCallbackAsync(CallbackObject payment, ConnectorContext context)
    {
        var sale = _simulator!.Find(payment.ProviderReference)
            ?? throw new ConformanceSetupException($"the simulator has no sale {payment.ProviderReference}");
        return Task.FromResult(new CallbackRequest("POST", "", [], new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            Encoding.UTF8.GetBytes(_simulator.NotificationFor(sale))));
    }

    private static PaymentSpec Pay(long amount, string? document = Authorizing) => new()
    {
        Amount = amount,
        Currency = "BRL",
        Method = PaymentMethod.Card,
        Country = "BR",
        PayerName = "Ada N",
        DocumentNumber = document,
        Description = "Conformance order",
        Card = Visa,
    };

    private static SandboxCase Rule(string name, PaymentSpec payment, Expect outcome) => new()
    {
        Name = name,
        Payment = payment,
        OnCreate = outcome,
        Final = outcome,
        AfterSeconds = 0,
    };

    private static RawStatusCase Raw(string name, int status, string? returnCode, Expect expected)
    {
        var outcome = new JsonObject { ["status"] = status };
        if (returnCode is not null)
        {
            outcome["returnCode"] = returnCode;
        }

        return new() { Name = name, Outcome = outcome, Expected = expected };
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,50}$")]
    private static partial Regex MerchantOrderId();
}

/// <summary>The card connector runs the whole conformance suite (every test is inherited).</summary>
public sealed class CardConformanceTests(CardFixture fixture) : ConnectorConformance<CardFixture>(fixture);
