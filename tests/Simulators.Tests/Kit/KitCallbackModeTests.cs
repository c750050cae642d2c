using System.Net;
using System.Text.Json;
using Simulators.Kit;

namespace Simulators.Tests.Kit;

/// <summary>drop, duplicate, out_of_order, early and late, for later transactions or one reference.</summary>
public sealed class KitCallbackModeTests : IDisposable
{
    private readonly KitHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Drop_NoCallback_StatusStillFinal()
    {
        using var mode = await _h.ControlAsync("/__sim/callback-mode", new { mode = "drop" });
        var reference = KitHarness.NewReference();
        using var created = await _h.PayAsync(reference, 1001);

        await KitHarness.SettleAsync();

        Assert.Equal(HttpStatusCode.NoContent, mode.StatusCode);
        Assert.Empty(_h.Simulator.Callbacks);
        Assert.Empty(_h.Receiver.LogEntries);
        Assert.Equal("FAILED", await _h.StatusAsync(reference));
    }

    [Fact]
    public async Task Duplicate_SameBytesTwice()
    {
        _h.Simulator.SetCallbackMode(CallbackMode.Duplicate);
        using var created = await _h.PayAsync(KitHarness.NewReference(), 1001);

        var sent = await _h.WaitForCallbacksAsync(2);
        await KitHarness.SettleAsync();

        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[0].Body, sent[1].Body);
        Assert.Equal(2, _h.Receiver.LogEntries.Count);
    }

    [Fact]
    public async Task OutOfOrder_FinalThenStale()
    {
        using var mode = await _h.ControlAsync("/__sim/callback-mode", new { mode = "out_of_order" });
        var reference = KitHarness.NewReference();
        using var created = await _h.PayAsync(reference, 1000);

        var sent = await _h.WaitForCallbacksAsync(2);

        Assert.Equal(2, sent.Count);
        Assert.Equal($$"""{"reference":"{{reference}}","status":"PAID"}""", sent[0].Body);
        Assert.Equal($$"""{"reference":"{{reference}}","status":"PENDING"}""", sent[1].Body);
    }

    [Fact]
    public async Task Early_ForOneReference_AnsweredBeforeTheCreationReply_OthersNormal()
    {
        var reference = KitHarness.NewReference();
        var other = KitHarness.NewReference();
        using var mode = await _h.ControlAsync("/__sim/callback-mode", new { mode = "early", reference });

        using var created = await _h.PayAsync(reference, 1050);
        var sentBeforeReply = _h.Simulator.Callbacks; // no polling: it was answered before the reply left
        using var second = await _h.PayAsync(other, 1050);
        await KitHarness.SettleAsync();

        var sent = Assert.Single(sentBeforeReply);
        Assert.Contains("\"status\":\"PAID\"", sent.Body);
        Assert.Equal("PAID", await _h.StatusAsync(reference));
        Assert.Equal("PENDING", await _h.StatusAsync(other));
        Assert.Single(_h.Simulator.Callbacks);
    }

    [Fact]
    public async Task Late_ComesTheGivenDelayAfterTheOutcome()
    {
        using var mode = await _h.ControlAsync("/__sim/callback-mode", new { mode = "late", delaySeconds = 20 });
        var reference = KitHarness.NewReference();
        using var created = await _h.PayAsync(reference, 1002);

        _h.Clock.Advance(TimeSpan.FromSeconds(21));
        await KitHarness.SettleAsync();
        Assert.Empty(_h.Simulator.Callbacks);
        Assert.Equal("PAID", await _h.StatusAsync(reference));
        _h.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Single(await _h.WaitForCallbacksAsync(1));
    }

    [Fact]
    public async Task Late_WithoutDelay_TakesTheDefault()
    {
        using var h = new KitHarness(o => new SimulatorOptions { Clock = o.Clock, DefaultLateCallbackDelay = TimeSpan.FromSeconds(5) });
        h.Simulator.SetCallbackMode(CallbackMode.Late);
        using var created = await h.PayAsync(KitHarness.NewReference(), 1001);

        h.Clock.Advance(TimeSpan.FromSeconds(4));
        await KitHarness.SettleAsync();
        Assert.Empty(h.Simulator.Callbacks);
        h.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Single(await h.WaitForCallbacksAsync(1));
    }

    [Fact]
    public async Task Mode_ReadWhenTheRequestArrives_ListedWithTheTransaction()
    {
        var reference = KitHarness.NewReference();
        _h.Simulator.SetCallbackMode(CallbackMode.Drop);
        using var created = await _h.PayAsync(reference, 1001);
        _h.Simulator.SetCallbackMode(CallbackMode.Normal);

        await KitHarness.SettleAsync();
        using var listed = await _h.GetJsonAsync($"/__sim/transactions/{reference}");

        Assert.Empty(_h.Simulator.Callbacks);
        Assert.Equal("drop", listed.RootElement.GetProperty("callbackMode").GetString());
    }

    [Fact]
    public async Task HubDown_RecordedWithTheError_NeverRetried()
    {
        _h.Receiver.Stop();
        using var created = await _h.PayAsync(KitHarness.NewReference(), 1001);

        var sent = Assert.Single(await _h.WaitForCallbacksAsync(1));
        _h.Clock.Advance(TimeSpan.FromMinutes(10));
        await KitHarness.SettleAsync();

        Assert.Null(sent.StatusCode);
        Assert.NotNull(sent.Error);
        Assert.Single(_h.Simulator.Callbacks);
        using var listed = await _h.GetJsonAsync("/__sim/callbacks");
        Assert.Equal(JsonValueKind.Null, Assert.Single(listed.RootElement.EnumerateArray()).GetProperty("statusCode").ValueKind);
    }
}
