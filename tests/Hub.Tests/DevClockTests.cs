using System.Net;
using Hub.Operations;
using Hub.Tests.Infrastructure;

namespace Hub.Tests;

public sealed class DevClockTests
{
    [Fact]
    public void Advance_MovesNowForward_AndNeverBack()
    {
        var clock = new DevClock();
        var before = clock.GetUtcNow();

        var offset = clock.Advance(TimeSpan.FromHours(24));

        Assert.Equal(TimeSpan.FromHours(24), offset);
        Assert.True(clock.GetUtcNow() - before >= TimeSpan.FromHours(24));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }
}

/// <summary>The development hub exposes its clock; the endpoint moves what every hub component reads.</summary>
[Collection(HubCollection.Name)]
public sealed class DevClockEndpointTests(HubFixture hub)
{
    [Fact]
    public async Task DevelopmentHub_AdvancesItsClock_AndRefusesBadInput()
    {
        using var client = hub.Client();

        // The fixture's hub runs in Development (WebApplicationFactory's default) with the hub's own clock. It is shared by
        // every test here, so this one moves it by zero; the unit test above moves a clock of its own.
        var before = await client.FetchAsync("/__dev/clock");
        var bad = await client.SendAsync(HttpMethod.Post, "/__dev/clock/advance", """{"seconds":-5}""");
        var moved = await client.SendAsync(HttpMethod.Post, "/__dev/clock/advance", """{"seconds":0}""");

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal(before.Json["offsetSeconds"]!.GetValue<long>(), moved.Json["offsetSeconds"]!.GetValue<long>());
    }
}
