using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simulators.Host;

// Every simulator found in the Simulators.*.dll next to this one, each on its port from ports.tsv; configuration
// overrides it: --Simulators:mtn_momo:Port=5201 or Simulators__mtn_momo__Port=5201.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddHostedService<SimulatorsService>();
using var host = builder.Build();
await host.RunAsync();
