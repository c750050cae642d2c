using System.Text.Json.Nodes;
using Hub.Common;
using Hub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Simulators.MtnMomo;

namespace Hub.Tests.Reconciliation;

/// <summary>
/// The reconciler on real PostgreSQL against the MTN simulator, with both clocks faked: lost callbacks heal, checks
/// follow the schedule, expiry comes after one last question, finals are left alone, instances never double-ask.
/// </summary>
public sealed class ReconcilerTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task LostCallback_HealsThroughReconciliation_At30Seconds()
    {
        await using var hub = await ReconciliationHub.StartAsync();
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Drop);
        var created = await hub.CreatePaymentAsync(1002);
        var id = Id(created);
        Assert.Equal("pending", Status(created));
        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(2)); // MTN has it SUCCESSFUL now; its callback is dropped

        hub.HubClock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await hub.RunOnceAsync());
        Assert.Equal(0, await hub.StatusQueriesAsync(id));
        Assert.Equal("pending", Status(await hub.GetPaymentAsync(id)));

        hub.HubClock.Advance(Second);
        Assert.Equal(1, await hub.RunOnceAsync());

        var healed = await hub.GetPaymentAsync(id);
        Assert.Equal("paid", Status(healed));
        Assert.Equal("reconciler", LastHistory(healed)["source"]!.GetValue<string>());
        Assert.Equal(1, await hub.StatusQueriesAsync(id));
        Assert.Null((await hub.RowAsync(id)).NextReconcileAt);
    }

    [Fact]
    public async Task StillPending_IsAskedAt30s_2min_10min_1h_ThenDaily_AndNeverBetween()
    {
        await using var hub = await ReconciliationHub.StartAsync();
        hub.KeepPendingForEver(2004);
        var id = Id(await hub.CreatePaymentAsync(2004, expiresInSeconds: 7 * 24 * 3600));
        TimeSpan[] waits =
        [
            TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1),
            TimeSpan.FromDays(1), TimeSpan.FromDays(1), TimeSpan.FromDays(1),
        ];

        for (var check = 1; check <= waits.Length; check++)
        {
            hub.HubClock.Advance(waits[check - 1] - Second);
            Assert.Equal(0, await hub.RunOnceAsync());
            Assert.Equal(check - 1, await hub.StatusQueriesAsync(id));

            hub.HubClock.Advance(Second);
            var handled = await hub.RunOnceAsync();
            // A flake seen twice on CI (handled 0): say why if it comes back.
            Assert.True(handled == 1, $"check {check}: handled {handled}, next_reconcile_at {(await hub.RowAsync(id)).NextReconcileAt:O}"
                + $" at {hub.HubClock.GetUtcNow():O}; hub log:\n{string.Join('\n', hub.App.Logs.Lines.TakeLast(30))}");
            Assert.Equal(check, await hub.StatusQueriesAsync(id));

            var row = await hub.RowAsync(id);
            Assert.Equal(Connectors.Abstractions.PaymentStatus.Pending, row.Status);
            Assert.Equal(check, row.ReconcileAttempts);
            Assert.Equal(hub.HubClock.GetUtcNow() + (check < waits.Length ? waits[check] : TimeSpan.FromDays(1)), row.NextReconcileAt);
        }

        var payment = await hub.GetPaymentAsync(id);
        Assert.Equal("pending", Status(payment));
        Assert.Single(payment["statusHistory"]!.AsArray(), h => h!["status"]!.GetValue<string>() == "pending");
    }

    [Fact]
    public async Task PastExpiresAt_WhileTheProviderSaysPending_ThePaymentStaysPending_IsAskedOn_AndCanStillBePaid()
    {
        // Issue 10, defect 1: expired only on the provider's word; a payer who approves late is not lost.
        await using var hub = await ReconciliationHub.StartAsync();
        hub.KeepPendingForEver(3004);
        var created = await hub.CreatePaymentAsync(3004, expiresInSeconds: 120);
        var id = Id(created);
        var expiresAt = (await hub.RowAsync(id)).ExpiresAt!.Value;

        hub.HubClock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await hub.RunOnceAsync());
        Assert.Equal(1, await hub.StatusQueriesAsync(id));
        // The next check would be at 30 s + 2 min, past expiresAt: it is pulled in to ask right at expiresAt.
        Assert.Equal(expiresAt, (await hub.RowAsync(id)).NextReconcileAt);

        hub.HubClock.Advance(expiresAt - hub.HubClock.GetUtcNow() - Second);
        Assert.Equal(0, await hub.RunOnceAsync());
        Assert.Equal("pending", Status(await hub.GetPaymentAsync(id)));

        hub.HubClock.Advance(Second);
        Assert.Equal(1, await hub.RunOnceAsync());

        Assert.Equal(2, await hub.StatusQueriesAsync(id));
        Assert.Equal("pending", Status(await hub.GetPaymentAsync(id)));
        var row = await hub.RowAsync(id);
        Assert.NotNull(row.NextReconcileAt);
        Assert.True(row.NextReconcileAt > hub.HubClock.GetUtcNow()); // on the schedule's backoff, not every poll

        hub.HubClock.Advance(TimeSpan.FromMinutes(1)); // three minutes after creation, two past expiresAt
        await hub.RunOnceAsync();
        Assert.Equal("pending", Status(await hub.GetPaymentAsync(id)));

        // The payer approves now: the payment becomes paid (callback or the next check, whichever comes first).
        await hub.Simulator.ResolveAsync(row.ProviderReference, "SUCCESSFUL");
        hub.HubClock.Advance(TimeSpan.FromHours(1));
        await hub.RunOnceAsync();
        Assert.Equal("paid", Status(await hub.GetPaymentAsync(id)));
    }

    [Fact]
    public async Task FinalPayments_AreNeverAskedAgain()
    {
        await using var hub = await ReconciliationHub.StartAsync();
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Drop);
        var failed = Id(await hub.CreatePaymentAsync(4004, description: "please fail_on_create"));
        var paid = Id(await hub.CreatePaymentAsync(4002));
        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(2));
        using (var client = hub.Client())
        {
            var synced = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{paid}/sync");
            Assert.Equal("paid", synced.Json["status"]!.GetValue<string>());
        }

        Assert.Equal("failed", Status(await hub.GetPaymentAsync(failed)));
        var asked = await hub.StatusQueriesAsync(paid); // the sync's own question

        foreach (var step in new[] { TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromHours(2), TimeSpan.FromDays(3) })
        {
            hub.HubClock.Advance(step);
            Assert.Equal(0, await hub.RunOnceAsync());
        }

        Assert.Equal(0, await hub.StatusQueriesAsync(failed));
        Assert.Equal(asked, await hub.StatusQueriesAsync(paid));
        Assert.Equal("failed", Status(await hub.GetPaymentAsync(failed)));
        Assert.Equal("paid", Status(await hub.GetPaymentAsync(paid)));
    }

    [Fact]
    public async Task TwoInstances_RunningTogether_AskAboutEachDuePaymentExactlyOnce()
    {
        // Small batches, so the two instances' claims interleave over several rounds instead of one taking all.
        await using var hub = await ReconciliationHub.StartAsync(new Dictionary<string, string?>
        {
            ["Hub:Reconciliation:BatchSize"] = "2",
        });
        var second = hub.AddInstance();
        hub.KeepPendingForEver(5004);
        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(Id(await hub.CreatePaymentAsync(5004)));
        }

        hub.HubClock.Advance(TimeSpan.FromSeconds(30));
        var first = ReconciliationHub.ReconcilerOf(hub.App);
        var other = ReconciliationHub.ReconcilerOf(second);
        var handled = 0;
        for (var round = 0; round < 20; round++)
        {
            var counts = await Task.WhenAll(
                Task.Run(() => first.RunOnceAsync(CancellationToken.None)),
                Task.Run(() => other.RunOnceAsync(CancellationToken.None)));
            if (counts.Sum() == 0)
            {
                break;
            }

            handled += counts.Sum();
        }

        Assert.Equal(ids.Count, handled);
        foreach (var id in ids)
        {
            Assert.Equal(1, await hub.StatusQueriesAsync(id));
            Assert.Equal(1, (await hub.RowAsync(id)).ReconcileAttempts);
        }
    }

    [Fact]
    public async Task PastExpiresAt_WithTheProviderDown_ThePaymentIsNotExpiredWithoutAnAnswer()
    {
        await using var hub = await ReconciliationHub.StartAsync();
        hub.KeepPendingForEver(3006);
        var id = Id(await hub.CreatePaymentAsync(3006, expiresInSeconds: 120));
        var expiresAt = (await hub.RowAsync(id)).ExpiresAt!.Value;
        hub.Simulator.AddFault(new MtnMomoFault
        {
            Path = ReconciliationHub.StatusQueryPath.TrimEnd('/'), Method = "GET", Kind = MtnMomoFaultKind.Status503, Count = 100,
        });

        hub.HubClock.Advance(expiresAt - hub.HubClock.GetUtcNow());
        Assert.Equal(1, await RunWhileAdvancingAsync(hub));

        // expired is final: without MTN's word the payer may have paid at the last second, so it keeps being asked.
        Assert.Equal("pending", Status(await hub.GetPaymentAsync(id)));
        var row = await hub.RowAsync(id);
        Assert.NotNull(row.NextReconcileAt);
        Assert.True(row.NextReconcileAt > hub.HubClock.GetUtcNow());

        hub.Simulator.ClearFaults();
        hub.HubClock.Advance(row.NextReconcileAt!.Value - hub.HubClock.GetUtcNow());
        Assert.Equal(1, await hub.RunOnceAsync());
        // MTN answers again, and says pending: still not its word that the payment can no longer be paid.
        Assert.Equal("pending", Status(await hub.GetPaymentAsync(id)));
    }

    [Fact]
    public async Task ProviderError_LeavesThePaymentAsItWas_AndReschedulesIt()
    {
        await using var hub = await ReconciliationHub.StartAsync();
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Drop);
        var id = Id(await hub.CreatePaymentAsync(6002));
        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(2));
        // More failures than the hub's retries of a status query: every attempt of this check gets 503.
        hub.Simulator.AddFault(new MtnMomoFault
        {
            Path = ReconciliationHub.StatusQueryPath.TrimEnd('/'), Method = "GET", Kind = MtnMomoFaultKind.Status503, Count = 10,
        });
        var before = await hub.GetPaymentAsync(id);

        hub.HubClock.Advance(TimeSpan.FromSeconds(30));
        var checkedAt = hub.HubClock.GetUtcNow();
        Assert.Equal(1, await RunWhileAdvancingAsync(hub));

        Assert.True(await hub.StatusQueriesAsync(id) >= 1);
        var after = await hub.GetPaymentAsync(id);
        Assert.Equal("pending", Status(after));
        Assert.Equal(before["statusHistory"]!.ToJsonString(), after["statusHistory"]!.ToJsonString());
        var row = await hub.RowAsync(id);
        Assert.Equal(1, row.ReconcileAttempts);
        Assert.InRange(row.NextReconcileAt!.Value, checkedAt + TimeSpan.FromMinutes(2), hub.HubClock.GetUtcNow() + TimeSpan.FromMinutes(2));

        // MTN answers again: the next check on the schedule settles it.
        hub.Simulator.ClearFaults();
        var asked = await hub.StatusQueriesAsync(id);
        hub.HubClock.Advance(row.NextReconcileAt.Value - hub.HubClock.GetUtcNow());
        Assert.Equal(1, await hub.RunOnceAsync());
        Assert.Equal(asked + 1, await hub.StatusQueriesAsync(id));
        var healed = await hub.GetPaymentAsync(id);
        Assert.Equal("paid", Status(healed));
        Assert.Equal("reconciler", LastHistory(healed)["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task FirstCheckAfter_DelaysAConnectorsFirstQuestion_ThenTheScheduleResumes()
    {
        await using var hub = await ReconciliationHub.StartAsync(new Dictionary<string, string?>
        {
            ["Hub:Reconciliation:FirstCheckAfter:mtn_momo"] = "00:05:00",
        });
        hub.Simulator.SetCallbackMode(MtnMomoCallbackMode.Drop);
        var id = Id(await hub.CreatePaymentAsync(7002));
        var createdAt = (await hub.RowAsync(id)).CreatedAt;
        hub.SimulatorClock.Advance(TimeSpan.FromSeconds(2));

        hub.HubClock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await hub.RunOnceAsync()); // handled by rescheduling, not by asking
        Assert.Equal(0, await hub.StatusQueriesAsync(id));
        var row = await hub.RowAsync(id);
        Assert.Equal(createdAt + TimeSpan.FromMinutes(5), row.NextReconcileAt);
        Assert.Equal(0, row.ReconcileAttempts);

        hub.HubClock.Advance(createdAt + TimeSpan.FromMinutes(5) - hub.HubClock.GetUtcNow() - Second);
        Assert.Equal(0, await hub.RunOnceAsync());
        hub.HubClock.Advance(Second);
        Assert.Equal(1, await hub.RunOnceAsync());

        Assert.Equal(1, await hub.StatusQueriesAsync(id));
        var healed = await hub.GetPaymentAsync(id);
        Assert.Equal("paid", Status(healed));
        Assert.Equal("reconciler", LastHistory(healed)["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task AClaimLeftByADeadInstance_ComesBackWhenItsLeaseEnds()
    {
        await using var hub = await ReconciliationHub.StartAsync();
        hub.KeepPendingForEver(8004);
        var id = Id(await hub.CreatePaymentAsync(8004));
        hub.HubClock.Advance(TimeSpan.FromSeconds(30));
        // What an instance's claim leaves behind when the instance dies before asking: the lease, nothing else.
        var lease = hub.HubClock.GetUtcNow() + TimeSpan.FromMinutes(2);
        Assert.True(PublicId.TryParse(PublicId.Payment, id, out var guid));
        await hub.App.WithSystemDbAsync(db => db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE payments SET next_reconcile_at = {lease} WHERE id = {guid}"));

        Assert.Equal(0, await hub.RunOnceAsync());
        hub.HubClock.Advance(TimeSpan.FromMinutes(2) - Second);
        Assert.Equal(0, await hub.RunOnceAsync());
        Assert.Equal(0, await hub.StatusQueriesAsync(id));

        hub.HubClock.Advance(Second);
        Assert.Equal(1, await hub.RunOnceAsync());
        Assert.Equal(1, await hub.StatusQueriesAsync(id));
        Assert.Equal(1, (await hub.RowAsync(id)).ReconcileAttempts);
    }

    /// <summary>
    /// Runs once while moving the hub clock a second at a time: the hub's retries of a failed status query wait on
    /// its (fake) clock. Bounded, so a run that never ends fails the test instead of hanging it.
    /// </summary>
    private static async Task<int> RunWhileAdvancingAsync(ReconciliationHub hub)
    {
        var run = hub.RunOnceAsync();
        for (var i = 0; i < 600 && !run.IsCompleted; i++)
        {
            await Task.WhenAny(run, Task.Delay(20));
            if (!run.IsCompleted)
            {
                hub.HubClock.Advance(Second);
            }
        }

        Assert.True(run.IsCompleted, "the reconciler run did not finish");
        return await run;
    }

    private static string Id(JsonNode payment) => payment["id"]!.GetValue<string>();

    private static string Status(JsonNode payment) => payment["status"]!.GetValue<string>();

    private static JsonNode LastHistory(JsonNode payment) => payment["statusHistory"]!.AsArray()[^1]!;
}
