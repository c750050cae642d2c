using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Hub.Plugins;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace Hub.Providers;

/// <summary>
/// One <see cref="HttpClient"/> per connector account, built once and reused (until the account changes): its own
/// connection pool, its own TLS client certificate where the account carries one (mTLS), its own timeouts, and its
/// own circuit breaker, so that one merchant's bad credentials or unreachable host never opens the circuit for every
/// merchant of the provider. The resilience policy stays the hub's: <b>no retry of unsafe methods</b> (a money-moving
/// POST is sent once; an unanswered one is an unknown outcome that reconciliation settles); safe GETs are retried;
/// which answers count as provider failures for the breaker is the connector's call
/// (<see cref="IConnector.IsProviderFailureAsync"/>).
/// </summary>
internal sealed partial class ProviderHttp(IOptions<HubOptions> options, TimeProvider clock, ILogger<ProviderHttp> logger,
    ProviderAddressPolicy? addresses = null) : IDisposable
{
    /// <summary>Account settings the hub itself reads (any connector's account may carry them).</summary>
    public const string AttemptTimeoutSetting = "attemptTimeoutSeconds";

    /// <summary>The whole call's budget, retries of safe methods included.</summary>
    public const string TotalTimeoutSetting = "totalTimeoutSeconds";

    private readonly ConcurrentDictionary<Guid, AccountHttp> _clients = new();

    /// <summary>The account's client; a changed account (credentials, certificate, URL, timeouts) gets a new one.</summary>
    public AccountHttp For(LoadedConnector connector, ConnectorAccountRow row, IReadOnlyDictionary<string, string> credentials)
    {
        var version = Version(row);
        if (_clients.TryGetValue(row.Id, out var existing) && existing.Version == version && existing.Connector == connector.Connector)
        {
            return existing;
        }

        var created = Build(connector, row, credentials, version);
        var winner = _clients.AddOrUpdate(row.Id, created, (_, old) =>
        {
            if (old.Version == version && old.Connector == connector.Connector)
            {
                return old;
            }

            old.RetireLater(); // calls in flight finish on the old client
            return created;
        });
        if (!ReferenceEquals(winner, created))
        {
            created.Dispose();
        }

        return winner;
    }

    /// <summary>Drops the clients built for a connector that no longer serves (its plug-in was removed or replaced).</summary>
    public void Forget(IConnector connector)
    {
        foreach (var (id, client) in _clients)
        {
            if (client.Connector == connector && _clients.TryRemove(new KeyValuePair<Guid, AccountHttp>(id, client)))
            {
                client.RetireLater();
            }
        }
    }

    /// <summary>The circuit of every account with a client in this instance, for /health/ready.</summary>
    public IReadOnlyList<(Guid AccountId, string Connector, CircuitState State)> Circuits() =>
        [.. _clients.Select(c => (c.Key, c.Value.ConnectorId, c.Value.CircuitState))];

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    private static string Version(ConnectorAccountRow row) =>
        $"{row.UpdatedAt.UtcTicks}|{row.BaseUrl}|{row.Settings.GetValueOrDefault(AttemptTimeoutSetting)}|{row.Settings.GetValueOrDefault(TotalTimeoutSetting)}";

    private AccountHttp Build(LoadedConnector connector, ConnectorAccountRow row, IReadOnlyDictionary<string, string> credentials,
        string version)
    {
        var hub = options.Value;
        var attempt = Seconds(row.Settings.GetValueOrDefault(AttemptTimeoutSetting)) ?? hub.ProviderAttemptTimeout;
        var total = Seconds(row.Settings.GetValueOrDefault(TotalTimeoutSetting)) ?? hub.ProviderTotalTimeout;
        total = total > attempt * 3 ? total : attempt * 3;

        var sockets = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        };
        if (addresses is not null)
        {
            // The address vetted is the address connected to (no DNS rebinding): the SSRF guard of production mode.
            sockets.ConnectCallback = addresses.ConnectAsync;
        }
        var certificate = ClientCertificate(credentials);
        if (certificate is not null)
        {
            sockets.SslOptions.ClientCertificates = [certificate];
        }

        var stateProvider = new CircuitBreakerStateProvider();
        var manual = new CircuitBreakerManualControl();
        var streak = new FailureStreak(manual, clock, BreakDuration);
        var circuitOptions = new HttpCircuitBreakerStrategyOptions
        {
            // Polly's defaults (100 calls in 30 s) never open at a provider's real volumes.
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, (attempt.TotalSeconds * 2) + 1)),
            BreakDuration = BreakDuration,
            StateProvider = stateProvider,
            ManualControl = manual,
            ShouldHandle = async args =>
            {
                var failed = await IsFailureAsync(connector.Connector, args.Outcome, args.Context.CancellationToken);
                streak.Record(failed);
                return failed;
            },
        };
        var retry = new HttpRetryStrategyOptions { MaxRetryAttempts = 2 };
        retry.DisableForUnsafeHttpMethods();
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = total })
            .AddRetry(retry)
            .AddCircuitBreaker(circuitOptions)
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = attempt })
            .Build();

        var handler = new CircuitOpenHandler { InnerHandler = new ResilienceHandler(pipeline) { InnerHandler = sockets } };
        var client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri((row.BaseUrl ?? "http://invalid.local").TrimEnd('/') + "/", UriKind.Absolute),
            Timeout = Timeout.InfiniteTimeSpan, // the pipeline owns timeouts
        };
        LogBuilt(connector.Descriptor.Id, PublicId.Format(PublicId.ConnectorAccount, row.Id), certificate is not null);
        return new AccountHttp(client, connector.Connector, connector.Descriptor.Id, version, stateProvider);
    }

    /// <summary>How long an open circuit refuses calls before it lets one through to try.</summary>
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(15);

    private static async ValueTask<bool> IsFailureAsync(IConnector connector, Outcome<HttpResponseMessage> outcome, CancellationToken ct)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                or OperationCanceledException;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        try
        {
            // The connector may read the body (a business code); buffer it so the connector reads it again.
            await response.Content.LoadIntoBufferAsync(ct);
            return await connector.IsProviderFailureAsync(response, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (int)response.StatusCode >= 500;
        }
    }

    private static X509Certificate2? ClientCertificate(IReadOnlyDictionary<string, string> credentials)
    {
        if (credentials.GetValueOrDefault(AccountSchema.ClientCertificateCredential) is not { Length: > 0 } pfx)
        {
            return null;
        }

        // Validated when the account was written; an unreadable one here is an operator error, reported as such.
        return X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(pfx),
            credentials.GetValueOrDefault(AccountSchema.ClientCertificatePasswordCredential));
    }

    /// <summary>Whether a credential set's client certificate (if any) can be read: null, or why not.</summary>
    public static string? CertificateProblem(IReadOnlyDictionary<string, string> credentials)
    {
        try
        {
            using var certificate = ClientCertificate(credentials);
            return certificate is { HasPrivateKey: false } ? "has no private key" : null;
        }
        catch (Exception ex) when (ex is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return "is not a readable base64 PKCS#12 (PFX) with this password";
        }
    }

    private static TimeSpan? Seconds(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 300
            ? TimeSpan.FromSeconds(s)
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP client for {Connector} account {AccountId} built (client certificate: {HasCertificate})")]
    private partial void LogBuilt(string connector, string accountId, bool hasCertificate);
}

