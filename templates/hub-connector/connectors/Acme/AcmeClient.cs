using System.Text.Json;
using Connectors.Kit;
using Refit;

namespace Connectors.Acme;

/// <summary>
/// A reply of Acme reduced to what the connector decides on: the HTTP status, the charge, the error code, or the
/// transport failure of a call that got no reply.
/// </summary>
internal sealed record AcmeReply(int Status, AcmeCharge? Charge, string? ErrorCode, Exception? NoReply)
{
    /// <summary>An answer came (of any status).</summary>
    public bool Received => NoReply is null;

    /// <summary>A 2xx with a readable charge.</summary>
    public bool Ok => Received && Status is >= 200 and < 300 && Charge is not null;

    /// <summary>"409 DUPLICATE_REFERENCE", for details.</summary>
    public string Describe() => $"{Status}{(ErrorCode is null ? "" : " " + ErrorCode)}";
}

/// <summary>One account's access to Acme: its Refit client and API key, and Acme's error body.</summary>
internal sealed class AcmeClient(IAcmeApi api, string apiKey)
{
    public const string Provider = "Acme";

    private string Authorization => "Bearer " + apiKey;

    public Task<AcmeReply> CreateAsync(AcmeChargeRequest body, CancellationToken ct) =>
        SendAsync(() => api.CreateChargeAsync(Authorization, body, ct), ct);

    public Task<AcmeReply> GetAsync(string reference, CancellationToken ct) =>
        SendAsync(() => api.GetChargeAsync(reference, Authorization, ct), ct);

    /// <summary>The error code of an Acme error body, or null when it is not one (a gateway's HTML page).</summary>
    public static string? ReadErrorCode(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(content, AcmeJsonContext.Default.AcmeErrorBody)?.Error?.Code;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Sends one call; a transport failure comes back as <see cref="AcmeReply.NoReply"/>, the caller's own cancellation is rethrown.</summary>
    private static async Task<AcmeReply> SendAsync(Func<Task<IApiResponse<AcmeCharge>>> call, CancellationToken ct)
    {
        try
        {
            using var response = await call();
            if (!response.IsReceived)
            {
                Exception error = response.Error is { } received ? received : new HttpRequestException("no reply");
                TransportFailure.ThrowIfCallerCancelled(error, ct);
                return new AcmeReply(0, null, null, error);
            }

            var status = (int)response.StatusCode;
            return response.IsSuccessful
                ? new AcmeReply(status, response.Content, null, null)
                : new AcmeReply(status, null, ReadErrorCode(response.Error is ApiException e ? e.Content : null), null);
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, ct))
        {
            TransportFailure.ThrowIfCallerCancelled(e, ct);
            return new AcmeReply(0, null, null, e);
        }
    }
}
