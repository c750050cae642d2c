using System.Text.Json.Nodes;

namespace Connectors.Conformance.Runner;

/// <summary>
/// The <c>dotnet new hub-connector</c> template (templates/hub-connector) without building it: its template.json names
/// the three projects that exist, adds them to the solution, derives a valid connector id; the repository's build
/// leaves it out. (Instantiating and building it is too slow for ./test.sh: docs/writing-a-connector.md shows how.)
/// </summary>
public sealed class TemplateTests
{
    private static readonly string Repository = FindRepository();

    private static readonly string Template = Path.Combine(Repository, "templates", "hub-connector");

    private static JsonObject TemplateJson() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Template, ".template.config", "template.json")),
            documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();

    [Fact]
    public void TemplateJson_NamesTheShortNameAndSourceName()
    {
        var json = TemplateJson();

        Assert.Equal("hub-connector", (string?)json["shortName"]);
        Assert.Equal("Acme", (string?)json["sourceName"]);
        Assert.False((bool?)json["preferNameDirectory"] ?? true, "the template writes into the repository root, not a new folder");
    }

    [Fact]
    public void TemplateJson_PrimaryOutputsAreTheThreeProjectsAndAreAddedToTheSolution()
    {
        var json = TemplateJson();
        var outputs = json["primaryOutputs"]!.AsArray().Select(o => (string)o!["path"]!).ToList();

        Assert.Equal(["connectors/Acme/Acme.csproj", "simulators/Acme/Simulators.Acme.csproj", "tests/Acme.Tests/Acme.Tests.csproj"], outputs);
        Assert.All(outputs, o => Assert.True(File.Exists(Path.Combine(Template, o)), $"{o} is not in the template"));
        var addToSolution = json["postActions"]!.AsArray().Single(a => (string?)a!["actionId"] == "D396686C-DE0E-4DE6-906D-291CD29FC5DE")!;
        Assert.Equal("0;1;2", (string?)addToSolution["args"]!["primaryOutputIndexes"]);
    }

    [Fact]
    public void TemplateJson_DerivesTheConnectorIdFromTheName()
    {
        var id = TemplateJson()["symbols"]!["connectorId"]!;

        Assert.Equal("acme_id", (string?)id["replaces"]);
        Assert.Equal("nameLower", (string?)id["parameters"]!["source"]);

        // The placeholder is the connector's and the simulator's id in the template, nowhere a literal id.
        Assert.Contains("internal const string Id = \"acme_id\";", File.ReadAllText(Path.Combine(Template, "connectors", "Acme", "AcmeConnector.cs")), StringComparison.Ordinal);
        Assert.Contains("public const string SimulatorId = \"acme_id\";", File.ReadAllText(Path.Combine(Template, "simulators", "Acme", "AcmeSimulator.cs")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheRepositoryBuildLeavesTheTemplateOut()
    {
        var solution = File.ReadAllText(Path.Combine(Repository, "Connectors.sln"));

        Assert.DoesNotContain("templates", solution, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(Path.Combine(Repository, "templates", "Directory.Build.props")), "nothing under templates/ is built by the repository");
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Connectors.sln")) && Directory.Exists(Path.Combine(dir.FullName, "templates")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no repository with Connectors.sln and templates/ above {AppContext.BaseDirectory}");
    }
}
