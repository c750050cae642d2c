namespace Hub.Tests;

/// <summary>The hub's pool does not reset connections (DISCARD ALL) on their return unless the connection string asks.</summary>
public sealed class DatabasePoolTests
{
    [Fact]
    public void ThePool_DoesNotResetConnectionsOnClose_ByDefault()
    {
        using var source = HubServices.DataSource("Host=127.0.0.1;Username=postgres");

        Assert.True(new Npgsql.NpgsqlConnectionStringBuilder(source.ConnectionString).NoResetOnClose);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Username=postgres;No Reset On Close=false")]
    [InlineData("Host=127.0.0.1;Username=postgres;NoResetOnClose=false")]
    public void AConnectionStringThatAsksForTheReset_GetsIt(string connectionString)
    {
        using var source = HubServices.DataSource(connectionString);

        Assert.False(new Npgsql.NpgsqlConnectionStringBuilder(source.ConnectionString).NoResetOnClose);
    }
}
