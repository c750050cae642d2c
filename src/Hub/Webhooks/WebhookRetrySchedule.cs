namespace Hub.Webhooks;

/// <summary>
/// When a failed delivery is tried again: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, then every 8 h,
/// each ±20 % so that a receiver coming back up is not hit by every retry in the same second. A delivery gives up
/// once an attempt fails 24 h or more after the first one, by the schedule's own clock (attempt 12, near 31 h):
/// the count is kept, the first attempt's time is not, and this way jitter cannot cut the 24 h short.
/// </summary>
internal static class WebhookRetrySchedule
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);

    private static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(8),
    ];

    /// <summary>The nominal wait after failed attempt number <paramref name="attempts"/> (1 for the first).</summary>
    public static TimeSpan Delay(int attempts) => Delays[Math.Clamp(attempts, 1, Delays.Length) - 1];

    /// <summary>The nominal time from the first attempt to attempt number <paramref name="attempts"/>.</summary>
    public static TimeSpan Elapsed(int attempts)
    {
        var total = TimeSpan.Zero;
        for (var n = 1; n < attempts; n++)
        {
            total += Delay(n);
        }

        return total;
    }

    /// <summary>Whether failed attempt number <paramref name="attempts"/> is the last one.</summary>
    public static bool GivesUp(int attempts) => Elapsed(attempts) >= GiveUpAfter;

    /// <summary>The wait before the next attempt, with ±20 % jitter; <paramref name="unit"/> is uniform in [0, 1).</summary>
    public static TimeSpan NextDelay(int attempts, double unit) => Delay(attempts) * (0.8 + (0.4 * unit));
}
