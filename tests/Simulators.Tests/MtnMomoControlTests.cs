using System.Net;
using System.Text.Json;
using Simulators.MtnMomo;

namespace Simulators.Tests;

/// <summary>QA overrides, faults and housekeeping at /__sim.</summary>
public sealed class MtnMomoControlTests : IDisposable
{
    private readonly MtnMomoHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Override_ByPhoneOnce_ForcesFailureThenRulesResume()
    {
        var token = await _h.AccessTokenAsync();
        using var added = await _h.ControlAsync("/__sim/overrides", new
        {
            match = new { phone = "+237 671 234 567" },
            outcome = new { status = "FAILED", reason = "PAYEE_NOT_ALLOWED_TO_RECEIVE" },
            uses = 1,
        });
        var first = MtnMomoHarness.NewReference();
        var second = MtnMomoHarness.NewReference();
        using var r1 = await _h.RequestToPayAsync(first, token, MtnMomoHarness.PaymentBody(amount: "10.00"), withCallback: false);
        using var r2 = await _h.RequestToPayAsync(second, token, MtnMomoHarness.PaymentBody(amount: "10.00"), withCallback: false);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Contains("\"reason\":\"PAYEE_NOT_ALLOWED_TO_RECEIVE\"", (await _h.StatusAsync(first, token)).Body);
        Assert.Contains("\"status\":\"SUCCESSFUL\"", (await _h.StatusAsync(second, token)).Body);
        Assert.Equal(["override", "amount_even"], _h.Simulator.Transactions.Select(t => t.Rule));
    }

