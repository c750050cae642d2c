using Hub.Events;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Webhooks;

public sealed class OutboxSignalTests
{
    [Fact]
    public async Task APulse_WakesTheWaiter_BeforeItsPoll()
    {
        var signal = new OutboxSignal();
        var clock = new FakeTimeProvider();
        var waiting = signal.WaitAsync(TimeSpan.FromHours(1), clock, TimeSpan.Zero, CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        signal.Pulse();
        signal.Pulse(); // a second pulse before the wake-up is one wake-up

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        var next = signal.WaitAsync(TimeSpan.FromHours(1), clock, TimeSpan.Zero, CancellationToken.None);
        await Task.Delay(50);
        Assert.True(next.IsCompleted); // the second pulse was kept for the next wait
        var third = signal.WaitAsync(TimeSpan.FromSeconds(5), clock, TimeSpan.Zero, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5)); // without a pulse, the poll ends the wait
        await third.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AfterAPulse_TheWaitGoesOnForTheCoalesceWindow_SoEventsCommittedRightAfterShareTheRun()
    {
        var signal = new OutboxSignal();
        var clock = new FakeTimeProvider();
        var waiting = signal.WaitAsync(TimeSpan.FromHours(1), clock, TimeSpan.FromMilliseconds(300), CancellationToken.None);

        signal.Pulse();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted); // woken, but still gathering
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        // Ended by the poll (no pulse), there is nothing to gather: no window.
        var polled = signal.WaitAsync(TimeSpan.FromSeconds(5), clock, TimeSpan.FromHours(1), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));
        await polled.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
