using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simulators.Host;

// Ports come from configuration: --Simulators:mtn_momo:Port=5101 or Simulators__mtn_momo__Port=5101.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddHostedService<SimulatorsService>();
using var host = builder.Build();
await host.RunAsync();
