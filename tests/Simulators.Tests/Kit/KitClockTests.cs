using System.Net;
using Microsoft.Extensions.Time.Testing;
using Simulators.Kit;

namespace Simulators.Tests.Kit;

/// <summary>The simulator clock and the callback scheduler on it: due at t0+N, sent when either clock reaches it.</summary>
public sealed class KitClockTests : IDisposable
{
    private readonly KitHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Clock_InnerPlusOffset_WaitWakesOnEitherMove()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var clock = new SimulatorClock(fake);
        var start = clock.GetUtcNow();

        var byInner = clock.WaitUntilAsync(start.AddSeconds(10), CancellationToken.None);
        var byOffset = clock.WaitUntilAsync(start.AddSeconds(30), CancellationToken.None);
        fake.Advance(TimeSpan.FromSeconds(9));
        Assert.False(byInner.IsCompleted);
        fake.Advance(TimeSpan.FromSeconds(1));
        await byInner.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(byOffset.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(20));
        await byOffset.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(start.AddSeconds(30), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(20), clock.Offset);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task Scheduler_CallbackDueAtDelay_SentWhenTheFakeClockGetsThere()
    {
        var reference = KitHarness.NewReference();
        using var created = await _h.PayAsync(reference, 1010);

        _h.Clock.Advance(TimeSpan.FromSeconds(9));
        await KitHarness.SettleAsync();
        Assert.Empty(_h.Simulator.Callbacks);
        Assert.Equal("PENDING", await _h.StatusAsync(reference));
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var sent = Assert.Single(await _h.WaitForCallbacksAsync(1));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($$"""{"reference":"{{reference}}","status":"PAID"}""", sent.Body);
        Assert.Equal(_h.Clock.GetUtcNow(), sent.SentAt);
        Assert.Equal(200, sent.StatusCode);
        var received = Assert.Single(_h.Receiver.LogEntries).RequestMessage!;
        Assert.Equal("POST", received.Method);
        Assert.Equal("sig-" + reference, received.Headers!["X-Echo-Signature"][0]);
    }

    [Fact]
    public async Task ClockAdvanceControl_SendsTheDueCallback_AndGetClockShowsTheOffset()
    {
        var reference = KitHarness.NewReference();
        using var created = await _h.PayAsync(reference, 1030);

        using var early = await _h.ControlAsync("/__sim/clock/advance", new { seconds = 29 });
        await KitHarness.SettleAsync();
        Assert.Empty(_h.Simulator.Callbacks);
        using var advanced = await _h.ControlAsync("/__sim/clock/advance", new { seconds = 1 });
        var sent = Assert.Single(await _h.WaitForCallbacksAsync(1));
        using var clock = await _h.GetJsonAsync("/__sim/clock");

        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
        Assert.Contains("\"status\":\"PAID\"", sent.Body);
        Assert.Equal(30, clock.RootElement.GetProperty("offsetSeconds").GetDouble());
        Assert.Equal(_h.Clock.GetUtcNow().AddSeconds(30), clock.RootElement.GetProperty("now").GetDateTimeOffset());
        Assert.Equal("PAID", await _h.StatusAsync(reference));
    }

    [Fact]
    public async Task Scheduler_DelayBeyondOneTimer_StillSentWhenDue()
    {
        _h.Simulator.AddOverride(new SimOverride<EchoOutcome> { Outcome = new EchoOutcome { Status = "PAID", DelaySeconds = 100 * 86_400 } });
        using var created = await _h.PayAsync(KitHarness.NewReference(), 1002);

        _h.Clock.Advance(TimeSpan.FromDays(99));
        await KitHarness.SettleAsync();
        Assert.Empty(_h.Simulator.Callbacks);
        _h.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Contains("\"status\":\"PAID\"", Assert.Single(await _h.WaitForCallbacksAsync(1)).Body);
    }

    [Theory]
    [InlineData("{\"seconds\":-1}")]
    [InlineData("{\"seconds\":\"ten\"}")]
    [InlineData("{}")]
    public async Task ClockAdvanceControl_BadSeconds_Returns400Problem(string body)
    {
        using var response = await _h.Http.PostAsync("/__sim/clock/advance", new StringContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"code\":\"INVALID_CONTROL\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.Zero, _h.Simulator.Clock.Offset);
    }

    [Fact]
    public async Task Scheduler_NeverBeforeTheCreationReply_ZeroDelayStillAfterIt()
    {
        using var created = await _h.PayAsync(KitHarness.NewReference(), 1001);

        var sent = Assert.Single(await _h.WaitForCallbacksAsync(1));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("\"status\":\"FAILED\"", sent.Body);
    }
}
