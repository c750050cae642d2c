using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Hub.Tests.Infrastructure;

/// <summary>Keeps every log event the hub writes, rendered with its properties, so tests can look for leaks.</summary>
internal sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public void Emit(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        writer.Write(logEvent.RenderMessage());
        foreach (var (name, value) in logEvent.Properties)
        {
            writer.Write($" {name}={value}");
        }

        if (logEvent.Exception is not null)
        {
            writer.Write(" " + logEvent.Exception);
        }

        _lines.Enqueue(writer.ToString());
    }
}
