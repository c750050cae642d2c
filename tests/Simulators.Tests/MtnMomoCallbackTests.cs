using System.Net;
using Simulators.MtnMomo;

namespace Simulators.Tests;

/// <summary>The callback: one unsigned PUT of the status object to X-Callback-Url, at the simulated time, per mode.</summary>
public sealed class MtnMomoCallbackTests : IDisposable
{
    private readonly MtnMomoHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Callback_EvenAmount_OnePutWithGetBodyAtTheDelay()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        using var created = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.02"));

        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        await MtnMomoHarness.SettleAsync();
        Assert.Empty(_h.ReceivedCallbacks);

        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var sent = Assert.Single(await _h.WaitForCallbacksAsync(1));
        var (_, getBody) = await _h.StatusAsync(reference, token);
        await MtnMomoHarness.SettleAsync();

        var received = Assert.Single(_h.ReceivedCallbacks).RequestMessage!;
        Assert.Equal("PUT", received.Method);
        Assert.Equal($"/v1/callbacks/mtn_momo/ca_test", received.Path);
        Assert.Equal(reference, received.Query!["ref"][0]);
        Assert.Equal(getBody, received.Body);
        Assert.Contains("\"status\":\"SUCCESSFUL\"", received.Body);
        Assert.Null(MtnMomoWireHeader(received, "Authorization"));
        Assert.Equal(_h.CallbackUrl(reference), sent.Url);
        Assert.Equal(200, sent.StatusCode);
        Assert.Equal(_h.Clock.GetUtcNow(), sent.SentAt);
    }

    [Fact]
    public async Task Callback_OddAmount_FailedCallbackAtOnceAfterThe202()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        using var created = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.01"));

        var sent = Assert.Single(await _h.WaitForCallbacksAsync(1));

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Contains("\"status\":\"FAILED\",\"reason\":\"NOT_ENOUGH_FUNDS\"", sent.Body);
        Assert.Equal("PUT", sent.Method);
    }

    [Fact]
    public async Task Callback_NoCallbackUrl_NoneSent()
    {
        var token = await _h.AccessTokenAsync();
        using var created = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, MtnMomoHarness.PaymentBody(amount: "10.01"), withCallback: false);

        await MtnMomoHarness.SettleAsync();

        Assert.Empty(_h.Simulator.Callbacks);
        Assert.Empty(_h.ReceivedCallbacks);
    }

    [Fact]
    public async Task Callback_PendingForeverPhone_NoneSent()
    {
        var token = await _h.AccessTokenAsync();
        using var created = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, MtnMomoHarness.PaymentBody(phone: "46733123454"));

        _h.Clock.Advance(TimeSpan.FromHours(2));
        await MtnMomoHarness.SettleAsync();

        Assert.Empty(_h.ReceivedCallbacks);
        Assert.Equal("PENDING", Assert.Single(_h.Simulator.Transactions).Status);
    }

    [Fact]
    public async Task Callback_DropMode_NoneSentButGetIsFinal()
    {
        var token = await _h.AccessTokenAsync();
        using var mode = await _h.ControlAsync("/__sim/callback-mode", new { mode = "drop" });
        var reference = MtnMomoHarness.NewReference();
        using var created = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.01"));

        await MtnMomoHarness.SettleAsync();

        Assert.Equal(HttpStatusCode.NoContent, mode.StatusCode);
        Assert.Empty(_h.ReceivedCallbacks);
        Assert.Contains("\"status\":\"FAILED\"", (await _h.StatusAsync(reference, token)).Body);
    }

    [Fact]
    public async Task Callback_DuplicateMode_SameBytesTwice()
    {
        var token = await _h.AccessTokenAsync();
        _h.Simulator.SetCallbackMode(MtnMomoCallbackMode.Duplicate);
        using var created = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, MtnMomoHarness.PaymentBody(amount: "10.00"));

        var sent = await _h.WaitForCallbacksAsync(2);
        await MtnMomoHarness.SettleAsync();

        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[0].Body, sent[1].Body);
        Assert.Equal(2, _h.ReceivedCallbacks.Count);
        Assert.Equal(_h.ReceivedCallbacks[0].RequestMessage!.Body, _h.ReceivedCallbacks[1].RequestMessage!.Body);
    }

    [Fact]
    public async Task Callback_OutOfOrderMode_FinalThenStalePending()
    {
        var token = await _h.AccessTokenAsync();
        using var mode = await _h.ControlAsync("/__sim/callback-mode", new { mode = "out_of_order" });
        using var created = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, MtnMomoHarness.PaymentBody(amount: "10.00"));

        var sent = await _h.WaitForCallbacksAsync(2);

        Assert.Equal(2, sent.Count);
        Assert.Contains("\"status\":\"SUCCESSFUL\"", sent[0].Body);
        Assert.Contains("\"status\":\"PENDING\"", sent[1].Body);
        Assert.DoesNotContain("financialTransactionId", sent[1].Body);
    }

    [Fact]
    public async Task Callback_EarlyMode_SentBeforeThe202()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        _h.Simulator.SetCallbackMode(MtnMomoCallbackMode.Early, referenceId: reference);

        using var created = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.08"));

        // No polling: the callback was answered before the 202 left.
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var sent = Assert.Single(_h.Simulator.Callbacks);
        Assert.Contains("\"status\":\"SUCCESSFUL\"", sent.Body);
        Assert.Contains("\"status\":\"SUCCESSFUL\"", (await _h.StatusAsync(reference, token)).Body);
    }

    [Fact]
    public async Task Callback_LateMode_ComesTheGivenDelayAfterTheOutcome()
    {
        var token = await _h.AccessTokenAsync();
        using var mode = await _h.ControlAsync("/__sim/callback-mode", new { mode = "late", delaySeconds = 20 });
        using var created = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, MtnMomoHarness.PaymentBody(amount: "10.02"));

        _h.Clock.Advance(TimeSpan.FromSeconds(21));
        await MtnMomoHarness.SettleAsync();
        Assert.Empty(_h.ReceivedCallbacks);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));

        var sent = Assert.Single(await _h.WaitForCallbacksAsync(1));
        Assert.Contains("\"status\":\"SUCCESSFUL\"", sent.Body);
    }

    [Fact]
    public async Task Callback_HubAnswers500_RecordedAndNeverRetried()
    {
        _h.Receiver.Reset();
        _h.Receiver.Given(WireMock.RequestBuilders.Request.Create().WithPath("/*"))
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(500));
        var token = await _h.AccessTokenAsync();
        using var created = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, MtnMomoHarness.PaymentBody(amount: "10.01"));

        var sent = Assert.Single(await _h.WaitForCallbacksAsync(1));
        _h.Clock.Advance(TimeSpan.FromMinutes(10));
        await MtnMomoHarness.SettleAsync();

        Assert.Equal(500, sent.StatusCode);
        Assert.Single(_h.ReceivedCallbacks);
    }

    [Fact]
    public async Task Resolve_ByHand_ChangesStatusAndSendsCallback()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        using var created = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.50"));

        using var resolved = await _h.ControlAsync($"/__sim/transactions/{reference}/resolve", new { status = "FAILED", reason = "PAYER_LIMIT_REACHED" });
        _h.Clock.Advance(TimeSpan.FromSeconds(60));
        await MtnMomoHarness.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Contains("\"reason\":\"PAYER_LIMIT_REACHED\"", (await _h.StatusAsync(reference, token)).Body);
        var sent = Assert.Single(_h.Simulator.Callbacks); // the scheduled success never follows
        Assert.Contains("\"status\":\"FAILED\",\"reason\":\"PAYER_LIMIT_REACHED\"", sent.Body);
    }

    [Fact]
    public async Task ResendCallback_SendsTheCurrentStatusAgain()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        using var created = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.01"));
        await _h.WaitForCallbacksAsync(1);

        using var resent = await _h.ControlAsync($"/__sim/transactions/{reference}/resend-callback");
        using var unknown = await _h.ControlAsync($"/__sim/transactions/{MtnMomoHarness.NewReference()}/resend-callback");

        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(2, _h.Simulator.Callbacks.Count);
        Assert.Equal(_h.Simulator.Callbacks[0].Body, _h.Simulator.Callbacks[1].Body);
    }

    [Fact]
    public async Task Callback_CallbackMethodOption_IsUsed()
    {
        using var h = new MtnMomoHarness(o => new MtnMomoSimulatorOptions { Clock = o.Clock, CallbackMethod = "POST" });
        var token = await h.AccessTokenAsync();
        using var created = await h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, MtnMomoHarness.PaymentBody(amount: "10.01"));

        var sent = Assert.Single(await h.WaitForCallbacksAsync(1));

        Assert.Equal("POST", sent.Method);
        Assert.Equal("POST", Assert.Single(h.ReceivedCallbacks).RequestMessage!.Method);
    }

    private static string? MtnMomoWireHeader(WireMock.IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
}
