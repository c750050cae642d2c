using Microsoft.Extensions.Configuration;
using WireMock.Server;

namespace Simulators.Kit;

/// <summary>A running simulator, as the host and tests see any of them.</summary>
public interface ISimulator : IDisposable
{
    /// <summary>The simulator's id, the connector's: "mtn_momo".</summary>
    string Id { get; }

    string Url { get; }

    WireMockServer Server { get; }

    SimulatorClock Clock { get; }
}

/// <summary>
/// How <c>simulators/Host</c> finds and starts a simulator: one public class with a parameterless constructor per
/// simulator assembly (<c>Simulators.*.dll</c>); no list is kept anywhere else.
/// </summary>
public interface ISimulatorDefinition
{
    /// <summary>The id, also the row of <c>simulators/ports.tsv</c> and the <c>Simulators:&lt;id&gt;</c> configuration section.</summary>
    string Id { get; }

    /// <summary>Starts it on <paramref name="port"/> (0: a free one) and <paramref name="host"/>, with the simulator's
    /// own settings from its configuration section (e.g. <c>Simulators:mtn_momo:ProviderCallbackHost</c>).</summary>
    ISimulator Start(int port, string host, IConfiguration settings);
}
