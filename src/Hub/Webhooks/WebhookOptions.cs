using System.ComponentModel.DataAnnotations;

namespace Hub.Webhooks;

/// <summary>Settings under "Hub:Webhooks" (environment Hub__Webhooks__PollInterval…).</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Hub:Webhooks";

    /// <summary>Whether this instance runs the dispatcher loop (false: events still queue up, nothing is sent).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The pause between two dispatcher runs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether webhook URLs may point at loopback and private networks. Unset: allowed in the Development environment
    /// (the run command), refused elsewhere, so a production hub cannot be turned against its own network (SSRF).
    /// </summary>
    public bool? AllowPrivateNetworks { get; set; }

    /// <summary>How many due deliveries one claim takes.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;
}
