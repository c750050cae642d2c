using System.Net;
using Hub.Operations;
using Hub.Tests.Infrastructure;

namespace Hub.Tests.Safety;

/// <summary>
/// The database out of reach is the hub's outage, not a bug: 503 <c>SERVICE_UNAVAILABLE</c> with <c>Retry-After</c>, so
/// clients retry with the same key (bench/faults.sh's (c) saw 500 <c>INTERNAL_ERROR</c> while PostgreSQL restarted).
/// </summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task ACreate_WhileTheDatabaseRefusesConnections_Is503ServiceUnavailable_WithRetryAfter()
    {
        // A real key of a real merchant, then a hub whose database refuses every connection (as while PostgreSQL restarts).
        await using var world = await Reconciliation.ReconciliationHub.StartAsync();
        await using var app = new HubApp($"Host=127.0.0.1;Port={HubApp.FreePort()};Username=postgres;Timeout=3", settings: new Dictionary<string, string?>
        {
            ["Hub:Reconciliation:Enabled"] = "false",
            ["Hub:Webhooks:Enabled"] = "false",
        });
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", world.MerchantKey);

        var reply = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());

        Assert.True(reply.Status == HttpStatusCode.ServiceUnavailable, $"{(int)reply.Status} {reply.Body}");
        Assert.Equal("SERVICE_UNAVAILABLE", reply.Json["code"]!.GetValue<string>());
        Assert.StartsWith("application/problem+json", reply.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("1", reply.Header("Retry-After"));
    }

    [Fact]
    public void TheDatabaseShuttingDown_IsUnavailable_ABugInSqlIsNot()
    {
        Assert.True(ErrorHandling.IsDatabaseUnavailable(new Npgsql.PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        Assert.True(ErrorHandling.IsDatabaseUnavailable(new InvalidOperationException("wrapped",
            new Npgsql.NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)))));
        Assert.True(ErrorHandling.IsDatabaseUnavailable(new Npgsql.PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300")));
        Assert.False(ErrorHandling.IsDatabaseUnavailable(new Npgsql.PostgresException("syntax error", "ERROR", "ERROR", "42601")));
        Assert.False(ErrorHandling.IsDatabaseUnavailable(new Npgsql.PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
        Assert.False(ErrorHandling.IsDatabaseUnavailable(new InvalidOperationException("a bug")));
    }
}
