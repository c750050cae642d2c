using System.Reflection;
using Connectors.Abstractions;
using McMaster.NETCore.Plugins;

namespace Hub.Plugins;

/// <summary>
/// Loads every plugins/&lt;Name&gt;/&lt;Name&gt;.dll with McMaster.NETCore.Plugins, sharing the contract and the
/// Microsoft.Extensions abstractions with the hub so that the plug-in's IConnector is the hub's. A plug-in that is
/// not a .NET assembly, was built for another contract version, declares capabilities it does not implement, or
/// throws in its constructor is reported and skipped; the others load.
/// </summary>
internal sealed partial class ConnectorPluginLoader(IServiceProvider services, ILogger<ConnectorPluginLoader> logger)
{
    private static readonly Type[] SharedTypes =
    [
        typeof(IConnector), typeof(ILogger), typeof(ILoggerFactory), typeof(TimeProvider), typeof(HttpClient),
        typeof(IServiceProvider),
    ];

    private static readonly (ConnectorCapabilities Flag, Type Interface)[] CapabilityInterfaces =
    [
        (ConnectorCapabilities.Refund, typeof(IRefundConnector)),
        (ConnectorCapabilities.Payout, typeof(IPayoutConnector)),
        (ConnectorCapabilities.Cancel, typeof(ICancelConnector)),
        (ConnectorCapabilities.Capture, typeof(ICaptureConnector)),
        (ConnectorCapabilities.AccountHolder, typeof(IAccountHolderConnector)),
    ];

    public ConnectorRegistry Load(string pluginsPath)
    {
        var loaded = new List<LoadedConnector>();
        var failures = new List<PluginFailure>();
        var root = Path.GetFullPath(pluginsPath);
        if (!Directory.Exists(root))
        {
            LogNoPluginFolder(root);
            return new ConnectorRegistry(loaded, failures, root);
        }

        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            var dll = Path.Combine(dir, name + ".dll");
            try
            {
                foreach (var connector in LoadPlugin(name, dll))
                {
                    if (loaded.Any(c => c.Descriptor.Id == connector.Descriptor.Id))
                    {
                        throw new PluginLoadException($"connector id '{connector.Descriptor.Id}' is already provided by another plug-in");
                    }

                    loaded.Add(connector);
                    LogLoaded(connector.Descriptor.Id, connector.Descriptor.Version, dll, connector.ContractVersion);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var error = ex is PluginLoadException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                failures.Add(new PluginFailure(name, dll, error));
                LogFailed(name, dll, error);
            }
        }

        return new ConnectorRegistry(loaded, failures, root);
    }

    private List<LoadedConnector> LoadPlugin(string name, string dll)
    {
        if (!File.Exists(dll))
        {
            throw new PluginLoadException($"no {name}.dll in the plug-in folder");
        }

        var loader = PluginLoader.CreateFromAssemblyFile(dll, SharedTypes, config => config.PreferSharedTypes = true);
        Assembly assembly;
        try
        {
            assembly = loader.LoadDefaultAssembly();
        }
        catch (BadImageFormatException)
        {
            throw new PluginLoadException($"{name}.dll is not a .NET assembly");
        }

        var contract = assembly.GetReferencedAssemblies()
            .FirstOrDefault(a => a.Name == typeof(IConnector).Assembly.GetName().Name)?.Version;
        if (contract is null)
        {
            throw new PluginLoadException($"{name}.dll does not reference Connectors.Abstractions");
        }

        var contractText = $"{contract.Major}.{contract.Minor}";
        if (ContractMismatch(contract) is { } mismatch)
        {
            throw new PluginLoadException(mismatch);
        }

        var types = assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConnector).IsAssignableFrom(t))
            .ToList();
        if (types.Count == 0)
        {
            throw new PluginLoadException($"{name}.dll has no public class implementing IConnector");
        }

        var result = new List<LoadedConnector>();
        foreach (var type in types)
        {
            IConnector connector;
            try
            {
                connector = (IConnector)ActivatorUtilities.CreateInstance(services, type);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
                throw new PluginLoadException($"{type.Name} threw in its constructor: {inner.GetType().Name}: {inner.Message}");
            }

            Validate(connector, type);
            result.Add(new LoadedConnector(connector, name, dll, contractText));
        }

        return result;
    }

    /// <summary>
    /// Why a plug-in compiled against contract <paramref name="referenced"/> cannot load here, or null: another major
    /// changed what it relies on; a newer minor may call members this hub lacks.
    /// </summary>
    internal static string? ContractMismatch(Version referenced) =>
        referenced.Major != ConnectorContract.Major || referenced.Minor > ConnectorContract.Minor
            ? $"built for connector contract {referenced.Major}.{referenced.Minor}; this hub speaks {ConnectorContract.Version} (rebuild the plug-in)"
            : null;

    private static void Validate(IConnector connector, Type type)
    {
        var d = connector.Descriptor ?? throw new PluginLoadException($"{type.Name} has no descriptor");
        if (string.IsNullOrWhiteSpace(d.Id) || string.IsNullOrWhiteSpace(d.Version))
        {
            throw new PluginLoadException($"{type.Name} declares no id or version");
        }

        foreach (var (flag, iface) in CapabilityInterfaces)
        {
            if (d.Has(flag) != iface.IsAssignableFrom(type))
            {
                throw new PluginLoadException(d.Has(flag)
                    ? $"{d.Id} declares {flag} but does not implement {iface.Name}"
                    : $"{d.Id} implements {iface.Name} but does not declare {flag}");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded connector {ConnectorId} {ConnectorVersion} from {Path} (contract {Contract})")]
    private partial void LogLoaded(string connectorId, string connectorVersion, string path, string contract);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plug-in {Plugin} at {Path} was not loaded: {Error}")]
    private partial void LogFailed(string plugin, string path, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plug-in folder {Path} does not exist: no connector is loaded")]
    private partial void LogNoPluginFolder(string path);
}

internal sealed class PluginLoadException(string message) : Exception(message);
