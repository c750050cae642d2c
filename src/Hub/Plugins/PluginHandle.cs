using McMaster.NETCore.Plugins;

namespace Hub.Plugins;

/// <summary>
/// One loaded plug-in folder: its collectible load context and the calls running in it. Retiring it (the folder
/// was removed or replaced) unloads the context once the last running call has left, never under a call: a call
/// that is still running may yet need a dependency the context has not loaded.
/// </summary>
internal sealed class PluginHandle(string name, string folder, string fingerprint, PluginLoader? loader)
{
    private readonly Lock _gate = new();
    private int _calls;
    private bool _retired;
    private bool _unloaded;

    public string Name { get; } = name;

    public string Folder { get; } = folder;

    /// <summary>What the folder's files looked like when it was loaded (names, sizes, times).</summary>
    public string Fingerprint { get; } = fingerprint;

    public int CallsInFlight => Volatile.Read(ref _calls);

    public bool IsUnloaded
    {
        get
        {
            lock (_gate)
            {
                return _unloaded;
            }
        }
    }

    /// <summary>Raised once the load context has been told to unload.</summary>
    public event Action<PluginHandle>? Unloaded;

    internal void Enter()
    {
        lock (_gate)
        {
            _calls++;
        }
    }

    internal void Exit()
    {
        bool unload;
        lock (_gate)
        {
            _calls--;
            unload = _retired && _calls == 0 && !_unloaded;
            _unloaded |= unload;
        }

        if (unload)
        {
            Unload();
        }
    }

    /// <summary>No new call will come (the registry no longer holds it): unload now or when the last call leaves.</summary>
    public void Retire()
    {
        bool unload;
        lock (_gate)
        {
            _retired = true;
            unload = _calls == 0 && !_unloaded;
            _unloaded |= unload;
        }

        if (unload)
        {
            Unload();
        }
    }

    private void Unload()
    {
        loader?.Dispose(); // a collectible context: the runtime frees it once nothing references its types
        Unloaded?.Invoke(this);
    }
}

/// <summary>A call into a plug-in, for as long as it runs (<c>using var call = connector.Enter();</c>).</summary>
internal readonly struct PluginCall : IDisposable
{
    private readonly PluginHandle? _plugin;

    public PluginCall(PluginHandle? plugin)
    {
        _plugin = plugin;
        plugin?.Enter();
    }

    public void Dispose() => _plugin?.Exit();
}
