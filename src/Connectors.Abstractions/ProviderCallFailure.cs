using System.Net.Sockets;

namespace Connectors.Abstractions;

/// <summary>
/// Decides what a failed provider call means for money. Only a failure that proves the request never left the
/// hub (the name did not resolve, the connection was refused, the circuit is open) is <see cref="OperationOutcome.NotSent"/>;
/// everything else after the request may have been written (a timeout, a reset, a half-read reply) is
/// <see cref="OperationOutcome.Unknown"/>: reconciled, never resent blindly.
/// </summary>
public static class ProviderCallFailure
{
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
        }

        return OperationOutcome.Unknown;
    }

    /// <summary>A short, secret-free description of the failure for the operator.</summary>
    public static string Describe(Exception exception)
    {
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
            _ => innermost.GetType().Name,
        };
    }
}
