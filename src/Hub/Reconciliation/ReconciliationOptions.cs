using System.ComponentModel.DataAnnotations;

namespace Hub.Reconciliation;

/// <summary>The reconciler's settings (section "Hub:Reconciliation"; environment Hub__Reconciliation__PollInterval…).</summary>
internal sealed class ReconciliationOptions
{
    public const string Section = "Hub:Reconciliation";

    /// <summary>Whether this instance runs the loop. Off only where another instance (or a test) does the work.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the loop looks for due payments.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many due payments one run claims at most.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>How many claimed payments are asked about at the same time.</summary>
    [Range(1, 64)]
    public int MaxParallelism { get; set; } = 4;

    /// <summary>
    /// How long a claim holds: a claimed payment's next check is pushed this far out, so an instance that dies
    /// mid-run only delays its payments by this much before another instance takes them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Per connector id (as its descriptor says), how long after creation the first check may happen, when a provider
    /// asks for more patience than the schedule's 30 s (the connector's README says when). Only lengthens the first wait.
    /// </summary>
    public Dictionary<string, TimeSpan> FirstCheckAfter { get; set; } = new(StringComparer.Ordinal);
}