    [Fact]
    public async Task Override_HttpStatus_AnswersSynchronously()
    {
        var token = await _h.AccessTokenAsync();
        _h.Simulator.AddOverride(new MtnMomoOverride
        {
            Match = new MtnMomoOverrideMatch { Amount = "10.02", NextCalls = 1 },
            Outcome = new MtnMomoOverrideOutcome { HttpStatus = 500, Code = "PAYER_NOT_FOUND", Message = "Payer not found." },
        });

        using var forced = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, MtnMomoHarness.PaymentBody(amount: "10.02"));
        using var normal = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, MtnMomoHarness.PaymentBody(amount: "10.02"));

        Assert.Equal(HttpStatusCode.InternalServerError, forced.StatusCode);
        Assert.Equal("""{"code":"PAYER_NOT_FOUND","message":"Payer not found."}""", await forced.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, normal.StatusCode);
    }

    [Fact]
    public async Task Override_ByReferenceWithDelay_SucceedsAtThatDelay()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        _h.Simulator.AddOverride(new MtnMomoOverride
        {
            Match = new MtnMomoOverrideMatch { Reference = reference },
            Outcome = new MtnMomoOverrideOutcome { Status = "SUCCESSFUL", DelaySeconds = 45 },
        });
        using var created = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.01"), withCallback: false);

        _h.Clock.Advance(TimeSpan.FromSeconds(44));
        var before = await _h.StatusAsync(reference, token);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await _h.StatusAsync(reference, token);

        Assert.Contains("\"status\":\"PENDING\"", before.Body);
        Assert.Contains("\"status\":\"SUCCESSFUL\"", after.Body);
    }

    [Fact]
    public async Task Fault_503OnNextCall_ThenNormal()
    {
        var token = await _h.AccessTokenAsync();
        using var added = await _h.ControlAsync("/__sim/faults", new { path = "/collection/v1_0/requesttopay", method = "POST", kind = "503", count = 1 });

        using var failed = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token);
        using var ok = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Contains("\"code\":\"SERVICE_UNAVAILABLE\"", await failed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        Assert.Single(_h.Simulator.Transactions);
        Assert.Equal(2, _h.Simulator.Server.LogEntries.Count(e => e.RequestMessage?.Path == "/collection/v1_0/requesttopay"));
    }

    [Fact]
    public async Task Fault_Bare500OnToken_HasNoBody()
    {
        _h.Simulator.AddFault(new MtnMomoFault { Path = "/collection/token", Kind = MtnMomoFaultKind.Status500 });

        using var failed = await _h.TokenAsync();
        using var ok = await _h.TokenAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("", await failed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Fault_Wildcard_HitsOnlyTheNextCallOfAnyEndpoint()
    {
        var token = await _h.AccessTokenAsync();
        _h.Simulator.AddFault(new MtnMomoFault { Path = "*", Kind = MtnMomoFaultKind.Status429, RetryAfterSeconds = 7 });

        var (status, _) = await _h.StatusAsync(MtnMomoHarness.NewReference(), token);
        using var response = await _h.GetAsync($"/collection/v1_0/requesttopay/{MtnMomoHarness.NewReference()}", token);

        Assert.Equal((HttpStatusCode)429, status);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Fault_429_RetryAfterHeader()
    {
        var token = await _h.AccessTokenAsync();
        _h.Simulator.AddFault(new MtnMomoFault { Path = "/collection/v1_0/requesttopay", Kind = MtnMomoFaultKind.Status429, RetryAfterSeconds = 7 });

        using var response = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token);

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Fault_ConnectionReset_ClientSeesTransportError()
    {
        var token = await _h.AccessTokenAsync();
        _h.Simulator.AddFault(new MtnMomoFault { Path = "/collection/v1_0/requesttopay", Kind = MtnMomoFaultKind.ConnectionReset });

        await Assert.ThrowsAsync<HttpRequestException>(() => _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token));
        Assert.Empty(_h.Simulator.Transactions);
    }

    [Fact]
    public async Task Fault_CommitThenFail_StoresTheTransactionAndARetryGets409()
    {
        var token = await _h.AccessTokenAsync();
        _h.Simulator.AddFault(new MtnMomoFault { Path = "/collection/v1_0/requesttopay", Method = "POST", Kind = MtnMomoFaultKind.Status500, CommitThenFail = true });
        var reference = MtnMomoHarness.NewReference();

        using var lost = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.01"));
        using var retry = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.01"));
        var sent = Assert.Single(await _h.WaitForCallbacksAsync(1));

        Assert.Equal(HttpStatusCode.InternalServerError, lost.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Contains("\"status\":\"FAILED\"", (await _h.StatusAsync(reference, token)).Body);
        Assert.Contains("NOT_ENOUGH_FUNDS", sent.Body);
    }

    [Fact]
    public async Task Fault_Timeout_OutlastsTheClientTimeout()
    {
        var token = await _h.AccessTokenAsync();
        _h.Simulator.AddFault(new MtnMomoFault { Path = "/collection/v1_0/requesttopay", Kind = MtnMomoFaultKind.Timeout, CommitThenFail = true });
        using var impatient = new HttpClient { BaseAddress = new Uri(_h.Simulator.Url), Timeout = TimeSpan.FromMilliseconds(500) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/collection/v1_0/requesttopay")
        {
            Content = new StringContent(MtnMomoHarness.PaymentBody(), System.Text.Encoding.UTF8, "application/json"),
            Headers =
            {
                { "Ocp-Apim-Subscription-Key", MtnMomoHarness.SubscriptionKey },
                { "X-Target-Environment", "sandbox" },
                { "X-Reference-Id", MtnMomoHarness.NewReference() },
                { "Authorization", $"Bearer {token}" },
            },
        };

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.SendAsync(request));
        Assert.Single(_h.Simulator.Transactions); // committed before the reply was held
    }

    [Fact]
    public async Task Fault_401_AsIfTheTokenWereStale()
    {
        var token = await _h.AccessTokenAsync();
        using var added = await _h.ControlAsync("/__sim/faults", new { path = "/collection/v1_0/requesttopay", kind = "401" });

        using var denied = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token);
        using var accepted = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task ExpireTokens_NextCallGets401()
    {
        var token = await _h.AccessTokenAsync();
        using var expired = await _h.ControlAsync("/__sim/tokens/expire");

        using var denied = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
    }

    [Fact]
    public async Task Controls_ListTransactionsAndCallbacks_AsJson()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        using var created = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.01"));
        await _h.WaitForCallbacksAsync(1);

        using var transactions = JsonDocument.Parse(await _h.Http.GetStringAsync("/__sim/transactions"));
        using var callbacks = JsonDocument.Parse(await _h.Http.GetStringAsync("/__sim/callbacks"));

        var transaction = Assert.Single(transactions.RootElement.EnumerateArray());
        Assert.Equal(reference, transaction.GetProperty("referenceId").GetString());
        Assert.Equal("FAILED", transaction.GetProperty("status").GetString());
        Assert.Equal(1001, transaction.GetProperty("amountMinor").GetInt64());
        var callback = Assert.Single(callbacks.RootElement.EnumerateArray());
        Assert.Equal(200, callback.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Reset_ForgetsTransactionsCallbacksAndJournal_KeepsTokens()
    {
        var token = await _h.AccessTokenAsync();
        using var created = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, MtnMomoHarness.PaymentBody(amount: "10.02"));
        _h.Simulator.AddFault(new MtnMomoFault { Path = "*", Kind = MtnMomoFaultKind.Status500, Count = 5 });

        using var reset = await _h.ControlAsync("/__sim/reset");
        _h.Clock.Advance(TimeSpan.FromSeconds(5));
        await MtnMomoHarness.SettleAsync();

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(_h.Simulator.Transactions);
        Assert.Empty(_h.Simulator.Callbacks); // the scheduled success was cancelled
        // Only the reset call itself, which WireMock logs once it has been answered.
        Assert.Equal("/__sim/reset", Assert.Single(_h.Simulator.Server.LogEntries).RequestMessage?.Path);
        using var again = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }

    [Fact]
    public async Task Controls_MalformedJson_Returns400()
    {
        using var response = await _h.Http.PostAsync("/__sim/callback-mode", new StringContent("{\"mode\":\"sometimes\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
