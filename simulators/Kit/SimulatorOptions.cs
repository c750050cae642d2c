namespace Simulators.Kit;

/// <summary>What every simulator is started with; a simulator's own options derive from it.</summary>
public class SimulatorOptions
{
    /// <summary>The port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Every delay and time-based outcome runs on this clock (wrapped in a <see cref="SimulatorClock"/>, which
    /// <c>/__sim/clock/advance</c> moves), so tests drive it with a FakeTimeProvider.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Sends the callbacks; null uses a plain socket handler.</summary>
    public HttpMessageHandler? CallbackHandler { get; init; }

    /// <summary>How long the hub has to answer a callback (real time: it is an HTTP client timeout).</summary>
    public TimeSpan CallbackTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a <see cref="FaultKind.Timeout"/> fault holds the reply, on <see cref="Clock"/>.</summary>
    public TimeSpan TimeoutFaultDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How late a <see cref="CallbackMode.Late"/> callback comes when no delay is given.</summary>
    public TimeSpan DefaultLateCallbackDelay { get; init; } = TimeSpan.FromSeconds(60);
}
