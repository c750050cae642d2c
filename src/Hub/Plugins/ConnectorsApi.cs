using Connectors.Abstractions;

namespace Hub.Plugins;

internal static class ConnectorsApi
{
    public static void MapConnectors(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/connectors", (ConnectorRegistry registry) => TypedResults.Ok(new ConnectorListResponse(
            [.. registry.Connectors.OrderBy(c => c.Descriptor.Id, StringComparer.Ordinal).Select(ToResponse)],
            [.. registry.Failures.Select(f => new PluginFailureResponse(f.PluginName, f.Error))])))
            .WithTags("Connectors")
            .WithSummary("Every loaded connector plug-in, and the plug-ins that failed to load");
    }

    private static ConnectorResponse ToResponse(LoadedConnector c) => new(
        c.Descriptor.Id, c.Descriptor.DisplayName, c.Descriptor.Version, Path.GetFileName(c.AssemblyPath), c.ContractVersion,
        [.. c.Descriptor.Methods.Select(m => m.ToApiString())], c.Descriptor.Countries, c.Descriptor.Currencies,
        CapabilityNames(c.Descriptor), c.Descriptor.CallbackTrust == CallbackTrust.Signed ? "signed" : "unsigned");

    internal static string[] CapabilityNames(ConnectorDescriptor d) =>
    [
        .. Enum.GetValues<ConnectorCapabilities>()
            .Where(f => f != ConnectorCapabilities.None && d.Has(f))
            .Select(f => f switch
            {
                ConnectorCapabilities.PartialRefund => "partial_refund",
                ConnectorCapabilities.AccountHolder => "account_holder",
                _ => f.ToString().ToLowerInvariant(),
            }),
    ];
}

internal sealed record ConnectorListResponse(IReadOnlyList<ConnectorResponse> Data, IReadOnlyList<PluginFailureResponse> Failed);

internal sealed record ConnectorResponse(string Id, string Name, string Version, string Assembly, string Contract,
    IReadOnlyList<string> Methods, IReadOnlyList<string> Countries, IReadOnlyList<string> Currencies,
    IReadOnlyList<string> Capabilities, string Callbacks);

internal sealed record PluginFailureResponse(string Plugin, string Error);
