using Simulators.Kit;

namespace Simulators.MtnMomo;

/// <summary>How <see cref="MtnMomoSimulator.Start"/> runs the simulator; port, host, clock, callback handler and the
/// fault and late-callback delays are the kit's (<see cref="SimulatorOptions"/>).</summary>
public sealed class MtnMomoSimulatorOptions : SimulatorOptions
{
    /// <summary>The callback host of an API user that was not provisioned through <c>POST /v1_0/apiuser</c>.</summary>
    public string ProviderCallbackHost { get; init; } = "localhost";

    /// <summary>MTN sends PUT; POST is accepted by connectors too.</summary>
    public string CallbackMethod { get; init; } = "PUT";

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(3600);
}
