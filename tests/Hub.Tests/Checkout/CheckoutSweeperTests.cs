using Hub.Checkout;
using Hub.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Checkout;

/// <summary>A session nobody reads still settles: the sweeper expires it after expiresAt and writes its one event.</summary>
public sealed class CheckoutSweeperTests
{
    [Fact]
    public async Task AnUnreadSessionPastItsExpiry_IsExpiredByTheSweep_WithOneEvent_AndOnlyOnce()
    {
        // The loop off: the test runs the passes itself, on the hub's fake clock.
        await using var world = await Reconciliation.ReconciliationHub.StartAsync(new Dictionary<string, string?>
        {
            ["Hub:CheckoutSweepInterval"] = "00:00:00",
        });
        using var client = world.Client();
        var id = (await CheckoutSessionsApiTests.CreateAsync(client))["id"]!.GetValue<string>();
        Assert.True(PublicId.TryParse(PublicId.CheckoutSession, id, out var guid));
        var sweeper = world.App.Services.GetRequiredService<CheckoutSweeper>();
        var expiresAt = await world.App.WithSystemDbAsync(db => db.CheckoutSessions.Where(s => s.Id == guid).Select(s => s.ExpiresAt).FirstAsync());

        world.HubClock.Advance(expiresAt - world.HubClock.GetUtcNow() - TimeSpan.FromSeconds(1));
        var early = await sweeper.RunOnceAsync(CancellationToken.None);
        var stillOpen = await StatusAsync(world, guid);
        world.HubClock.Advance(TimeSpan.FromSeconds(1));
        var due = await sweeper.RunOnceAsync(CancellationToken.None);
        var again = await sweeper.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, early);
        Assert.Equal(CheckoutStatus.Open, stillOpen);
        Assert.Equal(1, due);
        Assert.Equal(0, again);
        Assert.Equal(CheckoutStatus.Expired, await StatusAsync(world, guid));
        var events = await world.App.WithSystemDbAsync(db => db.Events.Where(e => e.ObjectId == guid).Select(e => e.Type).ToListAsync());
        Assert.Equal(["checkout_session.expired"], events);
    }

    private static Task<string> StatusAsync(Reconciliation.ReconciliationHub world, Guid id) =>
        world.App.WithSystemDbAsync(db => db.CheckoutSessions.IgnoreQueryFilters().Where(s => s.Id == id).Select(s => s.Status).FirstAsync());
}
