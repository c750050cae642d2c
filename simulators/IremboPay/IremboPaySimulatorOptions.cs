using Simulators.Kit;

namespace Simulators.IremboPay;

/// <summary>How <see cref="IremboPaySimulator.Start"/> runs the simulator; port, host, clock and callback handler are the kit's.</summary>
public sealed class IremboPaySimulatorOptions : SimulatorOptions
{
    /// <summary>
    /// The portal's notification URL for a merchant (a secret key) that set none through <c>POST /__sim/merchants</c>;
    /// null: such merchants get no notification (the hub polls).
    /// </summary>
    public string? CallbackUrl { get; init; }

    /// <summary>When a notification the hub did not answer with a 2xx goes again, each after the previous attempt [S].</summary>
    public IReadOnlyList<TimeSpan> NotificationRetries { get; init; } =
        [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(300)];
}
