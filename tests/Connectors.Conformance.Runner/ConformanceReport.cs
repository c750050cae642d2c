using System.Text;
using System.Xml.Linq;

namespace Connectors.Conformance.Runner;

/// <summary>One check's result, as a TRX file records it.</summary>
/// <param name="Name">The test's full name: "….DeclaredConnectorConformanceTests.SandboxRule_X(rule: \"…\")".</param>
/// <param name="Method">Its method: "SandboxRule_X".</param>
/// <param name="Area">Its area (<see cref="ConformanceAreas"/>).</param>
/// <param name="Outcome">Passed, Failed or Skipped.</param>
/// <param name="Message">The failure's message or the skip's reason.</param>
public sealed record CheckResult(string Name, string Method, string Area, CheckOutcome Outcome, string? Message);

/// <summary>What a check came to.</summary>
public enum CheckOutcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>
/// The readable report of a conformance run: per area (declarations, outcomes, transport, callbacks) how many checks
/// passed, failed and were skipped, then each failure with its test name and message.
/// </summary>
public sealed class ConformanceReport
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    private ConformanceReport(IReadOnlyList<CheckResult> results) => Results = results;

    public IReadOnlyList<CheckResult> Results { get; }

    public int Failed => Results.Count(r => r.Outcome == CheckOutcome.Failed);

    /// <summary>Whether every check that ran passed (and some did).</summary>
    public bool Succeeded => Failed == 0 && Results.Any(r => r.Outcome == CheckOutcome.Passed);

    /// <summary>Reads the results of one or more TRX files.</summary>
    public static ConformanceReport FromTrx(IEnumerable<string> trxContents)
    {
        var results = new List<CheckResult>();
        foreach (var content in trxContents)
        {
            var document = XDocument.Parse(content);
            foreach (var result in document.Descendants(Trx + "UnitTestResult"))
            {
                var name = (string?)result.Attribute("testName") ?? "?";
                var method = MethodOf(name);
                var outcome = (string?)result.Attribute("outcome") switch
                {
                    "Passed" => CheckOutcome.Passed,
                    "NotExecuted" or "Inconclusive" or "Skipped" => CheckOutcome.Skipped,
                    _ => CheckOutcome.Failed,
                };
                var output = result.Element(Trx + "Output");
                var message = output?.Element(Trx + "ErrorInfo")?.Element(Trx + "Message")?.Value
                    ?? output?.Element(Trx + "StdOut")?.Value;
                results.Add(new CheckResult(name, method, ConformanceAreas.Of(method), outcome, message?.Trim()));
            }
        }

        return new ConformanceReport([.. results.OrderBy(r => r.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The report as text; <paramref name="listSkipped"/> also lists each skipped check with its reason.</summary>
    public string Render(string? title = null, bool listSkipped = false)
    {
        var text = new StringBuilder();
        text.AppendLine(title ?? "Conformance report");
        text.AppendLine();
        foreach (var area in ConformanceAreas.All.Append(ConformanceAreas.Other))
        {
            var inArea = Results.Where(r => r.Area == area).ToList();
            if (inArea.Count == 0 && area == ConformanceAreas.Other)
            {
                continue;
            }

            var failed = inArea.Count(r => r.Outcome == CheckOutcome.Failed);
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"  {(failed > 0 ? "FAIL" : "ok  ")}  {area,-13} {inArea.Count(r => r.Outcome == CheckOutcome.Passed),3} passed  {failed,3} failed  {inArea.Count(r => r.Outcome == CheckOutcome.Skipped),3} skipped");
        }

        var failures = Results.Where(r => r.Outcome == CheckOutcome.Failed).ToList();
        if (failures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Failures:");

            // Checks failing for one reason (a plug-in that does not load fails them all) share one message.
            foreach (var group in failures.GroupBy(f => f.Message ?? "(no message)", StringComparer.Ordinal))
            {
                foreach (var failure in group.Take(group.Count() > 3 ? 3 : group.Count()))
                {
                    text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  [{failure.Area}] {ShortName(failure.Name)}");
                }

                if (group.Count() > 3)
                {
                    text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  … and {group.Count() - 3} more checks, all with:");
                }

                foreach (var line in group.Key.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).Take(6))
                {
                    text.AppendLine("      " + line);
                }
            }
        }

        if (listSkipped)
        {
            text.AppendLine();
            text.AppendLine("Skipped (not applicable to this connector or not declared):");
            foreach (var skipped in Results.Where(r => r.Outcome == CheckOutcome.Skipped))
            {
                text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"  [{skipped.Area}] {ShortName(skipped.Name)}: {skipped.Message}");
            }
        }

        text.AppendLine();
        text.AppendLine(Succeeded
            ? $"PASSED: {Results.Count(r => r.Outcome == CheckOutcome.Passed)} checks passed, {Results.Count(r => r.Outcome == CheckOutcome.Skipped)} skipped"
            : Results.Count == 0 ? "FAILED: no check ran (see the test output above)"
            : $"FAILED: {failures.Count} of {Results.Count(r => r.Outcome != CheckOutcome.Skipped)} checks failed");
        return text.ToString();
    }

    /// <summary>"A.B.Tests.Method(x: \"a.b\")" → "Method".</summary>
    public static string MethodOf(string testName)
    {
        ArgumentNullException.ThrowIfNull(testName);
        var head = testName.Split('(', 2)[0];
        return head[(head.LastIndexOf('.') + 1)..];
    }

    // Without the namespace and class: "SandboxRule_X(rule: \"…\")".
    private static string ShortName(string testName)
    {
        var head = testName.Split('(', 2)[0];
        return testName[(head.LastIndexOf('.') + 1)..];
    }
}
