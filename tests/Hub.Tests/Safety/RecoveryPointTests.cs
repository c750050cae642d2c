using System.Net;
using Hub.Tests.Infrastructure;
using Hub.Tests.Reconciliation;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hub.Tests.Safety;

/// <summary>
/// A create's recovery point (the payment, its first status and its event) is written in one round trip with no
/// explicit transaction: PostgreSQL's implicit transaction over the batch must still make it all or nothing.
/// </summary>
public sealed class RecoveryPointTests
{
    [Fact]
    public async Task ARecoveryPoint_WhoseLastRowFails_LeavesNoPaymentNoEvent_AndNothingIsSent()
    {
        await using var world = await ReconciliationHub.StartAsync();
        using var client = world.Client();
        var key = Api.NewKey();
        var body = Api.MtnPayment(6031);
        // The status history is the batch's last insert (after the event and the payment): it fails.
        await ExecuteAsync(world.Database.ConnectionString, """
            CREATE FUNCTION refuse_history() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'history refused by the test'; END $$;
            CREATE TRIGGER refuse_history BEFORE INSERT ON payment_status_changes FOR EACH ROW EXECUTE FUNCTION refuse_history();
            """);

        var refused = await client.CreatePaymentAsync(body, key);

        Assert.False(refused.Status is HttpStatusCode.Created or HttpStatusCode.OK, refused.Body);
        Assert.Equal(0, await world.App.WithSystemDbAsync(db => db.Payments.CountAsync()));
        Assert.Equal(0, await world.App.WithSystemDbAsync(db => db.Events.CountAsync()));
        Assert.Empty(world.Simulator.Transactions);

        await ExecuteAsync(world.Database.ConnectionString, "DROP TRIGGER refuse_history ON payment_status_changes");
        var created = await client.CreatePaymentAsync(body, key);

        Assert.True(created.Status == HttpStatusCode.Created, created.Body);
        var paymentId = created.Json["id"]!.GetValue<string>();
        Assert.Equal(1, await world.App.WithSystemDbAsync(db => db.Payments.CountAsync()));
        Assert.Equal(2, await world.App.WithSystemDbAsync(db => db.Events.CountAsync())); // created, then pending
        Assert.Single(world.Simulator.Transactions, t => t.ExternalId == paymentId);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
