using Hub;
using Hub.Cli;
using Hub.Operations;
using Hub.Plugins;

// `Hub migrate`, `Hub seed-demo …`, `Hub bootstrap-tenant …` run one operator command and exit; no command serves.
var command = HubCommands.Find(args);
var builder = WebApplication.CreateBuilder(command is null ? args : args[1..]);
builder.AddHubLogging();
builder.AddHub();
var app = builder.Build();

if (command is not null)
{
    return await HubCommands.RunAsync(app, command, args[1..]);
}

app.Services.GetRequiredService<ConnectorRegistry>(); // load plug-ins now, so the log tells at start
app.UseHub();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
