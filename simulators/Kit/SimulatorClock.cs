namespace Simulators.Kit;

/// <summary>
/// The simulator's clock: an inner <see cref="TimeProvider"/> (the system clock, or a FakeTimeProvider in tests) plus
/// an offset that <c>POST /__sim/clock/advance</c> moves. Timers run on the inner clock; <see cref="WaitUntilAsync"/>
/// also wakes when the offset moves, so a callback due at t0+N goes out when either clock reaches it.
/// </summary>
public sealed class SimulatorClock(TimeProvider inner) : TimeProvider
{
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(1);
    private readonly Lock _gate = new();
    private TimeSpan _offset;
    private CancellationTokenSource _moved = new();

    /// <summary>The clock the offset is added to.</summary>
    public TimeProvider Inner { get; } = inner;

    /// <summary>How far <see cref="Advance"/> has moved this clock ahead of <see cref="Inner"/>.</summary>
    public TimeSpan Offset
    {
        get
        {
            lock (_gate)
            {
                return _offset;
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;

    public override long TimestampFrequency => Inner.TimestampFrequency;

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>Moves the clock forward; every <see cref="WaitUntilAsync"/> re-reads it at once.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        CancellationTokenSource moved;
        lock (_gate)
        {
            _offset += by;
            moved = _moved;
            _moved = new CancellationTokenSource();
        }

        // Not disposed: a waiter may still be linking to its token.
        moved.Cancel();
    }

    /// <summary>
    /// Completes when this clock reads <paramref name="at"/> or later. Its first timer is armed before the method
    /// first yields, so a caller that starts the wait and then lets a test move a fake clock cannot miss the move.
    /// </summary>
    public async Task WaitUntilAsync(DateTimeOffset at, CancellationToken ct)
    {
        while (true)
        {
            CancellationToken moved;
            lock (_gate)
            {
                moved = _moved.Token;
            }

            var wait = at - GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, moved);
            try
            {
                // Task.Delay takes at most ~49 days; a longer wait (an override's delay) goes round the loop.
                await Task.Delay(wait < MaxTimer ? wait : MaxTimer, Inner, linked.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The offset moved: read the clock again.
            }
        }
    }
}
