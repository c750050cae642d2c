using Connectors.Abstractions;

namespace Connectors.Conformance;

// What transport failures mean for money: unknown after a possible send, not sent when nothing left, no second charge.
public abstract partial class ConnectorConformance<TFixture>
{
    /// <summary>Token endpoint faults, as <c>/__sim/faults</c> kinds.</summary>
    public static TheoryData<string> TokenFaults => Rows(["500", "502", "503", "504", "429", "connection_reset", "timeout"]);

    /// <summary>The provider holds the creation's reply past the client's timeout: the outcome is unknown.</summary>
    [Fact]
    public async Task Create_TimeoutAfterSend_IsUnknown()
    {
        // A first call on the default timeout gets the connector its token: only the creation meets the short timeout.
        await CreateAsync(Request(Fixture.DefaultPayment));
        var payment = Request(Fixture.DefaultPayment);
        await Fixture.Simulator.FaultAsync(Fixture.Paths.CreatePayment, "timeout", method: Fixture.Paths.CreatePaymentMethod, delaySeconds: 3600);

        var result = await CreateAsync(payment, context: Fixture.Context(timeout: Fixture.ShortClientTimeout));

        AssertResult(Expect.Unknown, result, "a create whose reply timed out");
    }

    /// <summary>The connection is reset after the creation was written: the outcome is unknown, never "not sent".</summary>
    [Fact]
    public async Task Create_ConnectionReset_IsUnknown()
    {
        var payment = Request(Fixture.DefaultPayment);
        await Fixture.Simulator.FaultAsync(Fixture.Paths.CreatePayment, "connection_reset", method: Fixture.Paths.CreatePaymentMethod);

        var result = await CreateAsync(payment);

        AssertResult(Expect.Unknown, result, "a create whose connection was reset");
    }

    /// <summary>A status query that times out is unknown: not "not found", not a status.</summary>
    [Fact]
    public async Task Status_Timeout_IsUnknown()
    {
        var payment = Request(Fixture.DefaultPayment);
        await CreateAsync(payment);
        await Fixture.Simulator.FaultAsync(Fixture.Paths.PaymentStatus ?? Fixture.Paths.CreatePayment, "timeout", method: "GET",
            delaySeconds: 3600);

        var result = await StatusAsync(payment, Fixture.Context(timeout: Fixture.ShortClientTimeout));

        AssertResult(Expect.Unknown, result, "a status query that timed out");
    }

    /// <summary>Nothing listens at the account's base URL: the request certainly never left (not sent).</summary>
    [Fact]
    public async Task Create_ConnectionRefused_IsNotSent()
    {
        var account = Fixture.Account with { BaseUrl = new Uri($"http://127.0.0.1:{Fixture.ClosedPort}") };

        var result = await CreateAsync(Request(Fixture.DefaultPayment), Fixture.NewConnector(), Fixture.Context(account));

        AssertResult(Expect.NotSent, result, "a create to a closed port");
    }

