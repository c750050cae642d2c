using Simulators.Kit;

namespace Simulators.Airtel;

/// <summary>How <see cref="AirtelSimulator.Start"/> runs the simulator; port, host, clock, callback handler and the fault
/// and late-callback delays are the kit's (<see cref="SimulatorOptions"/>). The portal settings can be changed at run
/// time (<c>POST /__sim/portal</c>).</summary>
public sealed class AirtelSimulatorOptions : SimulatorOptions
{
    /// <summary>The token's <c>expires_in</c> (Airtel: "180").</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>The portal's collection callback URL; null: no callbacks until one is set.</summary>
    public string? CallbackUrl { get; init; }

    /// <summary>The portal's hash secret (PROVIDERS §5.3's test-vector secret by default).</summary>
    public string HashSecret { get; init; } = AirtelWire.DefaultHashSecret;

    /// <summary>The portal option "callback with authentication": callbacks carry a <c>hash</c>.</summary>
    public bool CallbackAuthentication { get; init; } = true;
}
