using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Connectors.Conformance;

/// <summary>
/// Every log line the connector writes, through <see cref="Connectors.Abstractions.ConnectorContext.Logger"/> or an injected
/// <c>ILogger&lt;T&gt;</c>: the formatted message, each structured value and the exception, so a secret cannot hide in
/// a field the console would not print.
/// </summary>
public sealed class CapturedLogs : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Each record as text: level, category, message, then every structured value and the exception.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Forgets what was captured.</summary>
    public void Clear() => _lines.Clear();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            sink._lines.Enqueue($"scope {category}: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder().Append(logLevel).Append(' ').Append(category).Append(": ")
                .Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(" | ").Append(key).Append('=').Append(value);
                }
            }

            if (exception is not null)
            {
                line.Append(" | exception=").Append(exception);
            }

            sink._lines.Enqueue(line.ToString());
        }
    }
}