/// <summary>One account's HTTP client and circuit.</summary>
internal sealed class AccountHttp(HttpClient client, IConnector connector, string connectorId, string version,
    CircuitBreakerStateProvider circuit) : IDisposable
{
    public HttpClient Client { get; } = client;

    public IConnector Connector { get; } = connector;

    public string ConnectorId { get; } = connectorId;

    public string Version { get; } = version;

    /// <summary>Open also when <see cref="FailureStreak"/> opened it (Polly calls that isolated).</summary>
    public CircuitState CircuitState => circuit.CircuitState is CircuitState.Isolated ? CircuitState.Open : circuit.CircuitState;

    public void RetireLater() => _ = Task.Delay(TimeSpan.FromMinutes(2)).ContinueWith(_ => Dispose(), TaskScheduler.Default);

    public void Dispose() => Client.Dispose();
}

/// <summary>
/// Says what the pipeline's own rejections mean in the words connectors recognise without knowing Polly: an open
/// circuit means the request never left (a connection error: not sent); a pipeline timeout means it may have (a
/// <see cref="TimeoutException"/>: unknown).
/// </summary>
internal sealed class CircuitOpenHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "the provider's circuit is open", ex);
        }
        catch (Polly.Timeout.TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("the provider did not answer in time", ex);
        }
    }
}

/// <summary>
/// The second way a circuit opens: <see cref="Threshold"/> provider failures in a row, whatever the ratio. The ratio
/// alone is slow to open right after a busy spell: the 30 s window still holds the successes from before the provider
/// went down (300 creates, then every call failing: dozens more calls reach a provider that answers none). Isolated for
/// the break, then closed with the streak one short of the threshold, so the first call to fail again re-opens it at
/// once (the half-open probe).
/// </summary>
internal sealed class FailureStreak(CircuitBreakerManualControl manual, TimeProvider clock, TimeSpan breakDuration)
{
    public const int Threshold = 10;

    private int _failures;
    private int _isolated;

    public void Record(bool failed)
    {
        if (!failed)
        {
            Interlocked.Exchange(ref _failures, 0);
            return;
        }

        if (Interlocked.Increment(ref _failures) >= Threshold && Interlocked.CompareExchange(ref _isolated, 1, 0) == 0)
        {
            _ = IsolateAsync();
        }
    }

    private async Task IsolateAsync()
    {
        try
        {
            await manual.IsolateAsync();
            await Task.Delay(breakDuration, clock);
            Interlocked.Exchange(ref _failures, Threshold - 1);
            await manual.CloseAsync();
        }
        catch (ObjectDisposedException)
        {
            // The account's client was retired meanwhile.
        }
        finally
        {
            Interlocked.Exchange(ref _isolated, 0);
        }
    }
}
