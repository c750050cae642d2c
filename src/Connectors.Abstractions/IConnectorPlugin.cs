using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Abstractions;

/// <summary>
/// A plug-in's one entry point: a public class with a public parameterless constructor, exactly one per plug-in
/// assembly. The hub builds the plug-in's connectors in a container of the plug-in's own that holds only what a plug-in
/// may see: <see cref="TimeProvider"/>, <see cref="Microsoft.Extensions.Logging.ILoggerFactory"/> (and
/// <c>ILogger&lt;T&gt;</c>) and the connector's own <see cref="ConnectorOptions"/>. Never the hub's
/// <see cref="IServiceProvider"/>, its configuration or its connection strings: a connector type whose constructor asks
/// for one of those is refused at load time, with the reason in <c>GET /v1/connectors</c>. HTTP comes per call, in
/// <see cref="ConnectorContext.HttpClient"/>, built by the hub for the account.
/// </summary>
public interface IConnectorPlugin
{
    /// <summary>
    /// Registers the plug-in's connectors as <see cref="IConnector"/> (<c>services.AddSingleton&lt;IConnector,
    /// AcmeConnector&gt;()</c>) and whatever services they use. The hub resolves every registered
    /// <see cref="IConnector"/> once.
    /// </summary>
    void ConfigureServices(IServiceCollection services);
}

/// <summary>
/// A connector's own settings from the hub's configuration (<c>Hub:Connectors:{connectorId}:{name}</c>), by connector id:
/// flat names and values, nothing else of the hub's configuration. Per-account values belong in the account instead.
/// </summary>
public sealed class ConnectorOptions
{
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _byConnector;

    /// <summary>Creates the options; keys are connector ids, then setting names (both case-insensitive).</summary>
    public ConnectorOptions(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> byConnector)
    {
        _byConnector = byConnector;
    }

    /// <summary>No settings for any connector.</summary>
    public static ConnectorOptions Empty { get; } = new(new Dictionary<string, IReadOnlyDictionary<string, string>>());

    /// <summary>The settings of one connector (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> For(string connectorId) =>
        _byConnector.TryGetValue(connectorId, out var values) ? values : new Dictionary<string, string>();

    /// <summary>One setting of one connector, or null.</summary>
    public string? Get(string connectorId, string name) => For(connectorId).GetValueOrDefault(name);
}
