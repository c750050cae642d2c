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

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        var next = signal.WaitAsync(TimeSpan.FromHours(1), clock, CancellationToken.None);
        await Task.Delay(50);
        Assert.True(next.IsCompleted); // the second pulse was kept for the next wait
        var third = signal.WaitAsync(TimeSpan.FromSeconds(5), clock, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5)); // without a pulse, the poll ends the wait
        await third.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
