using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Simulators.MtnMomo;

namespace Simulators.Host;

/// <summary>Starts each simulator on its configured port (one WireMock server each) and stops them on shutdown.</summary>
internal sealed class SimulatorsService(IConfiguration configuration) : IHostedService
{
    // Later simulators take the next ports: orange_money 5102, airtel_money 5103, irembopay 5104, pix 5105, card 5106.
    private const int MtnMomoDefaultPort = 5101;

    private readonly List<IDisposable> _running = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var mtn = MtnMomoSimulator.Start(new MtnMomoSimulatorOptions
        {
            Port = configuration.GetValue("Simulators:mtn_momo:Port", MtnMomoDefaultPort),
            Host = configuration.GetValue("Simulators:mtn_momo:Host", "127.0.0.1")!,
            ProviderCallbackHost = configuration.GetValue("Simulators:mtn_momo:ProviderCallbackHost", "localhost")!,
        });
        _running.Add(mtn);
        Console.WriteLine($"mtn_momo simulator on {mtn.Url}");

        Console.WriteLine("simulators ready");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var simulator in _running)
        {
            simulator.Dispose();
        }

        _running.Clear();
        return Task.CompletedTask;
    }
}
