using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Providers;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Hub.ConnectorAccounts;

/// <summary>A merchant's connector accounts. Credentials are write-only: encrypted, masked in every reply, never logged.</summary>
[ScopedService]
internal sealed class ConnectorAccountService(
    HubDbContext db,
    MerchantScope scope,
    ConnectorRegistry registry,
    CredentialProtector protector,
    ConnectorContextFactory contexts,
    ProviderAddressPolicy providerAddresses,
    TimeProvider clock)
{
    /// <summary>API.md: accounts without a priority are ordered after those given one (lower first).</summary>
    public const int DefaultPriority = 100;

    public async Task<Result<ConnectorAccountResponse>> CreateAsync(BodyReader body, CancellationToken ct)
    {
        var connectorId = body.String("connector", required: true, maxLength: 40);
        var environment = body.String("environment", required: true, maxLength: 10);
        var baseUrl = body.String("baseUrl", maxLength: 500);
        var credentials = body.StringMap("credentials") ?? [];
        var settings = body.StringMap("settings") ?? [];
        var enabled = body.Bool("enabled") ?? true;
        var priority = ReadPriority(body) ?? DefaultPriority;

        var livemode = ReadEnvironment(body, environment);
        var connector = ReadConnector(body, connectorId);
        ValidateBaseUrl(body, baseUrl);
        if (baseUrl is null && connector is { Descriptor.Account.BaseUrlRequired: true })
        {
            body.AddError("baseUrl", $"is required for {connector.Descriptor.Id} accounts: the provider's (or its simulator's) base URL");
        }
        await providerAddresses.CheckAsync(body, baseUrl, ct);
        if (body.HasErrors)
        {
            return body.ToError();
        }

        var row = new ConnectorAccountRow
        {
            Id = PublicId.NewGuid(clock),
            MerchantId = scope.MerchantId!.Value,
            Connector = connectorId!,
            Livemode = livemode,
            BaseUrl = baseUrl?.TrimEnd('/'),
            ProtectedCredentials = protector.Protect(credentials),
            CredentialHints = CredentialProtector.Hints(credentials),
            Settings = settings,
            Enabled = enabled,
            Priority = priority,
            CreatedAt = clock.GetUtcNow(),
            UpdatedAt = clock.GetUtcNow(),
        };
        if (ValidateWithConnector(connector!, row, credentials) is { } error)
        {
            return error;
        }

        db.ConnectorAccounts.Add(row);
        await db.SaveChangesAsync(ct);
        return ToResponse(row);
    }

    public async Task<Result<ConnectorAccountResponse>> UpdateAsync(string id, BodyReader body, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } row)
        {
            return ApiError.NotFound($"No connector account {id}.");
        }

        if (body.Has("connector") && body.String("connector") != row.Connector)
        {
            body.AddError("connector", "cannot change; create another account");
        }

        if (body.Has("environment"))
        {
            if (ReadEnvironment(body, body.String("environment")) != row.Livemode)
            {
                body.AddError("environment", "cannot change; create another account");
            }
        }

        var baseUrl = body.String("baseUrl", maxLength: 500);
        ValidateBaseUrl(body, baseUrl);
        await providerAddresses.CheckAsync(body, baseUrl, ct);
        var credentials = body.StringMap("credentials");
        var settings = body.StringMap("settings");
        var enabled = body.Bool("enabled");
        var priority = ReadPriority(body);
        if (body.HasErrors)
        {
            return body.ToError();
        }

        if (!registry.TryGet(row.Connector, out var connector))
        {
            return ApiError.Validation("connector", $"the {row.Connector} plug-in is not loaded; it cannot be validated");
        }

        var effectiveCredentials = credentials ?? protector.Unprotect(row.ProtectedCredentials);
        row.BaseUrl = baseUrl?.TrimEnd('/') ?? row.BaseUrl;
        row.Settings = settings ?? row.Settings;
        row.Enabled = enabled ?? row.Enabled;
        row.Priority = priority ?? row.Priority;
        if (credentials is not null)
        {
            row.ProtectedCredentials = protector.Protect(credentials);
            row.CredentialHints = CredentialProtector.Hints(credentials);
        }

        if (ValidateWithConnector(connector, row, effectiveCredentials) is { } error)
        {
            return error;
        }

        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return ToResponse(row);
    }

    public async Task<Result<ConnectorAccountResponse>> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) is { } row ? ToResponse(row) : ApiError.NotFound($"No connector account {id}.");

    public async Task<Page<ConnectorAccountResponse>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var query = db.ConnectorAccounts.AsNoTracking().OrderByDescending(a => a.Id);
        var total = await query.CountAsync(ct);
        var rows = await query.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new Page<ConnectorAccountResponse>([.. rows.Select(ToResponse)], page, total);
    }

    public async Task<Result<DeletedResponse>> DeleteAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } row)
        {
            return ApiError.NotFound($"No connector account {id}.");
        }

        // Payments keep pointing at the account, so it is retired rather than removed.
        row.DeletedAt = clock.GetUtcNow();
        row.Enabled = false;
        await db.SaveChangesAsync(ct);
        return new DeletedResponse(id, "connector_account", true);
    }

    private async Task<ConnectorAccountRow?> FindAsync(string id, CancellationToken ct) =>
        PublicId.TryParse(PublicId.ConnectorAccount, id, out var guid)
            ? await db.ConnectorAccounts.FirstOrDefaultAsync(a => a.Id == guid, ct)
            : null;

    private bool ReadEnvironment(BodyReader body, string? environment)
    {
        switch (environment)
        {
            case null:
                return scope.Livemode;
            case "sandbox" or "live":
                var live = environment == "live";
                if (live != scope.Livemode)
                {
                    body.AddError("environment", scope.Livemode
                        ? "a live key manages live accounts only"
                        : "a test key manages sandbox accounts only");
                }

                return live;
            default:
                body.AddError("environment", "must be sandbox or live");
                return scope.Livemode;
        }
    }

    private LoadedConnector? ReadConnector(BodyReader body, string? connectorId)
    {
        if (connectorId is null)
        {
            return null;
        }

        if (registry.TryGet(connectorId, out var connector))
        {
            return connector;
        }

        body.AddError("connector", $"no loaded connector '{connectorId}' (see GET /v1/connectors)");
        return null;
    }

    private static int? ReadPriority(BodyReader body)
    {
        var priority = body.Integer("priority");
        if (priority is < 0 or > 10_000)
        {
            body.AddError("priority", "must be an integer from 0 to 10000 (lower is tried first)");
            return null;
        }

        return (int?)priority;
    }

    private static void ValidateBaseUrl(BodyReader body, string? baseUrl)
    {
        if (baseUrl is not null && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")))
        {
            body.AddError("baseUrl", "must be an absolute http or https URL");
        }
    }

    private ApiError? ValidateWithConnector(LoadedConnector connector, ConnectorAccountRow row,
        IReadOnlyDictionary<string, string> credentials)
    {
        // The schema first (each missing or bad field named), then what only the connector can tell.
        var problems = connector.Descriptor.Account.Validate(credentials, row.Settings);
        if (problems.Count == 0)
        {
            var account = contexts.ToAccount(row) with { Credentials = credentials };
            problems = connector.Connector.ValidateAccount(account);
        }

        return problems.Count == 0
            ? null
            : ApiError.Validation(problems.GroupBy(p => p.Field)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal));
    }

    private ConnectorAccountResponse ToResponse(ConnectorAccountRow row) => new(
        PublicId.Format(PublicId.ConnectorAccount, row.Id), "connector_account", row.Connector,
        row.Livemode ? "live" : "sandbox", row.BaseUrl, row.Enabled, row.Priority,
        contexts.CallbackUrl(row.Connector, row.Id).ToString(), row.CredentialHints, row.Settings,
        row.CreatedAt, row.UpdatedAt);
}

internal sealed record ConnectorAccountResponse(string Id, string Object, string Connector, string Environment,
    string? BaseUrl, bool Enabled, int Priority, string CallbackUrl, IReadOnlyDictionary<string, string> Credentials,
    IReadOnlyDictionary<string, string> Settings, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record DeletedResponse(string Id, string Object, bool Deleted);
