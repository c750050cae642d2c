namespace Hub.Callbacks;

/// <summary>Callbacks in: intake, verification, deduplication, application. Registered from HubServices.</summary>
internal static class CallbacksModule
{
    public static IServiceCollection AddCallbacks(this IServiceCollection services) => services;

    public static void MapCallbacks(this IEndpointRouteBuilder app)
    {
    }
}
