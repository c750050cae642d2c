namespace Hub.Common;

/// <summary>Marks a hub service registered per request (scoped) by the assembly scan in <c>HubServices</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class ScopedServiceAttribute : Attribute;
