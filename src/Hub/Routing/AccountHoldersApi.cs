using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Providers;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Hub.Routing;

/// <summary>
/// GET /v1/account-holders?phone=&amp;provider=: whether a wallet exists and can pay or receive, and its holder's name
/// where the provider tells it, through the merchant's enabled account at that provider (API.md Lookups).
/// </summary>
internal static class AccountHoldersApi
{
    public static void MapAccountHolders(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/account-holders", LookUpAsync)
            .WithTags("Lookups")
            .WithSummary("Look up a wallet's holder by phone at a provider")
            .Produces<AccountHolderResponse>()
            .RequireMerchant();

    private static async Task<IResult> LookUpAsync(HttpRequest request, HubDbContext db, ConnectorRegistry registry,
        ConnectorInvoker invoker, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var phoneText = request.Query["phone"].ToString();
        var provider = request.Query["provider"].ToString();
        var phone = "";
        if (phoneText.Length == 0)
        {
            errors["phone"] = ["is required: the wallet's phone number in E.164 (+237671234567)"];
        }
        else if (!PhoneNumberNormalizer.TryNormalize(phoneText, null, out phone, out _))
        {
            errors["phone"] = ["is not a valid phone number (give it in E.164, e.g. +237671234567)"];
        }

        LoadedConnector? connector = null;
        if (provider.Length == 0)
        {
            errors["provider"] = ["is required: the connector id (GET /v1/connectors)"];
        }
        else if (!registry.TryGet(provider, out connector))
        {
            errors["provider"] = [$"no loaded connector '{provider}'"];
        }
        else if (!connector.Descriptor.Has(ConnectorCapabilities.AccountHolder))
        {
            errors["provider"] = [$"{provider} has no account-holder lookup"];
        }

        if (errors.Count > 0)
        {
            return ApiError.Validation(errors).ToProblem();
        }

        var account = await db.ConnectorAccounts.AsNoTracking()
            .Where(a => a.Enabled && a.Connector == provider)
            .OrderBy(a => a.Priority).ThenBy(a => a.CreatedAt)
            .FirstOrDefaultAsync(ct);
        if (account is null)
        {
            return ApiError.NoRoute($"This merchant has no enabled {provider} account to look up with.").ToProblem();
        }

        var result = await invoker.GetAccountHolderAsync(connector!, account, new AccountHolderRequest { Phone = phone }, ct);
        return result.Outcome switch
        {
            OperationOutcome.Completed => Results.Json(new AccountHolderResponse(phone, provider, result.IsActive, result.Name), HubJson.Options),
            OperationOutcome.NotFound => Results.Json(new AccountHolderResponse(phone, provider, false, null), HubJson.Options),
            OperationOutcome.NotSent => ApiError.ProviderUnavailable($"{provider} could not be reached ({result.Detail}).").ToProblem(),
            _ => ApiError.ProviderError($"{provider} gave no usable answer ({result.Detail}).").ToProblem(),
        };
    }
}

internal sealed record AccountHolderResponse(string Phone, string Provider, bool IsActive, string? Name);
