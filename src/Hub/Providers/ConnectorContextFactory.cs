using Connectors.Abstractions;
using Hub.Common;
using Hub.ConnectorAccounts;
using Hub.Persistence;
using Hub.Plugins;
using Microsoft.Extensions.Options;

namespace Hub.Providers;

/// <summary>Builds the per-call <see cref="ConnectorContext"/>: decrypted account, callback URL, HTTP client, clock, logger.</summary>
internal sealed class ConnectorContextFactory(
    IHttpClientFactory httpClients,
    CredentialProtector protector,
    TimeProvider clock,
    ILoggerFactory loggers,
    IOptions<HubOptions> options)
{
    public ConnectorContext Create(LoadedConnector connector, ConnectorAccountRow row)
    {
        var account = ToAccount(row);
        var http = httpClients.CreateClient(ProviderHttp.ClientName);
        http.BaseAddress = account.BaseUrl;
        return new ConnectorContext
        {
            Account = account,
            CallbackUrl = CallbackUrl(connector.Descriptor.Id, row.Id),
            HttpClient = http,
            Clock = clock,
            Logger = loggers.CreateLogger("Connectors." + connector.Descriptor.Id),
        };
    }

    public Uri CallbackUrl(string connectorId, Guid accountId) =>
        new(options.Value.PublicUrl, $"/v1/callbacks/{connectorId}/{PublicId.Format(PublicId.ConnectorAccount, accountId)}");

    public ConnectorAccount ToAccount(ConnectorAccountRow row) => new()
    {
        Id = PublicId.Format(PublicId.ConnectorAccount, row.Id),
        Environment = row.Livemode ? ConnectorEnvironment.Live : ConnectorEnvironment.Sandbox,
        BaseUrl = new Uri(row.BaseUrl ?? "http://invalid.local", UriKind.Absolute),
        Credentials = protector.Unprotect(row.ProtectedCredentials),
        Settings = row.Settings,
    };
}
