using Microsoft.Extensions.Logging;

namespace Connectors.Abstractions;

/// <summary>Which provider environment an account talks to.</summary>
public enum ConnectorEnvironment
{
    /// <summary>The provider's sandbox (or its simulator); reached only by test keys.</summary>
    Sandbox,

    /// <summary>Real money; reached only by live keys.</summary>
    Live,
}

/// <summary>
/// A merchant's account at a provider, as the hub hands it to a connector: credentials already decrypted.
/// Credentials are secrets: a connector never logs them, puts them in an exception or returns them.
/// </summary>
public sealed record ConnectorAccount
{
    /// <summary>The hub's id of the account, "ca_…".</summary>
    public required string Id { get; init; }

    /// <summary>The environment.</summary>
    public required ConnectorEnvironment Environment { get; init; }

    /// <summary>The provider's base URL (or the simulator's), ending without a slash.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>The provider credentials, by the names the connector declares.</summary>
    public required IReadOnlyDictionary<string, string> Credentials { get; init; }

    /// <summary>Non-secret settings ("targetEnvironment", "phoneFormat").</summary>
    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    /// <summary>A credential, or null when absent.</summary>
    public string? Credential(string name) => Credentials.TryGetValue(name, out var value) ? value : null;

    /// <summary>A setting, or null when absent.</summary>
    public string? Setting(string name) => Settings.TryGetValue(name, out var value) ? value : null;

    /// <summary>Never prints the credentials.</summary>
    public override string ToString() => $"ConnectorAccount {{ Id = {Id}, Environment = {Environment}, BaseUrl = {BaseUrl} }}";
}

/// <summary>
/// Everything a connector needs for one call. The hub builds it per call: the connector keeps no global state
/// per merchant (a cache keyed by <see cref="ConnectorAccount.Id"/>, such as an OAuth token, is fine).
/// </summary>
public sealed class ConnectorContext
{
    /// <summary>The merchant's account at the provider.</summary>
    public required ConnectorAccount Account { get; init; }

    /// <summary>The URL the provider must post its callbacks to: /v1/callbacks/{connector}/{account}.</summary>
    public required Uri CallbackUrl { get; init; }

    /// <summary>
    /// An <see cref="HttpClient"/> built by the hub for this account, with timeouts and a circuit breaker, and
    /// <b>no automatic retry of unsafe methods</b>: a money-moving POST is sent once. Its BaseAddress is the
    /// account's base URL. A connector does not dispose it.
    /// </summary>
    public required HttpClient HttpClient { get; init; }

    /// <summary>The clock. Connectors never read DateTime.UtcNow.</summary>
    public required TimeProvider Clock { get; init; }

    /// <summary>A logger. Never log a credential, a full phone number, a card number or a CVC.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>
    /// Saves connector data for the object this call is about (the payment, refund or payout being created), durably,
    /// before the call goes on: a recovery point inside a multi-step create (Orange Money stores its payToken after
    /// init and before the push, so a retry after a crash never runs init again). The retry gets it back in the
    /// request's <c>ConnectorData</c>. At most <see cref="ConnectorDataLimits.MaxLength"/> characters. A no-op where the call is
    /// about no object (status fetches keep what the result returns instead).
    /// </summary>
    public Func<string, CancellationToken, Task> SaveDataAsync { get; init; } = static (_, _) => Task.CompletedTask;
}

/// <summary>
/// Per-object connector data: an opaque string a connector returns with a result (or saves mid-call) and gets back in
/// every later call on that payment, refund or payout and in callback verification. The hub stores it as it is and
/// never reads it. Keep secrets out of it unless the provider issued them for this one object (a notification token).
/// </summary>
public static class ConnectorDataLimits
{
    /// <summary>The most characters the hub stores; a longer value is refused as a connector error.</summary>
    public const int MaxLength = 4096;

    /// <summary>Whether <paramref name="data"/> fits.</summary>
    public static bool Fits(string? data) => data is null || data.Length <= MaxLength;
}
