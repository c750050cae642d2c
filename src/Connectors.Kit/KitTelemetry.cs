using System.Diagnostics;

namespace Connectors.Kit;

/// <summary>
/// The kit's part of a trace: a span per token fetch and the provider's answer on the span of the call the hub
/// opened ("connector create" …). Every plug-in carries its own copy of the kit; they all share the source name
/// "Connectors.Kit", which the hub listens to when tracing is on (and nobody pays anything when it is off).
/// </summary>
public static class KitTelemetry
{
    /// <summary>The source name the hub subscribes to.</summary>
    public const string SourceName = "Connectors.Kit";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>Tags the current span with the provider's reference and what it answered (never a secret, never a phone).</summary>
    public static void Answered(string provider, string reference, string outcome, string? status)
    {
        if (Activity.Current is { } span)
        {
            span.SetTag("provider.name", provider);
            span.SetTag("provider.reference", reference);
            span.SetTag("provider.outcome", outcome);
            if (status is not null)
            {
                span.SetTag("provider.status", status);
            }
        }
    }
}
