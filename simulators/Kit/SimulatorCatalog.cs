using System.Reflection;
using System.Runtime.Loader;

namespace Simulators.Kit;

/// <summary>Finds the simulators: every <see cref="ISimulatorDefinition"/> in the simulator assemblies.</summary>
public static class SimulatorCatalog
{
    /// <summary>The definitions in <c>Simulators.*.dll</c> of <paramref name="directory"/> (the kit and host excluded), by id.</summary>
    public static IReadOnlyList<ISimulatorDefinition> FromDirectory(string directory)
    {
        var assemblies = new List<Assembly>();
        foreach (var path in Directory.GetFiles(directory, "Simulators.*.dll").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name is "Simulators.Kit" or "Simulators.Host" || name.EndsWith(".Tests", StringComparison.Ordinal))
            {
                continue;
            }

            var assemblyName = AssemblyName.GetAssemblyName(path);
            assemblies.Add(AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), assemblyName))
                ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(path));
        }

        return Discover(assemblies);
    }

    /// <summary>The definitions in <paramref name="assemblies"/>, ordered by id; two with one id are an error.</summary>
    public static IReadOnlyList<ISimulatorDefinition> Discover(IEnumerable<Assembly> assemblies)
    {
        var found = assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISimulatorDefinition).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (ISimulatorDefinition)Activator.CreateInstance(t)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        if (found.GroupBy(d => d.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"two simulators say they are {twice.Key}: {string.Join(", ", twice.Select(d => d.GetType().FullName))}");
        }

        return found;
    }
}

/// <summary>
/// <c>simulators/ports.tsv</c>: one simulator id and its default port a line, the one table run.sh, the host and the
/// README share. <c>#</c> starts a comment; fields are separated by tabs or spaces.
/// </summary>
public static class PortTable
{
    public static IReadOnlyDictionary<string, int> Parse(string text)
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, number) in text.Split('\n').Select((l, i) => (l.Trim(), i + 1)))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !int.TryParse(fields[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535 || !ports.TryAdd(fields[0], port))
            {
                throw new FormatException($"ports.tsv line {number}: want '<id> <port>' with a new id and a port from 1 to 65535, got '{line}'");
            }
        }

        return ports;
    }

    public static IReadOnlyDictionary<string, int> Load(string path) => Parse(File.ReadAllText(path));
}
