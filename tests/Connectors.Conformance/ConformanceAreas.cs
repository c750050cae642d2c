namespace Connectors.Conformance;

/// <summary>
/// The area of the suite each check belongs to, by its method name, for reports (<c>tools/conformance</c>): the
/// four files of <see cref="ConnectorConformance{TFixture}"/>. A new check whose name starts with none of these
/// prefixes is "other" (a runner test fails on it, so the table stays complete).
/// </summary>
public static class ConformanceAreas
{
    /// <summary>Descriptor, capabilities, account schema, references, logs.</summary>
    public const string Declarations = "declarations";

    /// <summary>Sandbox rules and the status map.</summary>
    public const string Outcomes = "outcomes";

    /// <summary>Timeouts, resets, refused connections, resends, tokens, the circuit breaker's view of answers.</summary>
    public const string Transport = "transport";

    /// <summary>Reading and verifying callbacks.</summary>
    public const string Callbacks = "callbacks";

    /// <summary>A check no prefix names.</summary>
    public const string Other = "other";

    /// <summary>The areas in report order.</summary>
    public static IReadOnlyList<string> All { get; } = [Declarations, Outcomes, Transport, Callbacks];

    private static readonly (string Prefix, string Area)[] Prefixes =
    [
        ("Plugin_", Declarations), ("Descriptor_", Declarations), ("Capability_", Declarations), ("AccountSchema_", Declarations),
        ("ProviderReference_", Declarations), ("Logs_", Declarations),
        ("SandboxRule", Outcomes), ("RawStatus_", Outcomes),
        ("Create_", Transport), ("Status_", Transport), ("Token_", Transport), ("Business401", Transport), ("IsProviderFailure_", Transport),
        ("Callback_", Callbacks), ("ReadCallback_", Callbacks), ("VerifyCallback_", Callbacks),
    ];

    /// <summary>The area of a check, by its method name ("Callback_Signed_StaleIsRejected" → callbacks).</summary>
    public static string Of(string methodName)
    {
        ArgumentNullException.ThrowIfNull(methodName);
        foreach (var (prefix, area) in Prefixes)
        {
            if (methodName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return area;
            }
        }

        return Other;
    }
}