    /// <summary>The caller cancels while the provider is slow: the connector throws OperationCanceledException, no result.</summary>
    [Fact]
    public async Task Create_CallerCancellation_Throws()
    {
        var payment = Request(Fixture.DefaultPayment);
        await Fixture.Simulator.FaultAsync(Fixture.Paths.CreatePayment, "latency", method: Fixture.Paths.CreatePaymentMethod, delaySeconds: 3600);
        using var cancel = new CancellationTokenSource();

        var call = CreateAsync(payment, ct: cancel.Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    /// <summary>A status query with an already cancelled token throws OperationCanceledException.</summary>
    [Fact]
    public async Task Status_CallerCancelled_Throws()
    {
        var payment = Request(Fixture.DefaultPayment);
        await CreateAsync(payment);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => StatusAsync(payment, ct: new CancellationToken(canceled: true)));
    }

    /// <summary>
    /// The hub crashed after sending: a restarted hub (a fresh connector, cold caches) resends the same request with
    /// the same provider reference. The answer is the first request's state, and the simulator holds one transaction.
    /// </summary>
    [Fact]
    public async Task Create_ResendAfterCrash_MakesNoSecondCharge()
    {
        var payment = Request(Fixture.DefaultPayment);
        var first = await CreateAsync(payment);
        Assert.True(first.Outcome == OperationOutcome.Completed && first.Status is not PaymentStatus.Failed,
            $"the first create answered {Describe(first)}");

        var resent = await CreateAsync(payment, Fixture.NewConnector());

        Assert.True(resent.Outcome == OperationOutcome.Completed && resent.Status is not PaymentStatus.Failed,
            $"the resend after a crash answered {Describe(resent)}");
        Assert.Single(await Fixture.Simulator.TransactionsForAsync(payment.ProviderReference));
    }

    /// <summary>
    /// The provider did the creation and lost the reply (commit-then-fail): unknown; the resend after the crash finds
    /// the first one, and the simulator holds one transaction.
    /// </summary>
    [Fact]
    public async Task Create_CommitThenFail_ResendMakesNoSecondCharge()
    {
        var payment = Request(Fixture.DefaultPayment);
        await Fixture.Simulator.FaultAsync(Fixture.Paths.CreatePayment, "connection_reset", method: Fixture.Paths.CreatePaymentMethod, commitThenFail: true);

        var lost = await CreateAsync(payment);
        var resent = await CreateAsync(payment, Fixture.NewConnector());

        AssertResult(Expect.Unknown, lost, "a create whose reply was lost");
        Assert.True(resent.Outcome == OperationOutcome.Completed && resent.Status is not PaymentStatus.Failed,
            $"the resend after a lost reply answered {Describe(resent)}");
        Assert.Single(await Fixture.Simulator.TransactionsForAsync(payment.ProviderReference));
    }

    /// <summary>The token endpoint fails: the business call never left, so the payment is not sent (and not stored).</summary>
    [SkippableTheory]
    [MemberData(nameof(TokenFaults))]
    public async Task Token_Fault_IsNotSent(string fault)
    {
        var tokenPath = RequireTokenPath();
        var payment = Request(Fixture.DefaultPayment);
        // A connector may retry a token call (it moves no money): every attempt fails.
        await Fixture.Simulator.FaultAsync(tokenPath, fault, count: 5, delaySeconds: fault == "timeout" ? 3600 : 0);

        var result = await CreateAsync(payment, Fixture.NewConnector(), Fixture.Context(timeout: Fixture.ShortClientTimeout));

        AssertResult(Expect.NotSent, result, $"a create whose token call failed with {fault}");
        Assert.Empty(await Fixture.Simulator.TransactionsForAsync(payment.ProviderReference));
    }

    /// <summary>A 401 on a business call (a stale token) refreshes the token once and resends: the payment goes through.</summary>
    [SkippableFact]
    public async Task Business401_RefreshesOnceAndSucceeds()
    {
        RequireTokenPath();
        var connector = Fixture.NewConnector();
        await CreateAsync(Request(Fixture.DefaultPayment), connector);
        var payment = Request(Fixture.DefaultPayment);
        await Fixture.Simulator.FaultAsync(Fixture.Paths.CreatePayment, "401", method: Fixture.Paths.CreatePaymentMethod);

        var result = await CreateAsync(payment, connector);

        Assert.True(result.Outcome == OperationOutcome.Completed && result.Status is not PaymentStatus.Failed,
            $"a create after one 401 answered {Describe(result)}");
        Assert.Single(await Fixture.Simulator.TransactionsForAsync(payment.ProviderReference));
    }

    /// <summary>Two 401s in a row: the connector refreshes once, not in a loop; the payment does not go through.</summary>
    [SkippableFact]
    public async Task Business401Twice_RefreshesOnlyOnce()
    {
        RequireTokenPath();
        var connector = Fixture.NewConnector();
        await CreateAsync(Request(Fixture.DefaultPayment), connector);
        var payment = Request(Fixture.DefaultPayment);
        await Fixture.Simulator.FaultAsync(Fixture.Paths.CreatePayment, "401", method: Fixture.Paths.CreatePaymentMethod, count: 2);

        var result = await CreateAsync(payment, connector);

        Assert.False(result.Outcome == OperationOutcome.Completed && result.Status is PaymentStatus.Pending or PaymentStatus.Paid,
            $"a create after two 401s went through ({Describe(result)}): the connector refreshed more than once");
        Assert.Empty(await Fixture.Simulator.TransactionsForAsync(payment.ProviderReference));
    }

    /// <summary>The fixture's provider answers, by name.</summary>
    public static TheoryData<string> ProviderAnswerNames => Rows(new TFixture().ProviderAnswers.Select(a => a.Name));

    /// <summary>Each declared provider answer is classified for the circuit breaker as the fixture says.</summary>
    [SkippableTheory]
    [MemberData(nameof(ProviderAnswerNames))]
    public async Task IsProviderFailure_ClassifiesAnswer(string answer)
    {
        Skip.If(answer == NoneDeclared, "the fixture declares no provider answers beyond the suite's own");
        var declared = Fixture.ProviderAnswers.Single(a => a.Name == answer);
        using var response = new HttpResponseMessage((System.Net.HttpStatusCode)declared.StatusCode)
        {
            Content = new StringContent(declared.Body, System.Text.Encoding.UTF8, "application/json"),
        };

        Assert.Equal(declared.IsFailure, await Connector.IsProviderFailureAsync(response, CancellationToken.None));
    }

    /// <summary>A 503 counts as a provider failure for the account's circuit breaker; a 2xx does not.</summary>
    [Fact]
    public async Task IsProviderFailure_503IsAFailure()
    {
        using var unavailable = new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)
        {
            Content = new StringContent("{\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"Service unavailable\"}"),
        };
        using var accepted = new HttpResponseMessage(System.Net.HttpStatusCode.Accepted) { Content = new StringContent("") };

        Assert.True(await Connector.IsProviderFailureAsync(unavailable, CancellationToken.None));
        Assert.False(await Connector.IsProviderFailureAsync(accepted, CancellationToken.None));
    }
}
