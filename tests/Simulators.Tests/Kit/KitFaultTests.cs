using System.Net;
using Simulators.Kit;

namespace Simulators.Tests.Kit;

/// <summary>Every fault kind, on any endpoint (a token endpoint too), for the next N calls.</summary>
public sealed class KitFaultTests : IDisposable
{
    private readonly KitHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData("500", 500)]
    [InlineData("502", 502)]
    [InlineData("503", 503)]
    [InlineData("504", 504)]
    [InlineData("401", 401)]
    [InlineData("429", 429)]
    public async Task StatusFault_OnTheTokenEndpoint_NextCallOnly(string kind, int status)
    {
        using var added = await _h.ControlAsync("/__sim/faults", new { path = "/token", kind, retryAfterSeconds = 7 });

        using var failed = await _h.Http.PostAsync("/token", null);
        using var ok = await _h.Http.PostAsync("/token", null);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(status, (int)failed.StatusCode);
        Assert.Equal("", await failed.Content.ReadAsStringAsync());
        Assert.Equal(status == 429 ? TimeSpan.FromSeconds(7) : null, failed.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Fault_CountAndMethod_HitsTheNextNMatchingCalls()
    {
        _h.Simulator.AddFault(new SimFault { Path = "/pay", Method = "GET", Kind = FaultKind.Status503, Count = 2 });
        var reference = KitHarness.NewReference();

        using var created = await _h.PayAsync(reference, 1002, withCallback: false); // a POST: not matched
        using var first = await _h.Http.GetAsync($"/pay/{reference}");
        using var second = await _h.Http.GetAsync($"/pay/{reference}");
        using var third = await _h.Http.GetAsync($"/pay/{reference}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Fault_Wildcard_SparesTheControls()
    {
        _h.Simulator.AddFault(new SimFault { Path = "*", Kind = FaultKind.Status500 });

        using var control = await _h.Http.GetAsync("/__sim/transactions");
        using var provider = await _h.Http.PostAsync("/token", null);

        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, provider.StatusCode);
    }

    [Fact]
    public async Task Fault_ConnectionReset_ClientSeesTransportError_NothingStored()
    {
        _h.Simulator.AddFault(new SimFault { Path = "/pay", Kind = FaultKind.ConnectionReset });

        await Assert.ThrowsAsync<HttpRequestException>(() => _h.PayAsync(KitHarness.NewReference(), 1002));
        Assert.Equal(0, await CountTransactionsAsync());
    }

    [Fact]
    public async Task Fault_ConnectionResetCommitThenFail_StoredAndCallbackStillGoes()
    {
        _h.Simulator.AddFault(new SimFault { Path = "/pay", Kind = FaultKind.ConnectionReset, CommitThenFail = true });
        var reference = KitHarness.NewReference();

        await Assert.ThrowsAsync<HttpRequestException>(() => _h.PayAsync(reference, 1001));
        var sent = Assert.Single(await _h.WaitForCallbacksAsync(1));

        Assert.Equal("FAILED", await _h.StatusAsync(reference));
        Assert.Equal(reference, sent.ReferenceId);
    }

    [Fact]
    public async Task Fault_CommitThenFail_StoresThenLosesTheReply_RetryIsADuplicate()
    {
        using var added = await _h.ControlAsync("/__sim/faults", new { path = "/pay", method = "POST", kind = "500", commitThenFail = true });
        var reference = KitHarness.NewReference();

        using var lost = await _h.PayAsync(reference, 1002);
        using var retry = await _h.PayAsync(reference, 1002);

        Assert.Equal(HttpStatusCode.InternalServerError, lost.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal(1, await CountTransactionsAsync());
    }

    [Fact]
    public async Task Fault_Timeout_HeldPastTheClientTimeout_CommittedWhenAsked()
    {
        _h.Simulator.AddFault(new SimFault { Path = "/pay", Kind = FaultKind.Timeout, CommitThenFail = true });
        using var impatient = new HttpClient { BaseAddress = new Uri(_h.Simulator.Url), Timeout = TimeSpan.FromSeconds(2) };

        var pending = await _h.SendIntoFaultAsync(() =>
            impatient.PostAsync("/pay", KitHarness.Json(new { reference = KitHarness.NewReference(), amount = 1002 })));

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => pending);

        Assert.Equal(1, await CountTransactionsAsync());
    }

    [Fact]
    public async Task Fault_Timeout_Gives504OnceTheSimulatorClockPassesTheHold()
    {
        _h.Simulator.AddFault(new SimFault { Path = "/token", Kind = FaultKind.Timeout, DelaySeconds = 30 });

        var pending = await _h.SendIntoFaultAsync(() => _h.Http.PostAsync("/token", null));
        Assert.False(pending.IsCompleted);
        _h.Simulator.AdvanceClock(TimeSpan.FromSeconds(30));
        using var reply = await pending.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.GatewayTimeout, reply.StatusCode);
    }

    [Fact]
    public async Task Fault_Latency_HoldsOnTheClockThenAnswersNormally()
    {
        _h.Simulator.AddFault(new SimFault { Path = "/token", Kind = FaultKind.Latency, DelaySeconds = 3 });

        var pending = await _h.SendIntoFaultAsync(() => _h.Http.PostAsync("/token", null));
        Assert.False(pending.IsCompleted);
        _h.Clock.Advance(TimeSpan.FromSeconds(3));
        using var reply = await pending.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("""{"token":"t"}""", await reply.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Fault_EmptyResponse_And_Listing_And_Delete()
    {
        using var added = await _h.ControlAsync("/__sim/faults", new { path = "/token", kind = "empty_response", count = 3 });
        using var listed = await _h.GetJsonAsync("/__sim/faults");
        var fault = Assert.Single(listed.RootElement.EnumerateArray());
        using var empty = await _h.Http.PostAsync("/token", null);
        using var cleared = await _h.Http.DeleteAsync("/__sim/faults");
        using var ok = await _h.Http.PostAsync("/token", null);

        Assert.Equal(3, fault.GetProperty("remaining").GetInt32());
        Assert.Equal("empty_response", fault.GetProperty("fault").GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("", await empty.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal("""{"token":"t"}""", await ok.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"kind\":\"418\"}")]
    [InlineData("{\"kind\":\"500\",\"count\":0}")]
    [InlineData("[1]")]
    public async Task Fault_Invalid_Returns400(string body)
    {
        using var response = await _h.Http.PostAsync("/__sim/faults", new StringContent(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var listed = await _h.GetJsonAsync("/__sim/faults");
        Assert.Empty(listed.RootElement.EnumerateArray());
    }

    private async Task<int> CountTransactionsAsync()
    {
        using var listed = await _h.GetJsonAsync("/__sim/transactions");
        return listed.RootElement.GetArrayLength();
    }
}
