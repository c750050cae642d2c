using Microsoft.Extensions.Configuration;
using Simulators.Kit;
using Simulators.MtnMomo;

namespace Simulators.Tests.Kit;

/// <summary>How simulators/Host finds the simulators and their ports, with no list kept by hand.</summary>
public sealed class KitDiscoveryTests
{
    [Fact]
    public void Catalog_FindsEveryDefinitionInTheGivenAssemblies()
    {
        var found = SimulatorCatalog.Discover([typeof(MtnMomoSimulator).Assembly, typeof(EchoSimulator).Assembly]);

        Assert.Equal(["echo", "mtn_momo"], found.Select(d => d.Id));
    }

    [Fact]
    public void Catalog_FromDirectory_LoadsSimulatorAssemblies_NotKitHostOrTests()
    {
        var found = SimulatorCatalog.FromDirectory(AppContext.BaseDirectory);

        Assert.Contains(found, d => d is MtnMomoDefinition);
        Assert.DoesNotContain(found, d => d.Id == "echo");
    }

    [Fact]
    public void Catalog_TwoWithOneId_IsAnError()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            SimulatorCatalog.Discover([typeof(MtnMomoSimulator).Assembly, typeof(MtnMomoSimulator).Assembly]));

        Assert.Contains("mtn_momo", error.Message);
    }

    [Fact]
    public void Definition_StartsTheSimulatorWithItsSettings()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ProviderCallbackHost"] = "hub.test" }).Build();

        using var simulator = new MtnMomoDefinition().Start(0, "127.0.0.1", settings);

        Assert.Equal("mtn_momo", simulator.Id);
        Assert.StartsWith("http://127.0.0.1:", simulator.Url);
    }

    [Fact]
    public void PortTable_TheRepositorysTable_HasARowForEverySimulator()
    {
        var ports = PortTable.Load(Path.Combine(AppContext.BaseDirectory, "ports.tsv"));

        Assert.Equal(5101, ports["mtn_momo"]);
        Assert.All(SimulatorCatalog.FromDirectory(AppContext.BaseDirectory), d => Assert.True(ports.ContainsKey(d.Id), $"{d.Id} has no row in simulators/ports.tsv"));
        Assert.Equal(ports.Count, ports.Values.Distinct().Count());
    }

    [Fact]
    public void PortTable_CommentsBlankLinesTabsAndSpaces()
    {
        var ports = PortTable.Parse("# id port\n\nmtn_momo\t5101\r\n  pix   5105  # reserved\n");

        Assert.Equal(new Dictionary<string, int> { ["mtn_momo"] = 5101, ["pix"] = 5105 }, ports);
    }

    [Theory]
    [InlineData("mtn_momo")]
    [InlineData("mtn_momo 0")]
    [InlineData("mtn_momo 70000")]
    [InlineData("mtn_momo 5101\nmtn_momo 5102")]
    public void PortTable_BadRow_NamesTheLine(string text)
    {
        var error = Assert.Throws<FormatException>(() => PortTable.Parse(text));

        Assert.Contains("line", error.Message);
    }
}
