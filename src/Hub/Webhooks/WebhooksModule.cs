namespace Hub.Webhooks;

/// <summary>Webhooks out: endpoints, events, the dispatcher. Registered from HubServices.</summary>
internal static class WebhooksModule
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services) => services;

    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
    }
}
