using System.Reflection;
using Connectors.Abstractions;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Plugins;

/// <summary>
/// Loads every plugins/&lt;Name&gt;/&lt;Name&gt;.dll with McMaster.NETCore.Plugins, sharing the contract and the
/// Microsoft.Extensions abstractions with the hub so that the plug-in's IConnector is the hub's. Each plug-in's
/// connectors are built from its one <see cref="IConnectorPlugin"/> entry type, in a container of the plug-in's own
/// that holds only what a plug-in may see (a clock, loggers, the connectors' own options), never the hub's services
/// or configuration. A plug-in that is not a .NET assembly, was built for another contract version, asks for what it
/// may not see, declares capabilities it does not implement, or throws while being built is reported and skipped;
/// the others load.
/// </summary>
internal sealed partial class ConnectorPluginLoader(
    TimeProvider clock, ILoggerFactory loggers, ConnectorOptions connectorOptions, ILogger<ConnectorPluginLoader> logger)
{
    private static readonly Type[] SharedTypes =
    [
        typeof(IConnector), typeof(IConnectorPlugin), typeof(ILogger), typeof(ILoggerFactory), typeof(TimeProvider),
        typeof(HttpClient), typeof(IServiceCollection), typeof(IServiceProvider),
    ];

    // What a connector may never be handed: the container itself (and so every service in it) or configuration.
    private static readonly string[] ForbiddenDependencies =
    [
        typeof(IServiceProvider).FullName!, typeof(IServiceScopeFactory).FullName!, typeof(IKeyedServiceProvider).FullName!,
        "Microsoft.Extensions.Configuration.IConfiguration", "Microsoft.Extensions.Configuration.IConfigurationRoot",
        "Microsoft.Extensions.Configuration.IConfigurationSection",
    ];

    private static readonly (ConnectorCapabilities Flag, Type Interface)[] CapabilityInterfaces =
    [
        (ConnectorCapabilities.Refund, typeof(IRefundConnector)),
        (ConnectorCapabilities.Payout, typeof(IPayoutConnector)),
        (ConnectorCapabilities.Cancel, typeof(ICancelConnector)),
        (ConnectorCapabilities.Capture, typeof(ICaptureConnector)),
        (ConnectorCapabilities.AccountHolder, typeof(IAccountHolderConnector)),
    ];

    /// <summary>Loads every plug-in folder at start (the activation smoke is the reloader's: see <see cref="PluginReloader"/>).</summary>
    public ConnectorRegistry Load(string pluginsPath)
    {
        var root = Path.GetFullPath(pluginsPath);
        if (!Directory.Exists(root))
        {
            LogNoPluginFolder(root);
        }

        return new ConnectorRegistry([], [], root);
    }

    /// <summary>The plug-in folders under the root, by name.</summary>
    public static IReadOnlyList<string> Folders(string root) =>
        Directory.Exists(root) ? [.. Directory.GetDirectories(root).Order(StringComparer.Ordinal)] : [];

    /// <summary>
    /// What a plug-in folder looks like now: its files' names, sizes and write times. A changed fingerprint is a new
    /// version to load; an unchanged one is left alone.
    /// </summary>
    public static string Fingerprint(string folder)
    {
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => new FileInfo(f))
                .Select(f => $"{Path.GetRelativePath(folder, f.FullName)}|{f.Length}|{f.LastWriteTimeUtc.Ticks}")
            : [];
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join('\n', files))))[..16];
    }

    /// <summary>Whether every file of the folder was last written before <paramref name="since"/>.</summary>
    public static bool QuietSince(string folder, DateTimeOffset since) =>
        Directory.Exists(folder) && Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .All(f => File.GetLastWriteTimeUtc(f) < since.UtcDateTime);

    /// <summary>
    /// Loads one plug-in folder in a collectible load context of its own, its files read into memory (so a folder
    /// replaced on disk never changes code that runs). Throws <see cref="PluginLoadException"/> with the reason.
    /// </summary>
    public (PluginHandle Plugin, IReadOnlyList<LoadedConnector> Connectors) LoadFolder(string folder)
    {
        var name = Path.GetFileName(folder);
        var dll = Path.Combine(folder, name + ".dll");
        var fingerprint = Fingerprint(folder);
        if (!File.Exists(dll))
        {
            throw new PluginLoadException($"no {name}.dll in the plug-in folder");
        }

        var loader = PluginLoader.CreateFromAssemblyFile(dll, SharedTypes, config =>
        {
            config.PreferSharedTypes = true;
            config.IsUnloadable = true;
            config.LoadInMemory = true;
        });
        try
        {
            var plugin = new PluginHandle(name, folder, fingerprint, loader);
            var connectors = LoadPlugin(name, dll, loader).Select(c => c with { Plugin = plugin }).ToList();
            foreach (var connector in connectors)
            {
                LogLoaded(connector.Descriptor.Id, connector.Descriptor.Version, dll, connector.ContractVersion);
            }

            return (plugin, connectors);
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    private List<LoadedConnector> LoadPlugin(string name, string dll, PluginLoader loader)
    {
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

        var entries = assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConnectorPlugin).IsAssignableFrom(t))
            .ToList();
        if (entries.Count != 1)
        {
            throw new PluginLoadException(entries.Count == 0
                ? $"{name}.dll has no public class implementing IConnectorPlugin (the plug-in's entry point)"
                : $"{name}.dll has {entries.Count} IConnectorPlugin classes; a plug-in has exactly one entry point");
        }

        var connectors = Build(entries[0]);
        var result = new List<LoadedConnector>();
        foreach (var connector in connectors)
        {
            Validate(connector, connector.GetType());
            result.Add(new LoadedConnector(connector, name, dll, contractText));
        }

        return result;
    }

    /// <summary>Builds the plug-in's connectors in a container of its own: only what a plug-in may see is in it.</summary>
    private List<IConnector> Build(Type entryType)
    {
        if (entryType.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new PluginLoadException($"{entryType.Name} (the plug-in's entry point) needs a public parameterless constructor");
        }

        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton(loggers);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        services.AddSingleton(connectorOptions);
        try
        {
            var entry = (IConnectorPlugin)Activator.CreateInstance(entryType)!;
            entry.ConfigureServices(services);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
            throw new PluginLoadException($"{entryType.Name}.ConfigureServices threw: {inner.GetType().Name}: {inner.Message}");
        }

        foreach (var descriptor in services)
        {
            if (descriptor.ImplementationType is { } implementation && Forbidden(implementation) is { } forbidden)
            {
                throw new PluginLoadException(
                    $"{implementation.Name} asks for {forbidden}, which a plug-in may not see (a connector gets a clock, loggers, its options and, per call, the account's HTTP client)");
            }
        }

        var container = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            var connectors = container.GetServices<IConnector>().ToList();
            return connectors.Count > 0
                ? connectors
                : throw new PluginLoadException($"{entryType.Name} registers no IConnector");
        }
        catch (Exception ex) when (ex is not PluginLoadException and not OutOfMemoryException)
        {
            var inner = ex is TargetInvocationException { InnerException: { } i } ? i : ex;
            var names = string.Join(", ", services.Where(d => d.ServiceType == typeof(IConnector))
                .Select(d => d.ImplementationType?.Name ?? "a factory-registered connector"));
            throw new PluginLoadException($"{names} could not be built: {inner.GetType().Name}: {inner.Message}");
        }
    }

    private static string? Forbidden(Type implementation) => implementation.GetConstructors()
        .SelectMany(c => c.GetParameters())
        .Select(p => p.ParameterType.FullName)
        .FirstOrDefault(n => n is not null && ForbiddenDependencies.Contains(n, StringComparer.Ordinal));

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

        if (!ConnectorIdRule.IsValid(d.Id))
        {
            throw new PluginLoadException($"{type.Name} declares the id '{d.Id}': ids are 2 to 40 of a-z, 0-9 and _, starting with a letter");
        }

        if (d.Account is null)
        {
            throw new PluginLoadException($"{d.Id} declares no account schema");
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

        if (d.Has(ConnectorCapabilities.PartialRefund) && !d.Has(ConnectorCapabilities.Refund))
        {
            throw new PluginLoadException($"{d.Id} declares PartialRefund without Refund");
        }

        foreach (var currency in d.Currencies)
        {
            if (!Currency.TryFromCode(currency, out _))
            {
                throw new PluginLoadException($"{d.Id} declares the unknown currency '{currency}'");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded connector {ConnectorId} {ConnectorVersion} from {Path} (contract {Contract})")]
    private partial void LogLoaded(string connectorId, string connectorVersion, string path, string contract);

    [LoggerMessage(Level = LogLevel.Error, Message = "Plug-in {Plugin} at {Path} was not loaded: {Error}")]
    internal partial void LogFailed(string plugin, string path, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Plug-in folder {Path} does not exist: no connector is loaded")]
    private partial void LogNoPluginFolder(string path);
}

internal sealed class PluginLoadException(string message) : Exception(message);

/// <summary>What a connector id looks like: the word in URLs, configuration keys and the database.</summary>
internal static class ConnectorIdRule
{
    public static bool IsValid(string? id) =>
        id is { Length: >= 2 and <= 40 } && id[0] is >= 'a' and <= 'z' && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
}
