using Hub.Events;

namespace Hub.Webhooks;

/// <summary>
/// How a webhook endpoint's patterns match the event types (<see cref="EventTypes"/>): an exact type, a family
/// ("payment.*") or everything ("*").
/// </summary>
internal static class WebhookEventTypes
{
    private static readonly IReadOnlySet<string> Families =
        EventTypes.Known.Select(t => t[..t.IndexOf('.', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);

    /// <summary>A known type, "family.*" for a known family, or "*".</summary>
    public static bool IsValidPattern(string pattern) =>
        pattern == "*"
        || EventTypes.Known.Contains(pattern)
        || (pattern.EndsWith(".*", StringComparison.Ordinal) && Families.Contains(pattern[..^2]));

    public static bool Matches(IEnumerable<string> patterns, string type) => patterns.Any(p => Matches(p, type));

    public static bool Matches(string pattern, string type) =>
        pattern == "*"
        || string.Equals(pattern, type, StringComparison.Ordinal)
        || (pattern.EndsWith(".*", StringComparison.Ordinal)
            && type.Length > pattern.Length - 1
            && type.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal));
}
