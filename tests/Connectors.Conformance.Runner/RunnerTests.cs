using System.Reflection;
using Connectors.Abstractions;

namespace Connectors.Conformance.Runner;

/// <summary>The runner's own parts: the area table, declarations, the declared signer, settings and the report.</summary>
public sealed class RunnerTests
{
    private const string SampleTrx = """
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult testName="X.Tests.AcmeConformanceTests.Descriptor_IsWellFormed" outcome="Passed" />
            <UnitTestResult testName="X.Tests.AcmeConformanceTests.SandboxRule_CreateAnswersAndSettles(rule: &quot;odd 10.01 → failed&quot;)" outcome="Failed">
              <Output><ErrorInfo><Message>odd 10.01 → failed: status paid, expected failed
        second line</Message></ErrorInfo></Output>
            </UnitTestResult>
            <UnitTestResult testName="X.Tests.AcmeConformanceTests.Token_Fault_IsNotSent(fault: &quot;500&quot;)" outcome="NotExecuted">
              <Output><StdOut>acme has no token endpoint</StdOut></Output>
            </UnitTestResult>
            <UnitTestResult testName="X.Tests.AcmeConformanceTests.Callback_Signed_TamperedIsRejected" outcome="Passed" />
          </Results>
        </TestRun>
        """;

    [Fact]
    public void EveryCheckHasAnArea()
    {
        var checks = typeof(ConnectorConformance<DeclaredFixture>).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.GetCustomAttributes(inherit: true).Any(a => a is FactAttribute || a.GetType().Name.StartsWith("Skippable", StringComparison.Ordinal)))
            .Select(m => m.Name)
            .ToList();

        Assert.True(checks.Count >= 40, $"only {checks.Count} checks found");
        var unmapped = checks.Where(name => ConformanceAreas.Of(name) == ConformanceAreas.Other).ToList();
        Assert.True(unmapped.Count == 0, "no area in ConformanceAreas for: " + string.Join(", ", unmapped));
    }

    [Fact]
    public void TheExampleDeclarationReads()
    {
        var declaration = Declaration.Load(Path.Combine(AppContext.BaseDirectory, "examples", "mtn_momo.json"));

        Assert.Equal("/collection/token", declaration.Paths.Token);
        var odd = declaration.SandboxCases.Single(c => c.Name.StartsWith("odd", StringComparison.Ordinal)).ToCase();
        Assert.Equal(Expect.Failed(FailureCode.InsufficientFunds, "NOT_ENOUGH_FUNDS"), odd.Final);
        Assert.Equal(OperationOutcome.Unknown, declaration.SandboxCases[^1].ToCase().OnCreate.Outcome);
    }

    [Theory]
    [InlineData("""{"defaultPayment":{"amount":1,"currency":"XAF"},"paths":{"createPayment":"/c"},"sandboxCase":[]}""", "sandboxCase")]
    [InlineData("""{"paths":{"createPayment":"/c"}}""", "defaultPayment")]
    public void ABadDeclarationSaysWhy(string json, string named)
    {
        var error = Assert.Throws<ConformanceSetupException>(() => Declaration.Parse(json));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status":"payed"}""", "payed")]
    [InlineData("""{"status":"failed","failure":"broke"}""", "broke")]
    [InlineData("""{"outcome":"maybe"}""", "maybe")]
    [InlineData("""{}""", "needs a status")]
    public void ABadExpectationSaysWhy(string json, string named)
    {
        var expect = System.Text.Json.JsonSerializer.Deserialize<ExpectJson>(json, System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.Contains(named, Assert.Throws<ConformanceSetupException>(expect.ToExpect).Message, StringComparison.Ordinal);
    }

    // The template's Acme vector (templates/hub-connector, AcmeSignatureTests), declared instead of coded.
    [Fact]
    public void DeclaredSigningMatchesAFixedVector()
    {
        var signing = new CallbackSigning
        {
            Header = "Acme-Signature", HeaderValue = "t={timestamp},v1={signature}", SignedMessage = "{timestamp}.{body}",
        };
        const string Body = """{"id":"ch_1","reference":"pay_01TEST","amount":1002,"currency":"XAF","status":"succeeded","failure_code":null}""";

        Assert.Equal("t=1767225600,v1=37dd2a700fae11c74524fd3e2b15c137e4510fead89061fc43548ab0a43e1c74",
            signing.Sign("whsec_sandbox_acme_0001", DateTimeOffset.FromUnixTimeSeconds(1767225600), Body));
    }

    [Fact]
    public void SettingsAreAllOrNothing()
    {
        Assert.Null(RunnerSettings.From(null, null, null).PluginFolder);
        Assert.Contains(DeclaredFixture.SimulatorVariable,
            Assert.Throws<ConformanceSetupException>(() => RunnerSettings.From(AppContext.BaseDirectory, "not a url", "x.json")).Message,
            StringComparison.Ordinal);
        Assert.Contains(DeclaredFixture.PluginVariable,
            Assert.Throws<ConformanceSetupException>(() => RunnerSettings.From(null, "http://127.0.0.1:1", "x.json")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void TheReportCountsPerAreaAndNamesEachFailure()
    {
        var report = ConformanceReport.FromTrx([SampleTrx]);
        var text = report.Render("Acme");

        Assert.False(report.Succeeded);
        Assert.Equal(1, report.Failed);
        Assert.Contains("ok    declarations    1 passed    0 failed    0 skipped", text, StringComparison.Ordinal);
        Assert.Contains("FAIL  outcomes        0 passed    1 failed    0 skipped", text, StringComparison.Ordinal);
        Assert.Contains("ok    transport       0 passed    0 failed    1 skipped", text, StringComparison.Ordinal);
        Assert.Contains("[outcomes] SandboxRule_CreateAnswersAndSettles(rule: \"odd 10.01 → failed\")", text, StringComparison.Ordinal);
        Assert.Contains("      second line", text, StringComparison.Ordinal);
        Assert.EndsWith("FAILED: 1 of 3 checks failed" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains("acme has no token endpoint", report.Render(listSkipped: true), StringComparison.Ordinal);
    }

    [Fact]
    public void AReportWithoutFailuresPasses()
    {
        var report = ConformanceReport.FromTrx([SampleTrx.Replace("outcome=\"Failed\"", "outcome=\"Passed\"", StringComparison.Ordinal)]);

        Assert.True(report.Succeeded);
        Assert.Contains("PASSED: 3 checks passed, 1 skipped", report.Render(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A.B.C.Method", "Method")]
    [InlineData("A.B.C.Method(rule: \"x.y (z)\")", "Method")]
    public void MethodNamesComeFromTestNames(string testName, string method) => Assert.Equal(method, ConformanceReport.MethodOf(testName));
}
