using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Connectors.Kit;

namespace Connectors.Card;

/// <summary>
/// A reply of Cielo reduced to what the connector decides on: the HTTP status, the body read as <typeparamref name="T"/>,
/// the first error code of a 400's array, or the transport failure of a call that got no reply.
/// </summary>
internal sealed record CardReply<T>(int Status, T? Data, int? ErrorCode, Exception? NoReply)
    where T : class
{
    /// <summary>An answer came (of any status).</summary>
    public bool Received => NoReply is null;

    /// <summary>A 2xx with a readable body.</summary>
    public bool Ok => Received && Status is >= 200 and < 300 && Data is not null;

    /// <summary>"400 126", "401", for details (never a body).</summary>
    public string Describe() => ErrorCode is { } code ? $"{Status} (Code {code})" : Status.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One account's access to Cielo over the hub's HttpClient: transactions at the account's base URL, queries at
/// <c>queryBaseUrl</c>; every call carries MerchantId, MerchantKey and a fresh RequestId. Nothing here logs.
/// </summary>
internal sealed class CardClient(HttpClient http, CardOptions options)
{
    public const string Provider = "Cielo";

    public Task<CardReply<CieloSale>> CreateSaleAsync(CieloSaleRequest body, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Transaction("1/sales/"),
            JsonSerializer.Serialize(body, CardJsonContext.Default.CieloSaleRequest), CardJsonContext.Default.CieloSale, ct);

    public Task<CardReply<CieloSale>> GetSaleAsync(string paymentId, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Query($"1/sales/{Uri.EscapeDataString(paymentId)}"), null, CardJsonContext.Default.CieloSale, ct);

    public Task<CardReply<CieloOrderQuery>> FindByOrderAsync(string merchantOrderId, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Query($"1/sales?merchantOrderId={Uri.EscapeDataString(merchantOrderId)}"), null,
            CardJsonContext.Default.CieloOrderQuery, ct);

    public Task<CardReply<CieloOperationReply>> CaptureAsync(string paymentId, long? amount, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, Transaction($"1/sales/{Uri.EscapeDataString(paymentId)}/capture{AmountQuery(amount)}"), "",
            CardJsonContext.Default.CieloOperationReply, ct);

    public Task<CardReply<CieloOperationReply>> VoidAsync(string paymentId, long? amount, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, Transaction($"1/sales/{Uri.EscapeDataString(paymentId)}/void{AmountQuery(amount)}"), "",
            CardJsonContext.Default.CieloOperationReply, ct);

    /// <summary>The first <c>Code</c> of a Cielo error array, or null when the body is not one.</summary>
    public static int? ReadErrorCode(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(content, CardJsonContext.Default.ListCieloError)?.Select(e => e.Code).FirstOrDefault(c => c is not null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string AmountQuery(long? amount) =>
        amount is { } a ? "?amount=" + a.ToString(CultureInfo.InvariantCulture) : "";

    private Uri Transaction(string path) => new($"{options.TransactionBase}/{path}");

    private Uri Query(string path) => new($"{options.QueryBase}/{path}");

    /// <summary>One call; transport failures come back as <see cref="CardReply{T}.NoReply"/>, the caller's cancellation is rethrown.</summary>
    private async Task<CardReply<T>> SendAsync<T>(HttpMethod method, Uri uri, string? json, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        try
        {
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.TryAddWithoutValidation("MerchantId", options.MerchantId);
            request.Headers.TryAddWithoutValidation("MerchantKey", options.MerchantKey);
            request.Headers.TryAddWithoutValidation("RequestId", Guid.NewGuid().ToString());
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            var content = await response.Content.ReadAsStringAsync(ct);
            if (status is >= 200 and < 300)
            {
                return new CardReply<T>(status, Read(content, type), null, null);
            }

            return new CardReply<T>(status, null, ReadErrorCode(content), null);
        }
        catch (Exception e) when (TransportFailure.IsTransportFailure(e, ct))
        {
            TransportFailure.ThrowIfCallerCancelled(e, ct);
            return new CardReply<T>(0, null, null, e);
        }
    }

    private static T? Read<T>(string content, JsonTypeInfo<T> type)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(content, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
