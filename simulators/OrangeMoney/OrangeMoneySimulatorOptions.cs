using Simulators.Kit;

namespace Simulators.OrangeMoney;

/// <summary>How <see cref="OrangeMoneySimulator.Start"/> runs the simulator; port, host, clock, callback handler and the
/// fault and late-callback delays are the kit's (<see cref="SimulatorOptions"/>).</summary>
public sealed class OrangeMoneySimulatorOptions : SimulatorOptions
{
    /// <summary>WSO2's <c>expires_in</c> (Orange's example: 2496 s).</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(2496);
}
