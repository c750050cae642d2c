using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Common;
using Hub.Persistence;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hub.Idempotency;

/// <summary>The Idempotency-Key of the request being handled.</summary>
internal sealed record IdempotencyKey(string Value);

/// <summary>
/// API.md's idempotency, around a creating endpoint:
/// <list type="bullet">
/// <item>one request per (merchant, mode, key) runs at a time, across hub instances: a PostgreSQL advisory lock held on a
/// dedicated connection, which the server releases by itself if the hub dies mid-request (another caller: 409);</item>
/// <item>a finished request's response is kept and replayed byte for byte with Idempotent-Replayed: true;</item>
/// <item>the same key with another body is refused (422); a request that failed validation (4xx) keeps nothing,
/// so the key can be used again; one that died or could not reach the provider (5xx) keeps its record
/// unfinished, and the retry resumes it.</item>
/// </list>
/// </summary>
[ScopedService]
internal sealed partial class IdempotencyGate(
    NpgsqlDataSource dataSource,
    HubDbContext db,
    MerchantScope scope,
    TimeProvider clock,
    IOptions<HubOptions> options,
    ILogger<IdempotencyGate> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private static readonly string[] KeptHeaders = ["Location", "Content-Type"];

    public async ValueTask<object?> RunAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, bool required)
    {
        var http = context.HttpContext;
        var ct = http.RequestAborted;
        var body = await ReadBodyAsync(http.Request, ct);

        var headerKey = http.Request.Headers[Header].ToString();
        var bodyKey = BodyKey(body);
        if (headerKey.Length > 0 && bodyKey is not null && !string.Equals(headerKey, bodyKey, StringComparison.Ordinal))
        {
            return ApiError.Validation("idempotencyKey", "must equal the Idempotency-Key header when both are sent").ToProblem();
        }

        var key = headerKey.Length > 0 ? headerKey : bodyKey;
        if (string.IsNullOrEmpty(key))
        {
            return required ? ApiError.IdempotencyKeyRequired().ToProblem() : await next(context);
        }

        if (key.Length > 255)
        {
            return ApiError.Validation(Header, "must be 1 to 255 characters").ToProblem();
        }

        var merchantId = scope.MerchantId!.Value;
        var livemode = scope.Livemode;
        http.Features.Set(new IdempotencyKey(key));
        var fingerprint = Fingerprint(http.Request.Method, http.Request.Path, body);

        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        var lockId = LockId(merchantId, livemode, key);
        if (!await TryLockAsync(lockConnection, lockId, ct))
        {
            return ApiError.IdempotencyKeyInUse().ToProblem();
        }

        try
        {
            var record = await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.MerchantId == merchantId && r.Livemode == livemode && r.Key == key, ct);
            if (record is not null && record.ExpiresAt <= clock.GetUtcNow())
            {
                // Past its retention the key is free again: the old payment lets go of it (as the janitor does).
                db.IdempotencyRecords.Remove(record);
                await db.SaveChangesAsync(ct);
                await db.Payments.Where(p => p.MerchantId == merchantId && p.Livemode == livemode && p.IdempotencyKey == key)
                    .ExecuteUpdateAsync(u => u.SetProperty(p => p.IdempotencyKey, (string?)null), ct);
                record = null;
            }

            if (record is not null)
            {
                if (!CryptographicOperations.FixedTimeEquals(record.RequestHash, fingerprint))
                {
                    return ApiError.IdempotencyKeyReused().ToProblem();
                }

                if (record.CompletedAt is not null)
                {
                    LogReplayed(key.Length);
                    return new ReplayResult(record);
                }
            }
            else
            {
                record = new IdempotencyRecord
                {
                    MerchantId = merchantId,
                    Livemode = livemode,
                    Key = key,
                    Method = http.Request.Method,
                    Path = http.Request.Path.ToString(),
                    RequestHash = fingerprint,
                    CreatedAt = clock.GetUtcNow(),
                    ExpiresAt = clock.GetUtcNow() + options.Value.IdempotencyRetention,
                };
                db.IdempotencyRecords.Add(record);
                await db.SaveChangesAsync(ct);
            }

            var result = await next(context);
            var (status, responseBody) = await ExecuteBufferedAsync(http, result);
            await FinishAsync(record, http, status, responseBody);
            return Results.Empty;
        }
        finally
        {
            await UnlockAsync(lockConnection, lockId);
        }
    }

    private async Task FinishAsync(IdempotencyRecord record, HttpContext http, int status, byte[] responseBody)
    {
        // The response is already on its way: recording it must not depend on the client still listening.
        // The handler may have cleared the change tracker (a concurrency retry): track the record again.
        if (db.Entry(record).State == EntityState.Detached)
        {
            db.IdempotencyRecords.Attach(record);
        }

        if (status is >= 200 and < 300)
        {
            record.ResponseStatus = status;
            record.ResponseBody = responseBody;
            record.ResponseHeaders = KeptHeaders
                .Where(h => http.Response.Headers.ContainsKey(h))
                .ToDictionary(h => h, h => http.Response.Headers[h].ToString(), StringComparer.Ordinal);
            record.CompletedAt = clock.GetUtcNow();
        }
        else if (status is >= 400 and < 500)
        {
            db.IdempotencyRecords.Remove(record);
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static async Task<(int Status, byte[] Body)> ExecuteBufferedAsync(HttpContext http, object? result)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            switch (result)
            {
                case IResult r:
                    await r.ExecuteAsync(http);
                    break;
                case null:
                    break;
                default:
                    await Results.Json(result, HubJson.Options).ExecuteAsync(http);
                    break;
            }
        }
        finally
        {
            http.Response.Body = original;
        }

        var bytes = buffer.ToArray();
        await original.WriteAsync(bytes, CancellationToken.None);
        return (http.Response.StatusCode, bytes);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, ct);
        var bytes = copy.ToArray();
        request.Body = new MemoryStream(bytes, writable: false);
        return bytes;
    }

    private static string? BodyKey(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("idempotencyKey", out var k) && k.ValueKind == JsonValueKind.String
                    ? k.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>SHA-256 of the method, path and the body's JSON with keys sorted: whitespace and key order do not count.</summary>
    internal static byte[] Fingerprint(string method, string path, byte[] body)
    {
        string canonical;
        try
        {
            canonical = Canonical(JsonNode.Parse(body))?.ToJsonString() ?? "null";
        }
        catch (JsonException)
        {
            canonical = Convert.ToBase64String(body);
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes($"{method} {path}\n{canonical}"));
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        _ => node?.DeepClone(),
    };

    private static long LockId(Guid merchantId, bool livemode, string key) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"idempotency:{merchantId:N}:{(livemode ? "live" : "test")}:{key}")));

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, long lockId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.AddWithValue(lockId);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task UnlockAsync(NpgsqlConnection connection, long lockId)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            command.Parameters.AddWithValue(lockId);
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (NpgsqlException ex)
        {
            // The lock dies with the session anyway; make sure the session does not go back to the pool holding it.
            LogUnlockFailed(ex);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed a stored response for an idempotency key of {KeyLength} characters")]
    private partial void LogReplayed(int keyLength);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release an idempotency lock")]
    private partial void LogUnlockFailed(Exception exception);

    private sealed class ReplayResult(IdempotencyRecord record) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = record.ResponseStatus ?? 200;
            foreach (var (name, value) in record.ResponseHeaders)
            {
                response.Headers[name] = value;
            }

            response.Headers[ReplayedHeader] = "true";
            await response.Body.WriteAsync(record.ResponseBody ?? [], httpContext.RequestAborted);
        }
    }
}

internal static class IdempotencyEndpointExtensions
{
    /// <summary>Wraps a creating endpoint in the idempotency gate; <paramref name="required"/> per API.md.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder, bool required) =>
        builder.AddEndpointFilter((context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<IdempotencyGate>().RunAsync(context, next, required));
}
