using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Abstractions;
using Simulators.MtnMomo;

namespace Connectors.Conformance.Runner;

/// <summary>
/// A conformance fixture made of a plug-in folder, a simulator URL and a JSON <see cref="Declaration"/>, from
/// <c>HUB_CONFORMANCE_PLUGIN</c>, <c>HUB_CONFORMANCE_SIMULATOR</c> and <c>HUB_CONFORMANCE_DECLARATION</c> (what
/// <c>tools/conformance</c> sets). Without them: the repository's MTN MoMo plug-in, an MTN simulator in process and
/// <c>examples/mtn_momo.json</c>, so the runner itself is exercised by ./test.sh.
/// </summary>
public sealed class DeclaredFixture : ConformanceFixture
{
    public const string PluginVariable = "HUB_CONFORMANCE_PLUGIN";
    public const string SimulatorVariable = "HUB_CONFORMANCE_SIMULATOR";
    public const string DeclarationVariable = "HUB_CONFORMANCE_DECLARATION";

    // Read once per process: xunit builds fixtures for discovery too.
    private static readonly Lazy<RunnerSettings> Settings = new(RunnerSettings.FromEnvironment);

    private static RunnerSettings Run => Settings.Value;

    private static Declaration Declared => Run.Declaration;

    public override ConnectorSource Source => Run.PluginFolder is { } folder
        ? ConnectorSource.FromPluginFolder(folder)
        : ConnectorSource.FromRepositoryPlugin("MtnMomo");

    public override string? ConnectorId => Declared.ConnectorId;

    protected override Task<SimulatorEndpoint> StartSimulatorAsync() => Task.FromResult(Run.SimulatorUrl is { } url
        ? new SimulatorEndpoint(url)
        : StartMtnSimulator());

    public override PaymentSpec DefaultPayment => Declared.DefaultPayment;

    public override int DefaultPaymentPaidAfterSeconds => Declared.DefaultPaymentPaidAfterSeconds;

    public override ProviderPaths Paths => Declared.Paths;

    public override IReadOnlyDictionary<string, string> CredentialOverrides => Declared.Credentials;

    public override IReadOnlyDictionary<string, string> SettingOverrides => Declared.Settings;

    public override IReadOnlyList<SandboxCase> SandboxCases => [.. Declared.SandboxCases.Select(c => c.ToCase())];

    public override IReadOnlyList<RawStatusCase> RawStatuses => [.. Declared.RawStatuses.Select(c => c.ToCase())];

    public override JsonObject? UndocumentedStatus => Declared.UndocumentedStatus?.DeepClone().AsObject();

    public override IReadOnlyList<ProviderAnswer> ProviderAnswers => [.. Declared.ProviderAnswers.Select(a => a.ToAnswer())];

    public override Regex? ProviderReferenceFormat => Declared.ProviderReferenceFormat is { } pattern
        ? new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1))
        : null;

    public override TimeSpan? CallbackTolerance => Declared.CallbackToleranceSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    public override ConnectorCapabilities Exercise => Declared.Exercise is { } listed
        ? listed.Aggregate(ConnectorCapabilities.None, (all, c) => all | c)
        : base.Exercise;

    public override PaymentSpec? AuthorizeOnlyPayment => Declared.AuthorizeOnlyPayment;

    public override string? AccountHolderPhone => Declared.AccountHolderPhone ?? base.AccountHolderPhone;

    public override PayoutRecipient PayoutRecipient => Declared.PayoutRecipient ?? base.PayoutRecipient;

    /// <summary>The simulator's own callback about the payment, signed as declared when the provider signs.</summary>
    public override async Task<CallbackRequest> GenuineCallbackAsync(CallbackObject payment, ConnectorContext context)
    {
        var sent = await base.GenuineCallbackAsync(payment, context);
        return Declared.CallbackSigning is { } signing ? signing.SignRequest(sent, context) : sent;
    }

    private static SimulatorEndpoint StartMtnSimulator()
    {
        var simulator = MtnMomoSimulator.Start(new MtnMomoSimulatorOptions { Port = 0 });
        return new SimulatorEndpoint(new Uri(simulator.Url), simulator);
    }
}

/// <summary>Where the runner's plug-in, simulator and declaration come from.</summary>
/// <param name="PluginFolder">The plug-in folder; null: the repository's MTN MoMo plug-in.</param>
/// <param name="SimulatorUrl">The simulator; null: an MTN simulator in process.</param>
/// <param name="Declaration">The declaration.</param>
public sealed record RunnerSettings(string? PluginFolder, Uri? SimulatorUrl, Declaration Declaration)
{
    /// <summary>From the HUB_CONFORMANCE_* variables, or the MTN MoMo default when none is set.</summary>
    public static RunnerSettings FromEnvironment() => From(
        Environment.GetEnvironmentVariable(DeclaredFixture.PluginVariable),
        Environment.GetEnvironmentVariable(DeclaredFixture.SimulatorVariable),
        Environment.GetEnvironmentVariable(DeclaredFixture.DeclarationVariable));

    /// <summary>Checks the three values together: all three, or none (the default run).</summary>
    public static RunnerSettings From(string? plugin, string? simulator, string? declaration)
    {
        if (string.IsNullOrWhiteSpace(plugin) && string.IsNullOrWhiteSpace(simulator) && string.IsNullOrWhiteSpace(declaration))
        {
            return new RunnerSettings(null, null, Declaration.Load(Path.Combine(AppContext.BaseDirectory, "examples", "mtn_momo.json")));
        }

        if (string.IsNullOrWhiteSpace(plugin) || !Directory.Exists(plugin))
        {
            throw new ConformanceSetupException($"{DeclaredFixture.PluginVariable} must name a plug-in folder (got '{plugin}')");
        }

        if (!Uri.TryCreate(simulator, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https"))
        {
            throw new ConformanceSetupException($"{DeclaredFixture.SimulatorVariable} must be the simulator's http(s) base URL (got '{simulator}')");
        }

        if (string.IsNullOrWhiteSpace(declaration))
        {
            throw new ConformanceSetupException($"{DeclaredFixture.DeclarationVariable} must name the JSON declaration (conformance.json)");
        }

        return new RunnerSettings(Path.GetFullPath(plugin), url, Declaration.Load(declaration));
    }
}

/// <summary>The whole conformance suite on the declared plug-in (every test is inherited).</summary>
public sealed class DeclaredConnectorConformanceTests(DeclaredFixture fixture) : ConnectorConformance<DeclaredFixture>(fixture);
