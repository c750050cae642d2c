namespace Hub.Common;

/// <summary>
/// A cleanup that runs every <c>interval</c> on the hub's clock, from any instance (its statements are safe to race),
/// until the host stops; a failed run is logged and the next one tries again. A zero interval turns it off.
/// </summary>
internal abstract class PeriodicCleanup(TimeProvider clock, TimeSpan interval) : BackgroundService
{
    /// <summary>The hub's clock, for the passes too.</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>One pass; returns how many rows it found to clean.</summary>
    public abstract Task<long> RunOnceAsync(CancellationToken ct);

    /// <summary>Logs a failed pass.</summary>
    protected abstract void OnRunFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, Clock, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                OnRunFailed(ex);
            }
        }
    }
}
