using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Connectors.Abstractions;

namespace Hub.Plugins;

/// <summary>A connector the hub loaded, with where it came from.</summary>
internal sealed record LoadedConnector(IConnector Connector, string PluginName, string AssemblyPath, string ContractVersion)
{
    public ConnectorDescriptor Descriptor => Connector.Descriptor;
}

/// <summary>A plug-in that could not be loaded, and why: reported, never fatal.</summary>
internal sealed record PluginFailure(string PluginName, string Path, string Error);

/// <summary>The connectors loaded at start, keyed by id. Restart the hub to change them.</summary>
internal sealed class ConnectorRegistry
{
    private readonly FrozenDictionary<string, LoadedConnector> _byId;

    public ConnectorRegistry(IEnumerable<LoadedConnector> connectors, IEnumerable<PluginFailure> failures, string pluginsPath)
    {
        _byId = connectors.ToFrozenDictionary(c => c.Descriptor.Id, StringComparer.Ordinal);
        Failures = [.. failures];
        PluginsPath = pluginsPath;
    }

    public string PluginsPath { get; }

    public IReadOnlyCollection<LoadedConnector> Connectors => _byId.Values;

    public IReadOnlyList<PluginFailure> Failures { get; }

    public bool TryGet(string id, [NotNullWhen(true)] out LoadedConnector? connector) => _byId.TryGetValue(id, out connector);
}
