// Polly's rejection types as the hub's resilience pipeline throws them, by name only: the kit matches them by full
// name because neither the kit nor a plug-in references Polly. Block namespaces: one file, four of Polly's namespaces.
namespace Polly
{
    /// <summary>Stands in for Polly's types: the kit matches them by name, as neither the kit nor a plug-in references Polly.</summary>
    public abstract class ExecutionRejectedException(string message) : Exception(message);
}

namespace Polly.CircuitBreaker
{
    public class BrokenCircuitException(string message) : ExecutionRejectedException(message);

    public sealed class IsolatedCircuitException(string message) : BrokenCircuitException(message);
}

namespace Polly.RateLimiting
{
    public sealed class RateLimiterRejectedException(string message) : ExecutionRejectedException(message);
}

namespace Polly.Timeout
{
    public sealed class TimeoutRejectedException(string message) : ExecutionRejectedException(message);
}
