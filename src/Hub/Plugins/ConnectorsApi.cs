using Connectors.Abstractions;
using Hub.Common;

namespace Hub.Plugins;

internal static class ConnectorsApi
{
    public static void MapConnectors(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/connectors", (ConnectorRegistry registry) => TypedResults.Ok(new ConnectorListResponse(
            [.. registry.Connectors.OrderBy(c => c.Descriptor.Id, StringComparer.Ordinal).Select(ToResponse)],
            [.. registry.Failures.Select(FailureResponse)])))
            .WithTags("Connectors")
            .WithSummary("Every loaded connector plug-in, and the plug-ins that failed to load");
    }

    private static ConnectorResponse ToResponse(LoadedConnector c)
    {
        var d = c.Descriptor;
        return new ConnectorResponse(
            d.Id, d.DisplayName, d.Version, Path.GetFileName(c.AssemblyPath), c.ContractVersion,
            [.. d.Methods.Select(m => m.ToApiString())], d.Countries, d.Currencies,
            [.. d.Currencies.Select(code => LimitResponse(d, code))],
            CapabilityNames(d), d.CallbackTrust == CallbackTrust.Signed ? "signed" : "unsigned", d.PhonePrefixes,
            new AccountSchemaResponse(
                [.. d.Account.Credentials.Select(FieldResponse)], [.. d.Account.Settings.Select(FieldResponse)],
                d.Account.ClientCertificate.ToString().ToLowerInvariant(), d.Account.BaseUrlRequired),
            new ActivationResponse(c.PluginName, c.Smoke, ApiTime.Format(c.ActivatedAt == default ? null : c.ActivatedAt)));
    }

    internal static PluginFailureResponse FailureResponse(PluginFailure f) =>
        new(f.PluginName, f.Error, f.Stage, ApiTime.Format(f.At == default ? null : f.At));

    private static CurrencyLimitResponse LimitResponse(ConnectorDescriptor d, string code)
    {
        var limit = Currency.TryFromCode(code, out var currency) ? d.LimitFor(currency) : null;
        return new CurrencyLimitResponse(code, limit?.Min?.Minor, limit?.Max?.Minor);
    }

    private static AccountFieldResponse FieldResponse(AccountField f) =>
        new(f.Name, f.Required && f.Default is null, f.Description, f.Example, f.Default, f.AllowedValues);

    internal static string[] CapabilityNames(ConnectorDescriptor d) =>
    [
        .. Enum.GetValues<ConnectorCapabilities>()
            .Where(f => f != ConnectorCapabilities.None && d.Has(f))
            .Select(f => f switch
            {
                ConnectorCapabilities.PartialRefund => "partial_refund",
                ConnectorCapabilities.AccountHolder => "account_holder",
                ConnectorCapabilities.ManualApproval => "manual_approval",
                _ => f.ToString().ToLowerInvariant(),
            }),
    ];
}

internal sealed record ConnectorListResponse(IReadOnlyList<ConnectorResponse> Data, IReadOnlyList<PluginFailureResponse> Failed);

internal sealed record ConnectorResponse(string Id, string Name, string Version, string Assembly, string Contract,
    IReadOnlyList<string> Methods, IReadOnlyList<string> Countries, IReadOnlyList<string> Currencies,
    IReadOnlyList<CurrencyLimitResponse> Limits, IReadOnlyList<string> Capabilities, string Callbacks,
    IReadOnlyList<string> PhonePrefixes, AccountSchemaResponse Account, ActivationResponse Activation);

/// <summary>Where the connector came from and what its activation smoke checked ("offline", or "endpoint": its test endpoint answered).</summary>
internal sealed record ActivationResponse(string Plugin, string Smoke, string? ActivatedAt);

/// <summary>A currency's amount limits in minor units; null is no bound.</summary>
internal sealed record CurrencyLimitResponse(string Currency, long? MinAmount, long? MaxAmount);

/// <summary>What an account of the connector carries: enough for a dashboard or a script to build the form.</summary>
internal sealed record AccountSchemaResponse(IReadOnlyList<AccountFieldResponse> Credentials,
    IReadOnlyList<AccountFieldResponse> Settings, string ClientCertificate, bool BaseUrlRequired);

internal sealed record AccountFieldResponse(string Name, bool Required, string Description, string? Example,
    string? Default, IReadOnlyList<string> AllowedValues);

/// <summary>A plug-in that is not serving: <c>stage</c> "load" (it could not be loaded) or "smoke" (it failed its activation smoke).</summary>
internal sealed record PluginFailureResponse(string Plugin, string Error, string Stage, string? At);
