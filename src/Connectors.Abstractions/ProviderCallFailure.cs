using System.Net.Sockets;
using System.Security.Authentication;

namespace Connectors.Abstractions;

/// <summary>
/// Decides what a failed provider call means for money. Only a failure that proves the request never left the
/// hub (the name did not resolve, the connection was refused, the TLS handshake failed, the account's circuit is open,
/// the resilience pipeline's rate limiter refused it) is <see cref="OperationOutcome.NotSent"/>; everything else after
/// the request may have been written (a timeout, a reset, a half-read reply) is <see cref="OperationOutcome.Unknown"/>:
/// reconciled, never resent blindly.
/// </summary>
public static class ProviderCallFailure
{
    // The hub's resilience pipeline (Polly, through Microsoft.Extensions.Http.Resilience) refuses a call before sending
    // it with these. Matched by name: neither the contract nor a plug-in references Polly. Polly's timeout rejection
    // shares their base class but is NOT one of them: a timed-out request may have been written.
    private static readonly HashSet<string> PipelineRejections = new(StringComparer.Ordinal)
    {
        "Polly.CircuitBreaker.BrokenCircuitException",
        "Polly.CircuitBreaker.IsolatedCircuitException",
        "Polly.RateLimiting.RateLimiterRejectedException",
    };

    /// <summary>
    /// Classifies an exception thrown by a provider call (Refit's wrappers and inner exceptions are unwrapped).
    /// Returns null when the caller's own token was cancelled: that is not a provider outcome, rethrow it.
    /// </summary>
    public static OperationOutcome? Classify(Exception exception, CancellationToken callerToken)
    {
        if (callerToken.IsCancellationRequested && exception is OperationCanceledException)
        {
            return null;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError
                or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError })
            {
                return OperationOutcome.NotSent;
            }

            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound
                or SocketError.HostUnreachable or SocketError.NetworkUnreachable })
            {
                return OperationOutcome.NotSent;
            }

            if (e is AuthenticationException || IsResiliencePipelineRejection(e))
            {
                return OperationOutcome.NotSent;
            }
        }

        return OperationOutcome.Unknown;
    }

    /// <summary>
    /// Whether <paramref name="exception"/> (or an inner one) is the hub's resilience pipeline refusing to send: the
    /// account's circuit is open, or its rate limiter rejected the call.
    /// </summary>
    public static bool IsResiliencePipelineRejection(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            for (var type = e.GetType(); type is not null && type != typeof(Exception); type = type.BaseType)
            {
                if (type.FullName is { } name && PipelineRejections.Contains(name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A short, secret-free description of the failure for the operator.</summary>
    public static string Describe(Exception exception)
    {
        if (IsResiliencePipelineRejection(exception))
        {
            return "not sent: the account's circuit breaker is open or its rate limit was reached";
        }

        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost switch
        {
            TimeoutException or OperationCanceledException => "the provider did not answer in time",
            HttpRequestException http => $"HTTP failure ({http.HttpRequestError})",
            SocketException socket => $"network failure ({socket.SocketErrorCode})",
            AuthenticationException => "TLS handshake failed",
            _ => innermost.GetType().Name,
        };
    }
}
