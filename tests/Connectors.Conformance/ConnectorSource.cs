using System.Reflection;
using Connectors.Abstractions;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Conformance;

/// <summary>
/// Where the connector under test comes from: a plug-in folder loaded the way the hub loads it, or an
/// <see cref="IConnectorPlugin"/> instance in the test process (convenient while developing; the folder is the real
/// thing). Either way the connector is built in a container of its own holding only what a plug-in may see.
/// </summary>
public abstract class ConnectorSource
{
    // What the hub shares with a plug-in: the contract, logging, DI abstractions, the clock and HTTP.
    private static readonly Type[] SharedTypes =
    [
        typeof(IConnector), typeof(IConnectorPlugin), typeof(ILogger), typeof(ILoggerFactory), typeof(IServiceCollection),
        typeof(TimeProvider), typeof(HttpClient),
    ];

    private ConnectorSource()
    {
    }

    /// <summary>What the suite reports it tests: the DLL's path, or the plug-in type.</summary>
    public abstract string Describe();

    /// <summary>
    /// <c>artifacts/plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c>, or any <c>&lt;folder&gt;/&lt;Name&gt;.dll</c>: the plug-in
    /// folder as the build publishes it, without its own copy of Connectors.Abstractions or Microsoft.Extensions.*.
    /// </summary>
    public static ConnectorSource FromPluginFolder(string folder) => new Folder(Path.GetFullPath(folder));

    /// <summary>
    /// The plug-in folder <c>artifacts/plugins/<paramref name="name"/>/</c> of the repository the tests run in: the
    /// first <c>artifacts/plugins</c> found walking up from the test binaries.
    /// </summary>
    public static ConnectorSource FromRepositoryPlugin(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "plugins", name);
            if (Directory.Exists(candidate))
            {
                return FromPluginFolder(candidate);
            }
        }

        throw new ConformanceSetupException(
            $"no artifacts/plugins/{name}/ above {AppContext.BaseDirectory}: build the connector first (its build publishes the plug-in folder)");
    }

    /// <summary>A plug-in type in the test process; a fresh instance is made for every container.</summary>
    public static ConnectorSource FromPlugin<TPlugin>()
        where TPlugin : IConnectorPlugin, new() => new InProcess(typeof(TPlugin), () => new TPlugin());

    /// <summary>A plug-in instance in the test process, reused for every container.</summary>
    public static ConnectorSource FromPlugin(IConnectorPlugin plugin) => new InProcess(plugin.GetType(), () => plugin);

    /// <summary>The plug-in entry point, loaded once.</summary>
    internal abstract IConnectorPlugin CreatePlugin();

    /// <summary>
    /// Builds the connector as the hub does: a fresh <see cref="ServiceCollection"/> holding only the clock, logging
    /// and the connector options, the plug-in's registrations, and its one <see cref="IConnector"/> (or the one with
    /// <paramref name="connectorId"/>). Each call is a new container: a "restarted hub" with cold caches.
    /// </summary>
    internal IConnector Build(TimeProvider clock, ILoggerFactory loggers, ConnectorOptions options, string? connectorId)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton(loggers);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(options);
        CreatePlugin().ConfigureServices(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var connectors = provider.GetServices<IConnector>().ToList();
        var chosen = connectorId is null ? connectors : [.. connectors.Where(c => c.Descriptor.Id == connectorId)];
        return chosen.Count switch
        {
            1 => chosen[0],
            0 => throw new ConformanceSetupException(connectorId is null
                ? $"{Describe()} registers no IConnector"
                : $"{Describe()} registers no connector '{connectorId}' (it has {string.Join(", ", connectors.Select(c => c.Descriptor.Id))})"),
            _ => throw new ConformanceSetupException(
                $"{Describe()} registers several connectors ({string.Join(", ", chosen.Select(c => c.Descriptor.Id))}): name one in the fixture's ConnectorId"),
        };
    }

    private sealed class InProcess(Type type, Func<IConnectorPlugin> create) : ConnectorSource
    {
        public override string Describe() => $"in-process plug-in {type.FullName}";

        internal override IConnectorPlugin CreatePlugin() => create();
    }

    private sealed class Folder(string folder) : ConnectorSource
    {
        private readonly Lock _gate = new();
        private Type? _pluginType;

        private string Dll => Path.Combine(folder, Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar)) + ".dll");

        public override string Describe() => Dll;

        internal override IConnectorPlugin CreatePlugin()
        {
            lock (_gate)
            {
                _pluginType ??= LoadPluginType();
            }

            return (IConnectorPlugin)Activator.CreateInstance(_pluginType)!;
        }

        private Type LoadPluginType()
        {
            if (!File.Exists(Dll))
            {
                throw new ConformanceSetupException($"no {Path.GetFileName(Dll)} in {folder}");
            }

            if (File.Exists(Path.Combine(folder, typeof(IConnector).Assembly.GetName().Name + ".dll")))
            {
                throw new ConformanceSetupException(
                    $"{folder} carries its own Connectors.Abstractions.dll: reference the contract with Private=false and ExcludeAssets=runtime, " +
                    "or its IConnector is not the hub's");
            }

            var loader = PluginLoader.CreateFromAssemblyFile(Dll, SharedTypes, config => config.PreferSharedTypes = true);
            Assembly assembly;
            try
            {
                assembly = loader.LoadDefaultAssembly();
            }
            catch (BadImageFormatException)
            {
                throw new ConformanceSetupException($"{Dll} is not a .NET assembly");
            }

            var contract = assembly.GetReferencedAssemblies()
                .FirstOrDefault(a => a.Name == typeof(IConnector).Assembly.GetName().Name)?.Version
                ?? throw new ConformanceSetupException($"{Dll} does not reference Connectors.Abstractions");
            if (contract.Major != ConnectorContract.Major || contract.Minor > ConnectorContract.Minor)
            {
                throw new ConformanceSetupException(
                    $"{Dll} is built for connector contract {contract.Major}.{contract.Minor}; this suite speaks {ConnectorContract.Version}");
            }

            var entries = assembly.GetExportedTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConnectorPlugin).IsAssignableFrom(t))
                .ToList();
            return entries.Count switch
            {
                1 when entries[0].GetConstructor(Type.EmptyTypes) is not null => entries[0],
                1 => throw new ConformanceSetupException($"{entries[0].FullName} has no public parameterless constructor"),
                0 => throw new ConformanceSetupException($"{Dll} has no public class implementing IConnectorPlugin"),
                _ => throw new ConformanceSetupException(
                    $"{Dll} has several IConnectorPlugin types ({string.Join(", ", entries.Select(t => t.Name))}); a plug-in has exactly one"),
            };
        }
    }
}

/// <summary>The fixture or the plug-in cannot be set up: the reason, for the author.</summary>
public sealed class ConformanceSetupException(string message) : Exception(message);
