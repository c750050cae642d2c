using Microsoft.Extensions.Options;

namespace Hub.Plugins;

/// <summary>
/// Keeps the serving connectors in step with the plug-in folder: a new folder is loaded, a changed one (a new
/// version) is loaded beside the old and replaces it in one swap, a removed one is unloaded once its running calls
/// are done. Nothing serves before it passed its activation smoke (<see cref="PluginSmoke"/>): a new plug-in that
/// fails stays inactive, a new version that fails leaves the old version serving, and either way
/// <c>/v1/connectors</c> lists the failure with its reason. Runs at start, at every scan of the folder
/// (<see cref="PluginWatcher"/>) and on <c>POST /v1/admin/plugins/reload</c>, one at a time.
/// </summary>
internal sealed partial class PluginReloader(
    ConnectorPluginLoader loader, PluginSmoke smoke, Providers.ProviderHttp http, IOptions<HubOptions> options,
    TimeProvider clock, ILogger<PluginReloader> logger)
{
    // A folder whose files were all written before this is not being copied: it loads at the first scan that sees it
    // (a folder moved in keeps its files' times); one still being written waits for a scan that sees it unchanged.
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    // A smoke that failed (the test endpoint down, say) is tried again by the folder scan this often (wall clock).
    private static readonly TimeSpan SmokeRetryInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ActivePlugin> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PluginFailure> _failed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);
    private ConnectorRegistry? _registry;

    public ConnectorRegistry Registry => _registry ?? throw new InvalidOperationException("the plug-ins are not loaded yet");

    /// <summary>The first load, at start: every folder, at once.</summary>
    public ConnectorRegistry Start()
    {
        _registry = loader.Load(options.Value.ResolvePluginsPath());
        ReloadAsync(waitForStableFolders: false, CancellationToken.None).GetAwaiter().GetResult();
        return _registry;
    }

    /// <summary>
    /// Brings the serving set in line with the folder. With <paramref name="waitForStableFolders"/> (the periodic
    /// scan) a folder with files written in the last two seconds that changed since the last scan is left until it
    /// stops changing, so a copy still being written is not loaded half-way; on demand it is loaded now.
    /// </summary>
    public async Task<ReloadReport> ReloadAsync(bool waitForStableFolders, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var registry = Registry;
            var folders = ConnectorPluginLoader.Folders(registry.PluginsPath).ToDictionary(f => Path.GetFileName(f), StringComparer.Ordinal);
            var report = new ReloadReport();
            var retired = new List<ActivePlugin>();
            foreach (var gone in _active.Keys.Except(folders.Keys).ToList())
            {
                retired.Add(_active[gone]);
                _active.Remove(gone);
                report.Unloaded.Add(gone);
                LogUnloaded(gone);
            }

            foreach (var gone in _failed.Keys.Except(folders.Keys).ToList())
            {
                _failed.Remove(gone);
            }

            foreach (var (name, folder) in folders)
            {
                var fingerprint = ConnectorPluginLoader.Fingerprint(folder);
                var previous = _seen.GetValueOrDefault(name);
                _seen[name] = fingerprint;
                _active.TryGetValue(name, out var current);
                if (current?.Plugin.Fingerprint == fingerprint
                    || (waitForStableFolders && _failed.GetValueOrDefault(name) is { } failed && failed.Fingerprint == fingerprint
                        && !(failed.Stage == "smoke" && TimeProvider.System.GetUtcNow() - failed.TriedAt >= SmokeRetryInterval)))
                {
                    // Unchanged: serving, or failed the same way already. An operator's reload tries a failed folder
                    // again (its test endpoint may be up now); the scan retries a failed smoke once a minute.
                    continue;
                }

                if (waitForStableFolders && previous != fingerprint && !ConnectorPluginLoader.QuietSince(folder, TimeProvider.System.GetUtcNow() - QuietPeriod))
                {
                    report.Pending.Add(name); // still changing, or just appeared: next scan
                    continue;
                }

                if (await ActivateAsync(name, folder, fingerprint, current, report, ct) is { } replaced)
                {
                    retired.Add(replaced);
                }
            }

            foreach (var gone in _seen.Keys.Except(folders.Keys).ToList())
            {
                _seen.Remove(gone);
            }

            registry.Publish(_active.Values.SelectMany(p => p.Connectors), _failed.Values.OrderBy(f => f.PluginName, StringComparer.Ordinal));
            foreach (var plugin in retired)
            {
                foreach (var connector in plugin.Connectors)
                {
                    http.Forget(connector.Connector);
                }

                plugin.Plugin.Retire();
            }

            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Loads and smokes one folder; on success it is active and the version it replaces is returned.</summary>
    private async Task<ActivePlugin?> ActivateAsync(string name, string folder, string fingerprint, ActivePlugin? current,
        ReloadReport report, CancellationToken ct)
    {
        var dll = Path.Combine(folder, name + ".dll");
        var stage = "load";
        PluginHandle? handle = null;
        try
        {
            (handle, var connectors) = loader.LoadFolder(folder);
            foreach (var connector in connectors)
            {
                var id = connector.Descriptor.Id;
                if (_active.Values.Any(p => p.Plugin.Name != name && p.Connectors.Any(c => c.Descriptor.Id == id)))
                {
                    throw new PluginLoadException($"connector id '{id}' is already provided by another plug-in");
                }
            }

            stage = "smoke";
            var now = clock.GetUtcNow();
            var smoked = new List<LoadedConnector>();
            foreach (var connector in connectors)
            {
                smoked.Add(connector with { Smoke = await smoke.RunAsync(connector, ct), ActivatedAt = now });
            }

            _active[name] = new ActivePlugin(handle, smoked);
            _failed.Remove(name);
            (current is null ? report.Loaded : report.Upgraded).Add(name);
            return current;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            handle?.Retire();
            var error = ex is PluginLoadException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            if (current is not null)
            {
                error += $" (the version loaded at {(current.Connectors.Count > 0 ? current.Connectors[0].ActivatedAt : default):u} still serves)";
            }

            _failed[name] = new PluginFailure(name, dll, error)
            {
                Stage = stage, Fingerprint = fingerprint, At = clock.GetUtcNow(), TriedAt = TimeProvider.System.GetUtcNow(),
            };
            report.Failed.Add(name);
            loader.LogFailed(name, dll, error);
            return null;
        }
    }

    private sealed record ActivePlugin(PluginHandle Plugin, IReadOnlyList<LoadedConnector> Connectors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plug-in {Plugin} was removed from the plug-in folder: unloading it once its running calls are done")]
    private partial void LogUnloaded(string plugin);
}

/// <summary>What one reload did, by plug-in folder name.</summary>
internal sealed record ReloadReport
{
    public List<string> Loaded { get; } = [];

    public List<string> Upgraded { get; } = [];

    public List<string> Unloaded { get; } = [];

    public List<string> Failed { get; } = [];

    /// <summary>Folders that changed since the previous scan: loaded once they stop changing.</summary>
    public List<string> Pending { get; } = [];
}

/// <summary>Scans the plug-in folder every <see cref="HubOptions.PluginScanInterval"/> (wall-clock time: it is the disk it watches).</summary>
internal sealed partial class PluginWatcher(PluginReloader reloader, IOptions<HubOptions> options, ILogger<PluginWatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PluginScanInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, TimeProvider.System);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await reloader.ReloadAsync(waitForStableFolders: true, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                LogScanFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning the plug-in folder failed; the connectors serving stay as they are")]
    private partial void LogScanFailed(Exception exception);
}
