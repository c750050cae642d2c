using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Abstractions;
using Connectors.Conformance;
using Microsoft.Extensions.Time.Testing;
using Simulators.Pix;

namespace Connectors.Pix.Tests;

/// <summary>
/// Pix's conformance declarations: the plug-in as the hub loads it (artifacts/plugins/Pix/Pix.dll), the Pix simulator in
/// process, a sandbox account from the schema's examples, PROVIDERS §1.2–1.3 (amount parity and delay,
/// fail_on_create in solicitacaoPagador) and §7.3's statuses. The webhook is unsigned (a hint): the suite's default
/// genuine callback is the simulator's own POST to the registered URL.
/// </summary>
public sealed class PixFixture : ConformanceFixture
{
    public override ConnectorSource Source => ConnectorSource.FromRepositoryPlugin("Pix");

    protected override Task<SimulatorEndpoint> StartSimulatorAsync()
    {
        // A frozen clock that only the suite moves (POST /__sim/clock/advance), so criacao + expiracao is compared on
        // the same time line as the connector's clock: the system clock would drift ahead during the run.
        var simulator = PixSimulator.Start(new PixSimulatorOptions { Port = 0, Clock = new FakeTimeProvider(DateTimeOffset.UtcNow) });
        return Task.FromResult(new SimulatorEndpoint(new Uri(simulator.Url), simulator));
    }

    // 1002 BRL cents is even: the charge is CONCLUIDA after its last two digits in seconds.
    public override PaymentSpec DefaultPayment => Pay(1002);

    public override int DefaultPaymentPaidAfterSeconds => 2;

    public override ProviderPaths Paths { get; } = new()
    {
        CreatePayment = "/cob",
        CreatePaymentMethod = "PUT",
        PaymentStatus = "/cob/",
        Token = "/oauth/token",
    };

    public override Regex? ProviderReferenceFormat { get; } = new("^[a-zA-Z0-9]{26,35}$");

    public override PayoutRecipient PayoutRecipient => new() { PixKey = "fulano@example.com", Name = "Conformance" };

    public override JsonObject? UndocumentedStatus => new() { ["status"] = "EM_ANALISE" };

    public override IReadOnlyList<ProviderAnswer> ProviderAnswers { get; } =
    [
        new("503 ServicoIndisponivel is a failure", 503, """{"type":"https://pix.bcb.gov.br/api/v2/error/ServicoIndisponivel","title":"Serviço Indisponível","status":503}""", true),
        new("400 CobOperacaoInvalida is not a failure", 400, """{"type":"https://pix.bcb.gov.br/api/v2/error/CobOperacaoInvalida","title":"Cobrança inválida.","status":400,"violacoes":[]}""", false),
        new("404 CobNaoEncontrado is not a failure", 404, """{"type":"https://pix.bcb.gov.br/api/v2/error/CobNaoEncontrado","title":"Cobrança não encontrada.","status":404}""", false),
    ];

    public override IReadOnlyList<SandboxCase> SandboxCases { get; } =
    [
        Rule("even amount 1002 → paid after 2 s", Pay(1002), Expect.Is(PaymentStatus.Paid, providerStatus: "CONCLUIDA"), 2),
        Rule("even amount 1010 → paid after 10 s", Pay(1010), Expect.Paid, 10),
        Rule("even amount 3000 → paid at once", Pay(3000), Expect.Paid, 0),
        Rule("odd amount 1001 → removed by the PSP at once", Pay(1001),
            Expect.Failed(FailureCode.ProviderError, "REMOVIDA_PELO_PSP", "REMOVIDA_PELO_PSP"), 0),
        Rule("a CNPJ payer → paid like any other", Pay(1004) with { DocumentNumber = "12345678000195" }, Expect.Paid, 4),
        new SandboxCase
        {
            Name = "fail_on_create → charge refused CobOperacaoInvalida",
            Payment = Pay(1010) with { Description = "Pedido fail_on_create" },
            OnCreate = Expect.Failed(FailureCode.ProviderError, "CobOperacaoInvalida"),
            Stored = false,
        },
    ];

    // §7.3: ATIVA, CONCLUIDA, both removals, and ATIVA past criacao + expiracao.
    public override IReadOnlyList<RawStatusCase> RawStatuses { get; } =
    [
        Raw("ATIVA", new() { ["status"] = "ATIVA" }, Expect.Is(PaymentStatus.Pending, providerStatus: "ATIVA")),
        Raw("CONCLUIDA", new() { ["status"] = "CONCLUIDA" }, Expect.Is(PaymentStatus.Paid, providerStatus: "CONCLUIDA")),
        Raw("REMOVIDA_PELO_USUARIO_RECEBEDOR", new() { ["status"] = "REMOVIDA_PELO_USUARIO_RECEBEDOR" },
            Expect.Is(PaymentStatus.Canceled, providerStatus: "REMOVIDA_PELO_USUARIO_RECEBEDOR")),
        Raw("REMOVIDA_PELO_PSP", new() { ["status"] = "REMOVIDA_PELO_PSP" },
            Expect.Failed(FailureCode.ProviderError, "REMOVIDA_PELO_PSP", "REMOVIDA_PELO_PSP")),
        Raw("ATIVA past criacao + expiracao", new() { ["status"] = "ATIVA", ["expiracao"] = 60 },
            Expect.Expired(providerStatus: "ATIVA"), 61),
    ];

    private static PaymentSpec Pay(long amount) => new()
    {
        Amount = amount,
        Currency = "BRL",
        Country = "BR",
        PayerName = "Francisco da Silva",
        DocumentNumber = "12345678909",
        Description = "Conformance pedido",
    };

    private static SandboxCase Rule(string name, PaymentSpec payment, Expect final, int afterSeconds) => new()
    {
        Name = name,
        Payment = payment,
        OnCreate = Expect.Is(PaymentStatus.Pending, providerStatus: "ATIVA"),
        Final = final,
        AfterSeconds = afterSeconds,
        Before = afterSeconds > 0 ? Expect.Is(PaymentStatus.Pending, providerStatus: "ATIVA") : null,
    };

    private static RawStatusCase Raw(string name, JsonObject outcome, Expect expected, int afterSeconds = 0) =>
        new() { Name = name, Outcome = outcome, Expected = expected, AfterSeconds = afterSeconds };
}

/// <summary>Pix runs the whole conformance suite (every test is inherited).</summary>
public sealed class PixConformanceTests(PixFixture fixture) : ConnectorConformance<PixFixture>(fixture);
