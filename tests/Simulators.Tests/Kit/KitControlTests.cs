using System.Net;
using Simulators.Kit;

namespace Simulators.Tests.Kit;

/// <summary>Overrides, resolve, resend, reset, a simulator's own control, and how controls refuse.</summary>
public sealed class KitControlTests : IDisposable
{
    private readonly KitHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Override_ByPhoneOnLastNineDigits_Once_ThenRulesResume()
    {
        using var added = await _h.ControlAsync("/__sim/overrides", new
        {
            match = new { phone = "+237 671 234 567" },
            outcome = new { status = "FAILED" },
            uses = 1,
        });
        var first = KitHarness.NewReference();
        var second = KitHarness.NewReference();
        using var r1 = await _h.PayAsync(first, 1000, phone: "237671234567", withCallback: false);
        using var r2 = await _h.PayAsync(second, 1000, phone: "237671234567", withCallback: false);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("ovr_1", (await added.Content.ReadAsStringAsync()).Split('"')[3]);
        Assert.Equal("FAILED", await _h.StatusAsync(first));
        Assert.Equal("PAID", await _h.StatusAsync(second));
    }

    [Fact]
    public async Task Override_ByReferenceAmountOperation_AllMustMatch_WithTheOutcomesDelay()
    {
        var reference = KitHarness.NewReference();
        _h.Simulator.AddOverride(new SimOverride<EchoOutcome>
        {
            Match = new OverrideMatch { Reference = reference.ToUpperInvariant(), Amount = "1001", Operation = "PAY" },
            Outcome = new EchoOutcome { Status = "PAID", DelaySeconds = 45 },
        });
        var otherAmount = KitHarness.NewReference();

        using var forced = await _h.PayAsync(reference, 1001, withCallback: false);
        using var notForced = await _h.PayAsync(otherAmount, 1003, withCallback: false);
        _h.Clock.Advance(TimeSpan.FromSeconds(44));
        var before = await _h.StatusAsync(reference);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("PENDING", before);
        Assert.Equal("PAID", await _h.StatusAsync(reference));
        Assert.Equal("FAILED", await _h.StatusAsync(otherAmount));
    }

    [Fact]
    public async Task Override_NextCalls_ThenListAndDelete()
    {
        _h.Simulator.AddOverride(new SimOverride<EchoOutcome> { Match = new OverrideMatch { NextCalls = 2 }, Outcome = new EchoOutcome { Status = "FAILED" } });
        _h.Simulator.AddOverride(new SimOverride<EchoOutcome> { Match = new OverrideMatch { Amount = "4242" }, Outcome = new EchoOutcome { Status = "FAILED" } });
        var references = Enumerable.Range(0, 3).Select(_ => KitHarness.NewReference()).ToList();
        foreach (var reference in references)
        {
            using var created = await _h.PayAsync(reference, 1000, withCallback: false);
        }

        using var listed = await _h.GetJsonAsync("/__sim/overrides");
        using var cleared = await _h.Http.DeleteAsync("/__sim/overrides");
        var afterClear = KitHarness.NewReference();
        using var last = await _h.PayAsync(afterClear, 4242, withCallback: false);

        Assert.Equal(["FAILED", "FAILED", "PAID"], await Task.WhenAll(references.Select(_h.StatusAsync)));
        Assert.Equal("4242", Assert.Single(listed.RootElement.EnumerateArray()).GetProperty("match").GetProperty("amount").GetString());
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal("PENDING", await _h.StatusAsync(afterClear));
    }

    [Fact]
    public async Task Override_CarriesACallbackMode()
    {
        using var added = await _h.ControlAsync("/__sim/overrides", new { match = new { amount = "1001" }, outcome = new { status = "FAILED", callbackMode = "duplicate" } });
        using var created = await _h.PayAsync(KitHarness.NewReference(), 1001);

        var sent = await _h.WaitForCallbacksAsync(2);

        Assert.Equal(2, sent.Count);
    }

    [Fact]
    public async Task Resolve_ByHand_SendsTheCallback_ScheduledOneNeverFollows()
    {
        var reference = KitHarness.NewReference();
        using var created = await _h.PayAsync(reference, 1050);

        using var resolved = await _h.ControlAsync($"/__sim/transactions/{reference}/resolve", new { status = "FAILED" });
        _h.Clock.Advance(TimeSpan.FromSeconds(60));
        await KitHarness.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Contains("\"status\":\"FAILED\"", await resolved.Content.ReadAsStringAsync());
        Assert.Equal("FAILED", await _h.StatusAsync(reference));
        Assert.Contains("\"status\":\"FAILED\"", Assert.Single(_h.Simulator.Callbacks).Body);
    }

