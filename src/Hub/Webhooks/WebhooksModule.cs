using Hub.Events;

namespace Hub.Webhooks;

/// <summary>Webhooks out: endpoints, the dispatcher, redelivery of events. Registered from HubServices.</summary>
internal static class WebhooksModule
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookSecretProtector>();
        services.AddSingleton<WebhookAddressPolicy>();
        services.AddSingleton<WebhookDeliveryStore>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddScoped<IEventRedelivery, WebhookRedelivery>();

        // Not the provider pipeline: no retry here (the dispatcher's schedule is the retry), no proxy (it would
        // connect for us, past the address check), no redirects (a 3xx could point anywhere), no cookies.
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigureHttpClient(c => c.Timeout = WebhookSender.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                ConnectTimeout = WebhookSender.Timeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = sp.GetRequiredService<WebhookAddressPolicy>().ConnectAsync,
            })
            .RemoveAllLoggers(); // the dispatcher logs each outcome itself, without the URL's query string
        return services;
    }

    public static void MapWebhooks(this IEndpointRouteBuilder app) => app.MapWebhookEndpoints();
}
