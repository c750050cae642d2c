using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;
using Refit;

namespace Connectors.IremboPay;

/// <summary>
/// A reply of IremboPay reduced to what the connector decides on: the HTTP status, the envelope's <c>data</c>, the first
/// error code, or the transport failure of a call that got no reply.
/// </summary>
internal sealed record IremboPayReply<TData>(int Status, TData? Data, string? ErrorCode, Exception? NoReply)
    where TData : class
{
    /// <summary>An answer came (of any status).</summary>
    public bool Received => NoReply is null;

    /// <summary>A 2xx with a readable <c>data</c>.</summary>
    public bool Ok => Received && Status is >= 200 and < 300 && Data is not null;

    /// <summary>"401 AUTHENTICATION_FAILED", for details.</summary>
    public string Describe() => $"{Status}{(ErrorCode is null ? "" : " " + ErrorCode)}";
}

/// <summary>One account's access to IremboPay: its Refit client and secret key, and IremboPay's error envelope.</summary>
internal sealed class IremboPayClient(IIremboPayApi api, string secretKey)
{
    public const string Provider = "IremboPay";

    public Task<IremboPayReply<IremboPayInvoice>> CreateInvoiceAsync(IremboPayInvoiceRequest body, CancellationToken ct) =>
        SendAsync(() => api.CreateInvoiceAsync(secretKey, body, ct), ct);

    public Task<IremboPayReply<IremboPayInvoice>> GetInvoiceAsync(string id, CancellationToken ct) =>
        SendAsync(() => api.GetInvoiceAsync(id, secretKey, ct), ct);

    public Task<IremboPayReply<IremboPayInvoice>> ExpireInvoiceAsync(string invoiceNumber, DateTimeOffset at, CancellationToken ct) =>
        SendAsync(() => api.UpdateInvoiceAsync(invoiceNumber, secretKey,
            new IremboPayInvoiceUpdate { ExpiryAt = IremboPayMapping.FormatTime(at) }, ct), ct);

    public Task<IremboPayReply<IremboPayPushReply>> PushAsync(IremboPayPushRequest body, CancellationToken ct) =>
        SendAsync(() => api.InitiatePushAsync(secretKey, body, ct), ct);

    /// <summary>The first error code of an IremboPay error body, or null when it is not one (a gateway's HTML page).</summary>
    public static string? ReadErrorCode(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            var envelope = JsonSerializer.Deserialize(content, IremboPayJsonContext.Default.IremboPayEnvelopeObject);
            return envelope?.Errors?.Select(e => e.Code).FirstOrDefault(c => !string.IsNullOrEmpty(c));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends one call. Transport failures come back as <see cref="IremboPayReply{T}.NoReply"/>; the caller's own
    /// cancellation is rethrown.
    /// </summary>
    private static async Task<IremboPayReply<TData>> SendAsync<TData>(
        Func<Task<IApiResponse<IremboPayEnvelope<TData>>>> call, CancellationToken ct)
        where TData : class
    {
        try
        {
            using var response = await call();
            if (!response.IsReceived)
            {
                Exception error = response.Error is { } received ? received : new HttpRequestException("no reply");
                TransportFailure.ThrowIfCallerCancelled(error, ct);
                return new IremboPayReply<TData>(0, null, null, error);
            }

            var status = (int)response.StatusCode;
            if (response.IsSuccessful)
            {
                return new IremboPayReply<TData>(status, response.Content?.Data, null, null);
            }

            var content = response.Error is ApiException api ? api.Content : null;
            return new IremboPayReply<TData>(status, null, ReadErrorCode(content), null);
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, ct))
        {
            TransportFailure.ThrowIfCallerCancelled(e, ct);
            return new IremboPayReply<TData>(0, null, null, e);
        }
    }
}

/// <summary>What only IremboPay logs; requests and outcomes go through the kit's ConnectorLog. Never a secret or a body.</summary>
internal static partial class IremboPayLog
{
    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 1, Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "IremboPay already has an invoice for {Reference} ({Why}): reading it instead of creating one")]
    public static partial void ExistingInvoice(this Microsoft.Extensions.Logging.ILogger logger, string reference, string why);

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 2, Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "IremboPay push for {Reference} was refused ({Code}); the invoice {InvoiceNumber} could not be closed: {Detail}")]
    public static partial void CloseFailed(this Microsoft.Extensions.Logging.ILogger logger, string reference, string code,
        string invoiceNumber, string detail);
}
