using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Hub.Providers;

/// <summary>
/// The HTTP pipeline every provider call goes through: Microsoft's standard resilience handler with a per-host
/// circuit breaker and timeouts, and <b>no retry of unsafe methods</b> (a money-moving POST is sent once; an
/// unanswered one is an unknown outcome that reconciliation settles). Safe GETs (status) are retried.
/// </summary>
internal static class ProviderHttp
{
    public const string ClientName = "provider";

    public static IServiceCollection AddProviderHttp(this IServiceCollection services)
    {
        services.AddTransient<CircuitOpenHandler>();
        services.AddHttpClient(ClientName)
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan) // the pipeline owns timeouts
            .AddHttpMessageHandler<CircuitOpenHandler>()
            .AddStandardResilienceHandler()
            .Configure((options, services) =>
            {
                var hub = services.GetRequiredService<IOptions<HubOptions>>().Value;
#pragma warning disable EXTEXP0001 // DisableForUnsafeHttpMethods is marked experimental; it is the point here.
                options.Retry.DisableForUnsafeHttpMethods();
#pragma warning restore EXTEXP0001
                options.Retry.MaxRetryAttempts = 2;
                options.AttemptTimeout.Timeout = hub.ProviderAttemptTimeout;
                options.TotalRequestTimeout.Timeout = hub.ProviderTotalTimeout > hub.ProviderAttemptTimeout * 3
                    ? hub.ProviderTotalTimeout
                    : hub.ProviderAttemptTimeout * 3;
                // Polly's defaults (100 calls in 30 s) never open at a provider's real volumes.
                options.CircuitBreaker.FailureRatio = 0.5;
                options.CircuitBreaker.MinimumThroughput = 10;
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, (hub.ProviderAttemptTimeout.TotalSeconds * 2) + 1));
                options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(15);
            })
            .SelectPipelineByAuthority();
        return services;
    }
}

/// <summary>
/// An open circuit means the request never left: say so the way connectors recognise (a connection error), so it
/// is classified not-sent rather than unknown.
/// </summary>
internal sealed class CircuitOpenHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (BrokenCircuitException ex)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "the provider's circuit is open", ex);
        }
    }
}
