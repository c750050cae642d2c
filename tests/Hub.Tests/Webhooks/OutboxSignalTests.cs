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
        var waiting = signal.WaitAsync(TimeSpan.FromHours(1), clock, CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        signal.Pulse();
        signal.Pulse(); // a second pulse before the wake-up is one wake-up

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10))); // woken by a pulse
        // The second pulse was kept for the next wait: it ends at once, the fake clock never moving.
        var next = signal.WaitAsync(TimeSpan.FromHours(1), clock, CancellationToken.None);
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        var third = signal.WaitAsync(TimeSpan.FromSeconds(5), clock, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5)); // without a pulse, the poll ends the wait
        Assert.False(await third.WaitAsync(TimeSpan.FromSeconds(10))); // the poll, not a pulse
    }
}
