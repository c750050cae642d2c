namespace Connectors.Conformance.Runner;

/// <summary>
/// <c>dotnet Connectors.Conformance.Runner.dll report [--title T] [--skipped] &lt;file.trx&gt;…</c>: prints the conformance
/// report of a run and exits 0 when every check that ran passed, 1 when one failed, 2 on a usage error. The tests
/// themselves run under <c>dotnet test</c> (tools/conformance does both).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length < 2 || args[0] != "report")
        {
            Console.Error.WriteLine("usage: Connectors.Conformance.Runner report [--title TEXT] [--skipped] <file.trx>...");
            return 2;
        }

        string? title = null;
        var listSkipped = false;
        var files = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--title" when i + 1 < args.Length:
                    title = args[++i];
                    break;
                case "--skipped":
                    listSkipped = true;
                    break;
                default:
                    files.Add(args[i]);
                    break;
            }
        }

        var missing = files.FirstOrDefault(f => !File.Exists(f));
        if (files.Count == 0 || missing is not null)
        {
            Console.Error.WriteLine(missing is null ? "no TRX file given" : $"no TRX file {missing}");
            return 2;
        }

        var report = ConformanceReport.FromTrx(files.Select(File.ReadAllText));
        Console.Write(report.Render(title, listSkipped));
        return report.Succeeded ? 0 : 1;
    }
}
