using Hub.Webhooks;

namespace Hub.Tests.Webhooks;

public sealed class WebhookScheduleAndPatternTests
{
    [Theory]
    [InlineData("*", "payment.paid", true)]
    [InlineData("payment.*", "payment.paid", true)]
    [InlineData("payment.*", "payout.completed", false)]
    [InlineData("pay.*", "payment.paid", false)]
    [InlineData("refund.completed", "refund.completed", true)]
    [InlineData("refund.completed", "refund.failed", false)]
    public void Matches_PatternAgainstType(string pattern, string type, bool matches) =>
        Assert.Equal(matches, WebhookEventTypes.Matches(pattern, type));

    [Theory]
    [InlineData("*", true)]
    [InlineData("payment.*", true)]
    [InlineData("payout.failed", true)]
    [InlineData("payment.under_review", true)]
    [InlineData("payment.nope", false)]
    [InlineData("nope.*", false)]
    [InlineData("payment.", false)]
    [InlineData("payment.**", false)]
    [InlineData("", false)]
    public void IsValidPattern_KnownTypesFamiliesAndStar(string pattern, bool valid) =>
        Assert.Equal(valid, WebhookEventTypes.IsValidPattern(pattern));

    [Fact]
    public void Delay_FollowsTheScheduleThenEvery8Hours()
    {
        TimeSpan[] expected =
        [
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
            TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4),
            TimeSpan.FromHours(8), TimeSpan.FromHours(8), TimeSpan.FromHours(8),
        ];

        Assert.Equal(expected, Enumerable.Range(1, expected.Length).Select(WebhookRetrySchedule.Delay));
    }

    [Fact]
    public void GivesUp_OnlyOnceAnAttemptFails24HoursAfterTheFirst()
    {
        Assert.False(WebhookRetrySchedule.GivesUp(11)); // attempt 11 comes 23 h 42 min 35 s after the first
        Assert.True(WebhookRetrySchedule.GivesUp(12));
        Assert.True(WebhookRetrySchedule.Elapsed(12) >= TimeSpan.FromHours(24));
    }

    [Theory]
    [InlineData(0.0, 4.0)]
    [InlineData(0.5, 5.0)]
    [InlineData(0.999999, 6.0)]
    public void NextDelay_JittersWithin20Percent(double unit, double seconds) =>
        Assert.Equal(seconds, WebhookRetrySchedule.NextDelay(1, unit).TotalSeconds, precision: 3);
}
