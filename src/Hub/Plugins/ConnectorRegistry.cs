using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Connectors.Abstractions;

namespace Hub.Plugins;

/// <summary>A connector the hub loaded, with where it came from and the plug-in that holds its code.</summary>
internal sealed record LoadedConnector(IConnector Connector, string PluginName, string AssemblyPath, string ContractVersion)
{
    public ConnectorDescriptor Descriptor => Connector.Descriptor;

    /// <summary>The loaded plug-in (its load context and in-flight calls); null for connectors built in memory by tests.</summary>
    public PluginHandle? Plugin { get; init; }

    /// <summary>What the activation smoke checked ("offline" without a test endpoint, "endpoint" with one).</summary>
    public string Smoke { get; init; } = "offline";

    public DateTimeOffset ActivatedAt { get; init; }

    /// <summary>Marks a call into the connector: its plug-in is not unloaded while a call uses it.</summary>
    public PluginCall Enter() => new(Plugin);
}

/// <summary>A plug-in that could not be loaded or activated, and why: reported, never fatal.</summary>
internal sealed record PluginFailure(string PluginName, string Path, string Error)
{
    /// <summary>"load" (the DLL could not be loaded or built) or "smoke" (it loaded but failed its activation smoke).</summary>
    public string Stage { get; init; } = "load";

    /// <summary>The folder's fingerprint when it failed: an unchanged folder is not tried again at every scan.</summary>
    public string? Fingerprint { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>When it was tried, in wall-clock time (the folder scan's retry of a failed smoke counts from it).</summary>
    public DateTimeOffset TriedAt { get; init; }
}

/// <summary>
/// The connectors serving now, keyed by id. The set is one immutable snapshot swapped whole when plug-ins are
/// loaded, upgraded or removed (<see cref="PluginReloader"/>): a new call sees either the old set or the new one,
/// never a mix, so two versions of a connector never take new calls at once; a call already running keeps the
/// <see cref="LoadedConnector"/> it started with and finishes on that version.
/// </summary>
internal sealed class ConnectorRegistry
{
    private volatile Snapshot _current;

    public ConnectorRegistry(IEnumerable<LoadedConnector> connectors, IEnumerable<PluginFailure> failures, string pluginsPath)
    {
        _current = new Snapshot(connectors.ToFrozenDictionary(c => c.Descriptor.Id, StringComparer.Ordinal), [.. failures], 1);
        PluginsPath = pluginsPath;
    }

    public string PluginsPath { get; }

    public IReadOnlyCollection<LoadedConnector> Connectors => _current.ById.Values;

    public IReadOnlyList<PluginFailure> Failures => _current.Failures;

    /// <summary>Bumped at every swap.</summary>
    public long Generation => _current.Generation;

    public bool TryGet(string id, [NotNullWhen(true)] out LoadedConnector? connector) => _current.ById.TryGetValue(id, out connector);

    /// <summary>Swaps the serving set; only the reloader calls it, one swap at a time.</summary>
    internal void Publish(IEnumerable<LoadedConnector> connectors, IEnumerable<PluginFailure> failures) =>
        _current = new Snapshot(connectors.ToFrozenDictionary(c => c.Descriptor.Id, StringComparer.Ordinal), [.. failures],
            _current.Generation + 1);

    private sealed record Snapshot(FrozenDictionary<string, LoadedConnector> ById, IReadOnlyList<PluginFailure> Failures, long Generation);
}