    [Fact]
    public async Task Resolve_StatusTheProviderLacks_400_UnknownReference_404()
    {
        var reference = KitHarness.NewReference();
        using var created = await _h.PayAsync(reference, 1050);

        using var bad = await _h.ControlAsync($"/__sim/transactions/{reference}/resolve", new { status = "SUCCESSFUL" });
        using var missing = await _h.ControlAsync($"/__sim/transactions/{reference}/resolve", new { });
        using var unknown = await _h.ControlAsync($"/__sim/transactions/{KitHarness.NewReference()}/resolve", new { status = "PAID" });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("PAID or FAILED", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("\"code\":\"UNKNOWN_TRANSACTION\"", await unknown.Content.ReadAsStringAsync());
        Assert.Equal("PENDING", await _h.StatusAsync(reference));
    }

    [Fact]
    public async Task ResendCallback_TheCurrentStateOnceMore_WhateverTheMode()
    {
        var reference = KitHarness.NewReference();
        using var created = await _h.PayAsync(reference, 1001);
        await _h.WaitForCallbacksAsync(1);
        _h.Simulator.SetCallbackMode(CallbackMode.Drop, referenceId: reference);

        using var resent = await _h.ControlAsync($"/__sim/transactions/{reference}/resend-callback");
        using var noUrl = await _h.PayAsync(KitHarness.NewReference(), 1001, withCallback: false);
        using var unknown = await _h.ControlAsync($"/__sim/transactions/{KitHarness.NewReference()}/resend-callback");

        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(2, _h.Simulator.Callbacks.Count);
        Assert.Equal(_h.Simulator.Callbacks[0].Body, _h.Simulator.Callbacks[1].Body);
    }

    [Fact]
    public async Task Reset_ForgetsEverything_CancelsScheduledCallbacks_KeepsTheClock()
    {
        using var created = await _h.PayAsync(KitHarness.NewReference(), 1005 + 1);
        _h.Simulator.AddFault(new SimFault { Path = "*", Count = 5 });
        _h.Simulator.AddOverride(new SimOverride<EchoOutcome> { Outcome = new EchoOutcome { Status = "FAILED" } });
        _h.Simulator.SetCallbackMode(CallbackMode.Drop);
        _h.Simulator.AdvanceClock(TimeSpan.FromSeconds(1));

        using var reset = await _h.ControlAsync("/__sim/reset");
        _h.Clock.Advance(TimeSpan.FromSeconds(6));
        await KitHarness.SettleAsync();
        var reference = KitHarness.NewReference();
        var journalAfterReset = _h.Simulator.Server.LogEntries.Select(e => e.RequestMessage?.Path).ToList();
        using var again = await _h.PayAsync(reference, 1001);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(["/__sim/reset"], journalAfterReset);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);                     // no fault
        Assert.Equal("FAILED", await _h.StatusAsync(reference));                    // rules, no override
        var sent = Assert.Single(await _h.WaitForCallbacksAsync(1));                // the old one never went; mode normal
        Assert.Equal(reference, sent.ReferenceId);
        Assert.Equal(TimeSpan.FromSeconds(1), _h.Simulator.Clock.Offset);
    }

    [Fact]
    public async Task SimulatorsOwnControl_ServedUnderSim()
    {
        var reference = KitHarness.NewReference();
        using var created = await _h.PayAsync(reference, 1002, withCallback: false);

        using var charged = await _h.ControlAsync($"/__sim/transactions/{reference}/chargeback");
        using var unknown = await _h.ControlAsync($"/__sim/transactions/{KitHarness.NewReference()}/chargeback");

        Assert.Equal(HttpStatusCode.OK, charged.StatusCode);
        Assert.Equal("CHARGED_BACK", await _h.StatusAsync(reference));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Controls_ListTransactionsAndCallbacks_AsJson()
    {
        var reference = KitHarness.NewReference();
        using var created = await _h.PayAsync(reference, 1001);
        await _h.WaitForCallbacksAsync(1);

        using var transactions = await _h.GetJsonAsync("/__sim/transactions");
        using var callbacks = await _h.GetJsonAsync("/__sim/callbacks");

        var transaction = Assert.Single(transactions.RootElement.EnumerateArray());
        Assert.Equal(reference, transaction.GetProperty("reference").GetString());
        Assert.Equal("amount_odd", transaction.GetProperty("rule").GetString());
        var callback = Assert.Single(callbacks.RootElement.EnumerateArray());
        Assert.Equal(reference, callback.GetProperty("referenceId").GetString());
        Assert.Equal(200, callback.GetProperty("statusCode").GetInt32());
        Assert.Equal(_h.CallbackUrl, callback.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("/__sim/callback-mode", "{\"mode\":\"sometimes\"}")]
    [InlineData("/__sim/callback-mode", "{\"mode\":\"9\"}")]
    [InlineData("/__sim/overrides", "{\"match\":[]}")]
    [InlineData("/__sim/overrides", "not json")]
    public async Task Controls_BadJson_Returns400Problem(string path, string body)
    {
        using var response = await _h.Http.PostAsync(path, new StringContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
