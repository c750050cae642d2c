using Serilog;
using Serilog.Events;

namespace Hub.Operations;

/// <summary>
/// Serilog in the hub only. Nothing that could carry a secret is logged: no request bodies, no headers, no query
/// strings (HttpClient's own request logs carry URLs with phone numbers, so they are silenced); phones go through
/// Masking.Phone.
/// </summary>
internal static class Logging
{
    public static WebApplicationBuilder AddHubLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, lc) => lc
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            // EF logs an expected failed probe of the migrations table on a new database; SQL errors still surface as exceptions.
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore.Database.Command", LogEventLevel.Fatal)
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"),
            // Each host keeps its own logger instead of replacing the static Log.Logger: several hubs in one process
            // (tests) would otherwise all write to whichever started last.
            preserveStaticLogger: true);
        return builder;
    }

    public static void UseHubRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(o =>
        {
            // The path only: ids, never the query string.
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} answered {StatusCode} in {Elapsed:0} ms";
        });
}
