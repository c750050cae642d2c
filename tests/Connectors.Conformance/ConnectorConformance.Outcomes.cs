using Connectors.Abstractions;

namespace Connectors.Conformance;

// Sandbox outcome rules and the raw status map.
public abstract partial class ConnectorConformance<TFixture>
{
    /// <summary>The fixture's sandbox rules, by name (read on an uninitialized fixture at discovery).</summary>
    public static TheoryData<string> SandboxRules => Rows(new TFixture().SandboxCases.Select(c => c.Name));

    /// <summary>The fixture's documented raw statuses, by name.</summary>
    public static TheoryData<string> RawStatusNames => Rows(new TFixture().RawStatuses.Select(c => c.Name));

    /// <summary>
    /// Each sandbox rule: the creation answers as the rule says, the final status comes after the rule's delay on the
    /// simulated clock (not before), and the simulator keeps exactly one transaction (none for a synchronous refusal).
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(SandboxRules))]
    public async Task SandboxRule(string rule)
    {
        Skip.If(rule == NoneDeclared, "the fixture declares no sandbox outcome rules");
        var sandbox = Fixture.SandboxCases.Single(c => c.Name == rule);
        var payment = Request(sandbox.Payment);

        var created = await CreateAsync(payment);
        AssertResult(sandbox.OnCreate, created, $"{rule}: creating {sandbox.Payment}");

        if (sandbox.Final is { } final)
        {
            if (sandbox.AfterSeconds > 0 && sandbox.Before is { } before)
            {
                await Fixture.AdvanceAsync(TimeSpan.FromSeconds(sandbox.AfterSeconds - 1));
                AssertResult(before, await StatusAsync(payment), $"{rule}: status {sandbox.AfterSeconds - 1} s after creation");
                await Fixture.AdvanceAsync(TimeSpan.FromSeconds(1));
            }
            else
            {
                await Fixture.AdvanceAsync(TimeSpan.FromSeconds(sandbox.AfterSeconds));
            }

            AssertResult(final, await StatusAsync(payment), $"{rule}: status {sandbox.AfterSeconds} s after creation");
        }

        var stored = await Fixture.Simulator.TransactionsForAsync(payment.ProviderReference);
        Assert.True(stored.Count == (sandbox.Stored ? 1 : 0),
            $"{rule}: the simulator keeps {stored.Count} transaction(s) for {payment.ProviderReference}, expected {(sandbox.Stored ? 1 : 0)}");
    }

    /// <summary>
    /// Each documented raw status, forced through <c>/__sim/overrides</c> with the exact provider status, maps to its
    /// canonical status and failure code: nothing documented comes back unknown.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(RawStatusNames))]
    public async Task RawStatus_Maps(string status)
    {
        Skip.If(status == NoneDeclared, "the fixture declares no raw statuses");
        var raw = Fixture.RawStatuses.Single(c => c.Name == status);
        var payment = Request(Fixture.DefaultPayment);
        await Fixture.Simulator.OverrideAsync(payment.ProviderReference, raw.Outcome);

        var created = await CreateAsync(payment);
        Assert.True(created.Outcome == OperationOutcome.Completed, $"{status}: creating answered {Describe(created)}");
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(raw.AfterSeconds));
        var result = await StatusAsync(payment);

        AssertResult(raw.Expected, result, $"raw status {status}");
        Assert.False(string.IsNullOrEmpty(result.ProviderStatus), $"{status}: the raw status is kept for audit (ProviderStatus)");
    }

    /// <summary>
    /// A status the provider does not document is not silently mapped: the connector throws
    /// <see cref="UnknownProviderStatusException"/> (the hub logs it and reconciles) or answers an unknown outcome.
    /// </summary>
    [SkippableFact]
    public async Task RawStatus_Undocumented_IsNotSilentlyMapped()
    {
        var payment = Request(Fixture.DefaultPayment);
        Skip.IfNot(await Fixture.ForceUndocumentedStatusAsync(payment.ProviderReference, created: false),
            "the fixture declares no way to force an undocumented status");
        await CreateAsync(payment);
        await Fixture.AdvanceAsync(TimeSpan.FromSeconds(Fixture.DefaultPaymentPaidAfterSeconds));
        await Fixture.ForceUndocumentedStatusAsync(payment.ProviderReference, created: true);

        PaymentResult? result = null;
        try
        {
            result = await StatusAsync(payment);
        }
        catch (UnknownProviderStatusException e)
        {
            Assert.Equal(Descriptor.Id, e.ConnectorId);
            return;
        }

        Assert.True(result.Outcome != OperationOutcome.Completed,
            $"an undocumented status was mapped to {Describe(result)}");
    }
}
