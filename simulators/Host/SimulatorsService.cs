using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Simulators.Kit;

namespace Simulators.Host;

/// <summary>
/// Starts every simulator the catalog finds, each on its own port (one WireMock server each), and stops them on
/// shutdown. Ports: <c>Simulators:&lt;id&gt;:Port</c>, else the simulator's row of ports.tsv, else a free port.
/// </summary>
internal sealed class SimulatorsService(IConfiguration configuration) : IHostedService
{
    private readonly List<ISimulator> _running = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var ports = PortTable.Load(Path.Combine(AppContext.BaseDirectory, "ports.tsv"));
        var definitions = SimulatorCatalog.FromDirectory(AppContext.BaseDirectory);
        if (definitions.Count == 0)
        {
            throw new InvalidOperationException($"no simulator (ISimulatorDefinition) in the Simulators.*.dll of {AppContext.BaseDirectory}");
        }

        foreach (var definition in definitions)
        {
            var section = configuration.GetSection($"Simulators:{definition.Id}");
            var port = section.GetValue<int?>("Port") ?? (ports.TryGetValue(definition.Id, out var listed) ? listed : 0);
            if (!ports.ContainsKey(definition.Id))
            {
                Console.WriteLine($"warning: {definition.Id} has no row in ports.tsv; add one (it gets a free port for now)");
            }

            var simulator = definition.Start(port, section["Host"] ?? "127.0.0.1", section);
            _running.Add(simulator);
            Console.WriteLine($"{simulator.Id} simulator on {simulator.Url}");
        }

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
