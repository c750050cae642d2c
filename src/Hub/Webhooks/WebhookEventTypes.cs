namespace Hub.Webhooks;

/// <summary>
/// The event types a merchant can subscribe to (API.md, "Webhooks out") and how an endpoint's patterns match them:
/// an exact type, a family ("payment.*") or everything ("*").
/// </summary>
internal static class WebhookEventTypes
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "payment.created", "payment.pending", "payment.processing", "payment.authorized", "payment.under_review",
        "payment.paid", "payment.failed", "payment.canceled", "payment.expired", "payment.refunded", "payment.chargedback",
        "refund.pending", "refund.completed", "refund.failed",
        "payout.pending", "payout.completed", "payout.failed",
    };

    private static readonly IReadOnlySet<string> Families =
        Known.Select(t => t[..t.IndexOf('.', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);

    /// <summary>A known type, "family.*" for a known family, or "*".</summary>
    public static bool IsValidPattern(string pattern) =>
        pattern == "*"
        || Known.Contains(pattern)
        || (pattern.EndsWith(".*", StringComparison.Ordinal) && Families.Contains(pattern[..^2]));

    public static bool Matches(IEnumerable<string> patterns, string type) => patterns.Any(p => Matches(p, type));

    public static bool Matches(string pattern, string type) =>
        pattern == "*"
        || string.Equals(pattern, type, StringComparison.Ordinal)
        || (pattern.EndsWith(".*", StringComparison.Ordinal)
            && type.Length > pattern.Length - 1
            && type.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal));
}
