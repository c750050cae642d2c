using System.Text.RegularExpressions;
using PublicApiGenerator;

namespace Connectors.Abstractions.Tests;

/// <summary>
/// The contract's public surface is approved text. Any change to it fails here until the author reviews the diff,
/// moves the version (ConnectorContract.cs, AssemblyVersion in the csproj, CHANGELOG.md) and approves the new text.
/// </summary>
public sealed class PublicApiApprovalTests
{
    private const string ApprovedName = "Connectors.Abstractions.approved.txt";
    private const string ReceivedName = "Connectors.Abstractions.received.txt";

    [Fact]
    public void PublicApi_ComparedWithApprovedFile_Unchanged()
    {
        var received = Normalize(typeof(IConnector).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            // TargetFramework, InternalsVisibleTo and the like are not the contract's surface.
            IncludeAssemblyAttributes = false,
            // A record turned into a class (or back) changes equality: show records as records.
            TreatRecordsAsClasses = false,
        }));
        var folder = Path.Combine(RepositoryRoot(), "tests", "Connectors.Abstractions.Tests");
        var approvedPath = Path.Combine(folder, ApprovedName);
        var receivedPath = Path.Combine(folder, ReceivedName);
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : null;

        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(
            $"The public API of Connectors.Abstractions changed (or {ApprovedName} is missing). The generated surface is in\n" +
            $"  {receivedPath}\n" +
            $"Review the diff against\n  {approvedPath}\n" +
            "If the change is intended: bump the contract version (an addition moves Minor, a change or removal moves Major)\n" +
            "in src/Connectors.Abstractions/ConnectorContract.cs and <AssemblyVersion> in Connectors.Abstractions.csproj,\n" +
            "add a CHANGELOG.md entry saying what connector authors must do, then copy the received file over the approved one\n" +
            $"  cp {receivedPath} {approvedPath}");
    }

    [Fact]
    public void ConnectorContract_Version_MatchesAssemblyVersion()
    {
        var version = typeof(IConnector).Assembly.GetName().Version;

        Assert.NotNull(version);
        Assert.Equal(ConnectorContract.Major, version.Major);
        Assert.Equal(ConnectorContract.Minor, version.Minor);
        Assert.Equal($"{version.Major}.{version.Minor}", ConnectorContract.Version);
    }

    [Fact]
    public void Changelog_CurrentVersion_HasHeading()
    {
        var changelog = File.ReadAllText(
            Path.Combine(RepositoryRoot(), "src", "Connectors.Abstractions", "CHANGELOG.md"));
        var heading = new Regex($@"^##\s+{Regex.Escape(ConnectorContract.Version)}(?![0-9.])", RegexOptions.Multiline);

        Assert.True(heading.IsMatch(changelog),
            $"src/Connectors.Abstractions/CHANGELOG.md has no '## {ConnectorContract.Version}' heading: say there what " +
            "connector authors must do for this contract version.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Connectors.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Connectors.sln above {AppContext.BaseDirectory}");
    }
}
