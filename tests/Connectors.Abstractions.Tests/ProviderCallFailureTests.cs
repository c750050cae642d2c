using System.Net.Sockets;

namespace Connectors.Abstractions.Tests;

public sealed class ProviderCallFailureTests
{
    [Theory]
    [InlineData(HttpRequestError.ConnectionError)]
    [InlineData(HttpRequestError.NameResolutionError)]
    [InlineData(HttpRequestError.SecureConnectionError)]
    public void Classify_HttpRequestBeforeSending_NotSent(HttpRequestError error)
    {
        var exception = new HttpRequestException(error, "connect failed");

        Assert.Equal(OperationOutcome.NotSent, ProviderCallFailure.Classify(exception, CancellationToken.None));
    }

    [Fact]
    public void Classify_ConnectionErrorWrappedInAnotherException_NotSent()
    {
        // Refit and callers wrap the transport's exception; the classification looks at the inner ones.
        var exception = new InvalidOperationException("call failed",
            new HttpRequestException(HttpRequestError.ConnectionError, "connection refused"));

        Assert.Equal(OperationOutcome.NotSent, ProviderCallFailure.Classify(exception, CancellationToken.None));
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused)]
    [InlineData(SocketError.HostNotFound)]
    [InlineData(SocketError.HostUnreachable)]
    [InlineData(SocketError.NetworkUnreachable)]
    public void Classify_SocketErrorBeforeConnecting_NotSent(SocketError error)
    {
        Assert.Equal(OperationOutcome.NotSent,
            ProviderCallFailure.Classify(new SocketException((int)error), CancellationToken.None));
    }

    [Fact]
    public void Classify_UnknownHttpErrorOverRefusedSocket_NotSent()
    {
        var exception = new HttpRequestException("An error occurred while sending the request.",
            new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal(OperationOutcome.NotSent, ProviderCallFailure.Classify(exception, CancellationToken.None));
    }

    [Fact]
    public void Classify_HttpClientTimeout_Unknown()
    {
        using var caller = new CancellationTokenSource();
        var timeout = new TaskCanceledException(
            "The request was canceled due to the configured HttpClient.Timeout of 30 seconds elapsing.",
            new TimeoutException("The operation was canceled."));

        Assert.Equal(OperationOutcome.Unknown, ProviderCallFailure.Classify(timeout, caller.Token));
    }

    [Fact]
    public void Classify_CancellationOfAnotherToken_Unknown()
    {
        using var other = new CancellationTokenSource();
        other.Cancel();

        Assert.Equal(OperationOutcome.Unknown,
            ProviderCallFailure.Classify(new OperationCanceledException(other.Token), CancellationToken.None));
    }

    [Theory]
    [InlineData(HttpRequestError.ResponseEnded)]
    [InlineData(HttpRequestError.InvalidResponse)]
    [InlineData(HttpRequestError.HttpProtocolError)]
    [InlineData(HttpRequestError.Unknown)]
    public void Classify_HttpRequestMaybeSent_Unknown(HttpRequestError error)
    {
        Assert.Equal(OperationOutcome.Unknown,
            ProviderCallFailure.Classify(new HttpRequestException(error, "reply cut"), CancellationToken.None));
    }

    [Fact]
    public void Classify_ConnectionResetAfterWriting_Unknown()
    {
        var exception = new HttpRequestException(HttpRequestError.ResponseEnded, "reset",
            new IOException("Unable to read data from the transport connection.",
                new SocketException((int)SocketError.ConnectionReset)));

        Assert.Equal(OperationOutcome.Unknown, ProviderCallFailure.Classify(exception, CancellationToken.None));
    }

    [Fact]
    public void Classify_AnyOtherException_Unknown()
    {
        Assert.Equal(OperationOutcome.Unknown,
            ProviderCallFailure.Classify(new InvalidOperationException("boom"), CancellationToken.None));
    }

    [Fact]
    public void Classify_CallerCancelled_Null()
    {
        using var caller = new CancellationTokenSource();
        caller.Cancel();

        Assert.Null(ProviderCallFailure.Classify(new OperationCanceledException(caller.Token), caller.Token));
        Assert.Null(ProviderCallFailure.Classify(new TaskCanceledException("canceled", null, caller.Token), caller.Token));
    }

    [Fact]
    public void Describe_Timeout_SaysNoAnswerInTime()
    {
        var timeout = new TaskCanceledException("canceled", new TimeoutException("timed out"));

        Assert.Equal("the provider did not answer in time", ProviderCallFailure.Describe(timeout));
    }

    [Fact]
    public void Describe_NetworkFailures_NameTheErrorWithoutTheMessage()
    {
        var http = new HttpRequestException(HttpRequestError.NameResolutionError, "apiKey=sk_live_secret");
        var socket = new InvalidOperationException("wrapper apiKey=sk_live_secret",
            new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal("HTTP failure (NameResolutionError)", ProviderCallFailure.Describe(http));
        Assert.Equal("network failure (ConnectionRefused)", ProviderCallFailure.Describe(socket));
        Assert.Equal("FormatException", ProviderCallFailure.Describe(new FormatException("sk_live_secret")));
    }
}
