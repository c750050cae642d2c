namespace Hub.Reconciliation;

/// <summary>The reconciler: asks providers about payments left waiting. Registered from HubServices.</summary>
internal static class ReconciliationModule
{
    public static IServiceCollection AddReconciliation(this IServiceCollection services)
    {
        services.AddOptions<ReconciliationOptions>().BindConfiguration(ReconciliationOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        // One instance, resolvable as itself (tests and operators call RunOnceAsync) and run as the hosted loop.
        services.AddSingleton<Reconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<Reconciler>());
        services.AddSingleton<Refunds.TransferReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<Refunds.TransferReconciler>());
        return services;
    }
}
