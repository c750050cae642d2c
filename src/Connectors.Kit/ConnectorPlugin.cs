using Connectors.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Kit;

/// <summary>
/// A plug-in's entry point for one connector: <c>public sealed class AcmePlugin : ConnectorPlugin&lt;AcmeConnector&gt;;</c>
/// registers the connector as the plug-in's <see cref="IConnector"/>. Override <see cref="ConfigureMore"/> to add the
/// services the connector's constructor takes besides TimeProvider, loggers and <see cref="ConnectorOptions"/>.
/// </summary>
/// <typeparam name="TConnector">The connector.</typeparam>
public abstract class ConnectorPlugin<TConnector> : IConnectorPlugin
    where TConnector : class, IConnector
{
    /// <inheritdoc />
    public void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IConnector, TConnector>();
        ConfigureMore(services);
    }

    /// <summary>Registers what else the connector uses; nothing by default.</summary>
    protected virtual void ConfigureMore(IServiceCollection services)
    {
    }
}
