using Hub.Operations;

namespace Hub.Plugins;

/// <summary><c>POST /v1/admin/plugins/reload</c>: the plug-in folder's changes now, with an operator key.</summary>
internal static class PluginsAdminApi
{
    public static void MapPluginsAdmin(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/admin/plugins/reload", async (PluginReloader reloader, ConnectorRegistry registry, CancellationToken ct) =>
            {
                var report = await reloader.ReloadAsync(waitForStableFolders: false, ct);
                return TypedResults.Ok(new ReloadResponse(report.Loaded, report.Upgraded, report.Unloaded, report.Failed,
                    [.. registry.Connectors.Select(c => c.Descriptor.Id).Order(StringComparer.Ordinal)],
                    [.. registry.Failures.Select(ConnectorsApi.FailureResponse)]));
            })
            .RequireOperatorKey()
            .WithTags("Administration")
            .WithSummary("Loads new and changed plug-ins (after their activation smoke) and unloads removed ones, now");
    }

    internal sealed record ReloadResponse(IReadOnlyList<string> Loaded, IReadOnlyList<string> Upgraded,
        IReadOnlyList<string> Unloaded, IReadOnlyList<string> Failed, IReadOnlyList<string> Active,
        IReadOnlyList<PluginFailureResponse> Failures);
}
