using System.Security.Authentication;
using Connectors.Abstractions;
using Refit;

namespace Connectors.Kit;

/// <summary>What a provider call that got no usable reply means for money.</summary>
public enum TransportOutcome
{
    /// <summary>
    /// The request provably never left: the name did not resolve, the connection or the TLS handshake failed, the
    /// account's circuit is open, the hub's resilience pipeline rate-limited it. It may go again under the same reference.
    /// </summary>
    NotSent,

    /// <summary>It may have been written: a timeout, a reset after sending, a half-read reply. Reconcile, never resend.</summary>
    Unknown,
}

/// <summary>
/// The one classification of failed provider calls (it applies <see cref="ProviderCallFailure"/>, the contract's rule,
/// which the hub shares). The caller's own cancellation is never a provider outcome: it is rethrown as
/// <see cref="OperationCanceledException"/>. A provider's HTTP answer is not a transport failure: a 5xx without a
/// business code is the connector's to call unknown.
/// </summary>
public static class TransportFailure
{
    /// <summary>
    /// Whether <paramref name="exception"/> is one a provider call throws when it got no usable reply: Refit's, HTTP,
    /// I/O, TLS, timeouts, the hub's resilience pipeline (circuit open, rate limiter), and a cancellation that is not
    /// the caller's. Use it as a <c>catch … when</c> filter; the caller's own cancellation passes through.
    /// </summary>
    public static bool IsTransportFailure(Exception exception, CancellationToken callerToken) => exception switch
    {
        OperationCanceledException => !callerToken.IsCancellationRequested,
        ApiExceptionBase or HttpRequestException or IOException or System.Net.Sockets.SocketException or TimeoutException
            or AuthenticationException => true,
        _ => IsPollyRejection(exception),
    };

    // Polly's ExecutionRejectedException is the base of every refusal of the hub's resilience pipeline: circuit open and
    // rate limited (not sent) as well as its timeout (unknown). Matched by name: a plug-in does not reference Polly.
    private static bool IsPollyRejection(Exception exception)
    {
        for (var type = exception.GetType(); type is not null && type != typeof(Exception); type = type.BaseType)
        {
            if (type.FullName == "Polly.ExecutionRejectedException")
            {
                return true;
            }
        }

        return ProviderCallFailure.IsResiliencePipelineRejection(exception);
    }

    /// <summary>Not sent or unknown; the caller's own cancellation throws <see cref="OperationCanceledException"/>.</summary>
    public static TransportOutcome Classify(Exception exception, CancellationToken callerToken) =>
        ProviderCallFailure.Classify(exception, callerToken) switch
        {
            null => throw new OperationCanceledException("the caller cancelled the provider call", exception, callerToken),
            OperationOutcome.NotSent => TransportOutcome.NotSent,
            _ => TransportOutcome.Unknown,
        };

    /// <summary>Throws <see cref="OperationCanceledException"/> when <paramref name="exception"/> is the caller's cancellation.</summary>
    public static void ThrowIfCallerCancelled(Exception exception, CancellationToken callerToken) =>
        _ = Classify(exception, callerToken);

    /// <summary>A short, secret-free description for the operator.</summary>
    public static string Describe(Exception exception) => ProviderCallFailure.Describe(exception);

    /// <summary>
    /// A payment result for a call that got no reply. <paramref name="notSentAllowed"/>: whether the caller may resend
    /// (a create); a status query that was not sent is just unknown.
    /// </summary>
    public static PaymentResult ToPaymentResult(string provider, Exception exception, bool notSentAllowed,
        CancellationToken callerToken)
    {
        var outcome = Classify(exception, callerToken);
        var detail = Describe(exception);
        return notSentAllowed && outcome == TransportOutcome.NotSent
            ? PaymentResult.NotSent($"{provider} was not reached: {detail}")
            : PaymentResult.Unknown($"no reply from {provider}: {detail}");
    }

    /// <summary>A refund or payout result for a call that got no reply (see <see cref="ToPaymentResult"/>).</summary>
    public static TransferResult ToTransferResult(string provider, Exception exception, bool notSentAllowed,
        CancellationToken callerToken)
    {
        var outcome = Classify(exception, callerToken);
        var detail = Describe(exception);
        return notSentAllowed && outcome == TransportOutcome.NotSent
            ? TransferResult.NotSent($"{provider} was not reached: {detail}")
            : TransferResult.Unknown($"no reply from {provider}: {detail}");
    }
}
