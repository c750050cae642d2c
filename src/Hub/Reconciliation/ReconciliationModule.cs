namespace Hub.Reconciliation;

/// <summary>The reconciler: asks providers about payments left waiting. Registered from HubServices.</summary>
internal static class ReconciliationModule
{
    public static IServiceCollection AddReconciliation(this IServiceCollection services) => services;
}
