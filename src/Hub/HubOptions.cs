using System.ComponentModel.DataAnnotations;

namespace Hub;

/// <summary>The hub's settings (section "Hub"; environment variables Hub__PluginsPath, Hub__PublicUrl…).</summary>
internal sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>The plug-in folder: every &lt;Name&gt;/&lt;Name&gt;.dll under it is loaded at start.</summary>
    public string? PluginsPath { get; set; }

    /// <summary>The base URL providers reach the hub at; callback URLs are built from it.</summary>
    [Required]
    public Uri PublicUrl { get; set; } = new("http://localhost:5080");

    /// <summary>How long one provider call may take before its outcome is unknown.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ProviderAttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a provider call may take including retries of safe requests.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:10:00")]
    public TimeSpan ProviderTotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idempotency key is kept (at least 24 h per API.md).</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How often open checkout sessions past their expiry or paid are settled (and their events written); zero: only when read.</summary>
    public TimeSpan CheckoutSweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often expired idempotency keys are forgotten; zero turns it off.</summary>
    public TimeSpan IdempotencyCleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long received callbacks stay in the callback log (GET /v1/callbacks) for audit.</summary>
    public TimeSpan CallbackRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How long a running request holds its idempotency key without renewing it: a hub that died (or lost its host)
    /// mid-request frees the key this long after its last renewal.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan IdempotencyLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running request renews its idempotency lease; keep it well under <see cref="IdempotencyLease"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan IdempotencyLeaseRenewal { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Default lifetime of a payment that names none.</summary>
    public TimeSpan DefaultPaymentExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How often the plug-in folder is scanned for plug-ins added, replaced or removed (hot load, upgrade, unload);
    /// zero turns the watch off, leaving <c>POST /v1/admin/plugins/reload</c>.
    /// </summary>
    public TimeSpan PluginScanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Per connector id, the test endpoint (its simulator, or the provider's sandbox) the activation smoke calls before
    /// a plug-in serves (<c>Hub:PluginTestEndpoints:{id}</c>). Without one the smoke runs its offline checks only.
    /// </summary>
    public Dictionary<string, Uri> PluginTestEndpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often the backlog gauges of /metrics (outbox depth, reconciliation due) are counted; zero: never.</summary>
    public TimeSpan MetricsSampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The plug-in folder to use: the setting, else artifacts/plugins of the checkout the hub runs from.</summary>
    public string ResolvePluginsPath()
    {
        if (!string.IsNullOrWhiteSpace(PluginsPath))
        {
            return Path.GetFullPath(PluginsPath);
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "plugins");
        if (Directory.Exists(beside))
        {
            return beside;
        }

        // A developer running from bin/: the build puts plug-ins in <repo>/artifacts/plugins.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Connectors.sln")))
            {
                return Path.Combine(dir.FullName, "artifacts", "plugins");
            }
        }

        return beside;
    }
}
