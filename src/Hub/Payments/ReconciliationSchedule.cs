using Connectors.Abstractions;

namespace Hub.Payments;

/// <summary>
/// When the reconciler asks a provider again about a payment still waiting: 30 s, 2 min, 10 min, 1 h, then daily
/// (Kill Bill's janitor pattern). A lost callback heals itself on this schedule.
/// </summary>
internal static class ReconciliationSchedule
{
    private static readonly TimeSpan[] Intervals =
    [
        TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1),
    ];

    /// <summary>The wait before check number <paramref name="attempts"/> + 1.</summary>
    public static TimeSpan After(int attempts) => attempts < Intervals.Length ? Intervals[attempts] : TimeSpan.FromDays(1);

    /// <summary>Whether the reconciler has anything to ask about a payment in <paramref name="status"/>.</summary>
    public static bool Watches(PaymentStatus status) => status switch
    {
        PaymentStatus.Created or PaymentStatus.Pending or PaymentStatus.Processing => true,
        PaymentStatus.Authorized or PaymentStatus.UnderReview or PaymentStatus.Paid or PaymentStatus.Failed
            or PaymentStatus.Canceled or PaymentStatus.Expired or PaymentStatus.Refunded or PaymentStatus.Chargedback => false,
    };
}
