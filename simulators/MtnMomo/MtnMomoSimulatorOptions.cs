namespace Simulators.MtnMomo;

/// <summary>How <see cref="MtnMomoSimulator.Start"/> runs the simulator.</summary>
public sealed class MtnMomoSimulatorOptions
{
    /// <summary>The port to listen on; 0 picks a free one.</summary>
    public int Port { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Every delay and time-based outcome runs on this clock, so tests drive it with a FakeTimeProvider.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The callback host of an API user that was not provisioned through <c>POST /v1_0/apiuser</c>.</summary>
    public string ProviderCallbackHost { get; init; } = "localhost";

    /// <summary>Sends the callbacks; null uses a plain socket handler.</summary>
    public HttpMessageHandler? CallbackHandler { get; init; }

    /// <summary>MTN sends PUT; POST is accepted by connectors too.</summary>
    public string CallbackMethod { get; init; } = "PUT";

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>How long a <see cref="MtnMomoFaultKind.Timeout"/> fault holds the reply, on <see cref="Clock"/>.</summary>
    public TimeSpan TimeoutFaultDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How late a <see cref="MtnMomoCallbackMode.Late"/> callback comes when no delay is given.</summary>
    public TimeSpan DefaultLateCallbackDelay { get; init; } = TimeSpan.FromSeconds(60);
}
