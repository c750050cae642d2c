using System.Net.Sockets;
using System.Security.Authentication;
using Connectors.Abstractions;

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

namespace Connectors.Kit.Tests
{
    public sealed class TransportFailureTests
    {
        public static TheoryData<string, Exception, TransportOutcome> Table() => new()
        {
            { "DNS", new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), TransportOutcome.NotSent },
            { "connection refused", new HttpRequestException(HttpRequestError.ConnectionError, "refused",
                new SocketException((int)SocketError.ConnectionRefused)), TransportOutcome.NotSent },
            { "bare socket refused", new SocketException((int)SocketError.ConnectionRefused), TransportOutcome.NotSent },
            { "TLS handshake", new HttpRequestException(HttpRequestError.SecureConnectionError, "tls",
                new AuthenticationException("handshake")), TransportOutcome.NotSent },
            { "TLS handshake (bare)", new AuthenticationException("handshake"), TransportOutcome.NotSent },
            { "circuit open", new Polly.CircuitBreaker.BrokenCircuitException("open"), TransportOutcome.NotSent },
            { "circuit isolated", new Polly.CircuitBreaker.IsolatedCircuitException("isolated"), TransportOutcome.NotSent },
            { "pipeline rate limiter", new Polly.RateLimiting.RateLimiterRejectedException("limited"), TransportOutcome.NotSent },
            { "refused under a plain HTTP error", new HttpRequestException("wrapper",
                new SocketException((int)SocketError.ConnectionRefused)), TransportOutcome.NotSent },
            { "HttpClient timeout", new TaskCanceledException("timeout", new TimeoutException()), TransportOutcome.Unknown },
            { "pipeline timeout", new Polly.Timeout.TimeoutRejectedException("timeout"), TransportOutcome.Unknown },
            { "reset after send", new HttpRequestException(HttpRequestError.ResponseEnded, "ended",
                new IOException("reset", new SocketException((int)SocketError.ConnectionReset))), TransportOutcome.Unknown },
            { "half-read body", new IOException("unexpected end"), TransportOutcome.Unknown },
            { "unknown HTTP error", new HttpRequestException("boom"), TransportOutcome.Unknown },
        };

        [Theory]
        [MemberData(nameof(Table))]
        public void Classify_Table(string name, Exception exception, TransportOutcome expected)
        {
            Assert.True(TransportFailure.IsTransportFailure(exception, CancellationToken.None), name);
            Assert.Equal(expected, TransportFailure.Classify(exception, CancellationToken.None));
        }

        [Fact]
        public void Classify_CallerCancelled_RethrownAsCancellation()
        {
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();
            var exception = new TaskCanceledException("cancelled", null, cancellation.Token);

            Assert.False(TransportFailure.IsTransportFailure(exception, cancellation.Token));
            Assert.ThrowsAny<OperationCanceledException>(() => TransportFailure.Classify(exception, cancellation.Token));
        }

        [Fact]
        public void IsTransportFailure_ProgrammingError_False() =>
            Assert.False(TransportFailure.IsTransportFailure(new ArgumentException("bug"), CancellationToken.None));

        [Fact]
        public void ToPaymentResult_NotSentOnlyWhereAllowed()
        {
            var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused");

            Assert.Equal(OperationOutcome.NotSent, TransportFailure.ToPaymentResult("Acme", refused, true, CancellationToken.None).Outcome);
            Assert.Equal(OperationOutcome.Unknown, TransportFailure.ToPaymentResult("Acme", refused, false, CancellationToken.None).Outcome);
            Assert.Equal(OperationOutcome.NotSent, TransportFailure.ToTransferResult("Acme", refused, true, CancellationToken.None).Outcome);
            Assert.Equal("Acme was not reached: HTTP failure (ConnectionError)",
                TransportFailure.ToPaymentResult("Acme", refused, true, CancellationToken.None).Detail);
        }

        [Fact]
        public void Describe_CircuitOpen_SaysNotSent() =>
            Assert.Contains("circuit breaker is open", TransportFailure.Describe(new Polly.CircuitBreaker.BrokenCircuitException("x")),
                StringComparison.Ordinal);
    }
}
