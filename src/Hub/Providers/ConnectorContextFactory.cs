using Connectors.Abstractions;
using Hub.Common;
using Hub.ConnectorAccounts;
using Hub.Persistence;
using Hub.Plugins;
using Microsoft.Extensions.Options;

namespace Hub.Providers;

/// <summary>
/// Builds the per-call <see cref="ConnectorContext"/>: decrypted account, callback URL, the account's own HTTP client
/// (<see cref="ProviderHttp"/>), clock, logger, and where the call's connector data is saved.
/// </summary>
internal sealed class ConnectorContextFactory(
    ProviderHttp http,
    CredentialProtector protector,
    TimeProvider clock,
    ILoggerFactory loggers,
    IOptions<HubOptions> options)
{
    private static readonly Func<string, CancellationToken, Task> NoSave = static (_, _) => Task.CompletedTask;

    // Decrypting per call is measurable; the plain credentials of an account are kept while its ciphertext is the same.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (string Protected, IReadOnlyDictionary<string, string> Plain)> _credentials = new();

    public ConnectorContext Create(LoadedConnector connector, ConnectorAccountRow row,
        Func<string, CancellationToken, Task>? saveData = null)
    {
        var account = ToAccount(row);
        return new ConnectorContext
        {
            Account = account,
            CallbackUrl = CallbackUrl(connector.Descriptor.Id, row.Id),
            HttpClient = http.For(connector, row, account.Credentials).Client,
            Clock = clock,
            Logger = loggers.CreateLogger("Connectors." + connector.Descriptor.Id),
            SaveDataAsync = saveData ?? NoSave,
        };
    }

    public Uri CallbackUrl(string connectorId, Guid accountId) =>
        new(options.Value.PublicUrl, $"/v1/callbacks/{connectorId}/{PublicId.Format(PublicId.ConnectorAccount, accountId)}");

    public ConnectorAccount ToAccount(ConnectorAccountRow row) => new()
    {
        Id = PublicId.Format(PublicId.ConnectorAccount, row.Id),
        Environment = row.Livemode ? ConnectorEnvironment.Live : ConnectorEnvironment.Sandbox,
        BaseUrl = new Uri(row.BaseUrl ?? "http://invalid.local", UriKind.Absolute),
        Credentials = Credentials(row),
        Settings = row.Settings,
    };

    private IReadOnlyDictionary<string, string> Credentials(ConnectorAccountRow row)
    {
        if (_credentials.TryGetValue(row.Id, out var cached) && string.Equals(cached.Protected, row.ProtectedCredentials, StringComparison.Ordinal))
        {
            return cached.Plain;
        }

        var plain = protector.Unprotect(row.ProtectedCredentials);
        _credentials[row.Id] = (row.ProtectedCredentials, plain);
        return plain;
    }
}
