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
using NpgsqlTypes;

namespace Hub.Idempotency;

/// <summary>The Idempotency-Key of the request being handled.</summary>
internal sealed record IdempotencyKey(string Value)
{
    /// <summary>
    /// The key's record was created by this request (not taken over from an unfinished one): nothing can hold the key
    /// yet (a payment lets go of its key in the statement that deletes its record), so the handler need not look.
    /// </summary>
    public bool Fresh { get; init; }
}

/// <summary>
/// API.md's idempotency, around a creating endpoint:
/// <list type="bullet">
/// <item>one request per (merchant, mode, key) runs at a time, across hub instances: a <b>lease</b> on the key's
/// record (an owner id and an expiry, renewed by a timer while the request runs). Another caller meanwhile gets 409;
/// a hub that died or lost its host frees the key when the lease runs out, and the next retry takes it over. Every
/// step is one autocommitted statement: no session state, no connection held across the provider call, so the hub
/// works behind PgBouncer in transaction mode;</item>
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

    private const int MaxStoredPath = 300; // idempotency_records.path

    private const string KeyWhere = "merchant_id = @merchant AND livemode = @livemode AND key = @key";

    // Past its retention the key is free again, and the old payment lets go of it in the same statement (as the
    // janitor does): a crash can never leave the record gone and the payment still holding the key.
    private const string ForgetSql = $"""
        WITH gone AS (
            DELETE FROM idempotency_records
            WHERE {KeyWhere} AND expires_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at <= @now)
            RETURNING merchant_id, livemode, key)
        UPDATE payments p SET idempotency_key = NULL
        FROM gone WHERE p.merchant_id = gone.merchant_id AND p.livemode = gone.livemode AND p.idempotency_key = gone.key
        """;

    // A new key is inserted with this request's lease; an unfinished one with the same request whose lease ran out
    // (or was released after a 5xx) is taken over. Nothing comes back when the key is finished, held or another body's.
    private const string AcquireSql = """
        INSERT INTO idempotency_records AS r
            (merchant_id, livemode, key, method, path, request_hash, response_headers, created_at, expires_at,
             lease_owner, lease_expires_at)
        VALUES (@merchant, @livemode, @key, @method, @path, @hash, '{}'::jsonb, @now, @expires, @owner, @lease)
        ON CONFLICT (merchant_id, livemode, key) DO UPDATE SET lease_owner = @owner, lease_expires_at = @lease
        WHERE r.completed_at IS NULL AND r.request_hash = @hash AND r.expires_at > @now
          AND (r.lease_owner IS NULL OR r.lease_expires_at <= @now)
        RETURNING (r.xmax = 0) AS inserted
        """;

    private const string ForgetThenAcquireSql = ForgetSql + ";\n" + AcquireSql;

    private const string RenewSql = $"UPDATE idempotency_records SET lease_expires_at = @lease WHERE {KeyWhere} AND lease_owner = @owner";

    private const string CompleteSql = $"""
        UPDATE idempotency_records
        SET response_status = @status, response_body = @body, response_headers = @headers::jsonb, completed_at = @now,
            lease_owner = NULL, lease_expires_at = NULL
        WHERE {KeyWhere} AND completed_at IS NULL
        """;

    private const string DeleteSql = $"DELETE FROM idempotency_records WHERE {KeyWhere} AND lease_owner = @owner AND completed_at IS NULL";

    private const string ReleaseSql = $"UPDATE idempotency_records SET lease_owner = NULL, lease_expires_at = NULL WHERE {KeyWhere} AND lease_owner = @owner";

    public async ValueTask<object?> RunAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, bool required)
    {
        var http = context.HttpContext;
        var ct = http.RequestAborted;
        var body = await ReadBodyAsync(http.Request, ct);
        // An empty body is the endpoint's to judge (cancel and capture take none); anything else must be strict JSON.
        if (body.Length > 0 && StrictJson.Validate(body) is { } refused)
        {
            // Refused before a record exists: the identical retry gets the same 400, never a key left unfinished.
            return refused.ToApiError().ToProblem();
        }

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

        var id = new KeyId(scope.MerchantId!.Value, scope.Livemode, key);
        http.Features.Set(new IdempotencyKey(key));
        var fingerprint = Fingerprint(http.Request.Method, http.Request.Path, body);
        var owner = Guid.NewGuid();

        // The renewal clock starts before the lease is taken, so the first renewal is due no later than a period after it.
        using var timer = new PeriodicTimer(options.Value.IdempotencyLeaseRenewal, clock);
        var acquired = await AcquireAsync(id, owner, http.Request, fingerprint, ct);
        if (acquired is null)
        {
            var record = await db.IdempotencyRecords.AsNoTracking()
                .FirstOrDefaultAsync(r => r.MerchantId == id.MerchantId && r.Livemode == id.Livemode && r.Key == id.Key, ct);
            if (record is not null && !CryptographicOperations.FixedTimeEquals(record.RequestHash, fingerprint))
            {
                return ApiError.IdempotencyKeyReused().ToProblem();
            }

            if (record?.CompletedAt is not null)
            {
                LogReplayed(key.Length);
                return new ReplayResult(record);
            }

            return ApiError.IdempotencyKeyInUse().ToProblem();
        }

        http.Features.Set(new IdempotencyKey(key) { Fresh = acquired.Value });
        using var renewal = new CancellationTokenSource();
        var renewing = RenewAsync(timer, id, owner, renewal.Token);
        try
        {
            var result = await next(context);
            var (status, responseBody) = await ExecuteBufferedAsync(http, result);
            await renewal.CancelAsync();
            await renewing;
            await FinishAsync(id, owner, http, status, responseBody);
            return Results.Empty;
        }
        catch
        {
            // A crash of the handler (a 500): the key stays unfinished and free, so the retry resumes it.
            await renewal.CancelAsync();
            await renewing;
            await ExecuteAsync(ReleaseSql, id, c => c.Parameters.AddWithValue("owner", owner), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Takes the key's lease: null when it is not this request's to run; true when its record is new.</summary>
    private async Task<bool?> AcquireAsync(KeyId id, Guid owner, HttpRequest request, byte[] fingerprint, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Forget (a record past its retention) and acquire in one round trip and one implicit transaction: the acquire
        // sees what the forget deleted, and either both happen or neither.
        await using var command = dataSource.CreateCommand(ForgetThenAcquireSql);
        AddKey(command, id);
        command.Parameters.AddWithValue("method", request.Method);
        // Kept for the operator (the fingerprint covers the whole path): a hostile path longer than the column is cut.
        var path = request.Path.ToString();
        command.Parameters.AddWithValue("path", path.Length <= MaxStoredPath ? path : path[..MaxStoredPath]);
        command.Parameters.AddWithValue("hash", fingerprint);
        command.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, now);
        command.Parameters.AddWithValue("expires", NpgsqlDbType.TimestampTz, now + options.Value.IdempotencyRetention);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("lease", NpgsqlDbType.TimestampTz, now + options.Value.IdempotencyLease);
        await using var reader = await command.ExecuteReaderAsync(ct);
        do
        {
            if (await reader.ReadAsync(ct))
            {
                return reader.GetBoolean(0);
            }
        }
        while (await reader.NextResultAsync(ct));

        return null;
    }

    /// <summary>Pushes the lease out every <see cref="HubOptions.IdempotencyLeaseRenewal"/> until the request ends.</summary>
    private async Task RenewAsync(PeriodicTimer timer, KeyId id, Guid owner, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    var renewed = await ExecuteAsync(RenewSql, id, c =>
                    {
                        c.Parameters.AddWithValue("owner", owner);
                        c.Parameters.AddWithValue("lease", NpgsqlDbType.TimestampTz, clock.GetUtcNow() + options.Value.IdempotencyLease);
                    }, ct);
                    if (renewed == 0)
                    {
                        LogLeaseLost(id.Key.Length);
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    // The database away for a moment: the next tick tries again while the lease still runs.
                    LogRenewFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task FinishAsync(KeyId id, Guid owner, HttpContext http, int status, byte[] responseBody)
    {
        // The response is already on its way: recording it must not depend on the client still listening.
        if (status is >= 200 and < 300)
        {
            var headers = KeptHeaders
                .Where(h => http.Response.Headers.ContainsKey(h))
                .ToDictionary(h => h, h => http.Response.Headers[h].ToString(), StringComparer.Ordinal);
            await ExecuteAsync(CompleteSql, id, c =>
            {
                c.Parameters.AddWithValue("status", status);
                c.Parameters.AddWithValue("body", responseBody);
                c.Parameters.AddWithValue("headers", JsonSerializer.Serialize(headers, HeaderJson));
                c.Parameters.AddWithValue("now", NpgsqlDbType.TimestampTz, clock.GetUtcNow());
            }, CancellationToken.None);
        }
        else if (status is >= 400 and < 500)
        {
            await ExecuteAsync(DeleteSql, id, c => c.Parameters.AddWithValue("owner", owner), CancellationToken.None);
        }
        else
        {
            await ExecuteAsync(ReleaseSql, id, c => c.Parameters.AddWithValue("owner", owner), CancellationToken.None);
        }
    }

    private async Task<int> ExecuteAsync(string sql, KeyId id, Action<NpgsqlCommand> parameters, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        AddKey(command, id);
        parameters(command);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddKey(NpgsqlCommand command, KeyId id)
    {
        command.Parameters.AddWithValue("merchant", id.MerchantId);
        command.Parameters.AddWithValue("livemode", id.Livemode);
        command.Parameters.AddWithValue("key", id.Key);
    }

    private static readonly JsonSerializerOptions HeaderJson = new(JsonSerializerDefaults.Web);

    private readonly record struct KeyId(Guid MerchantId, bool Livemode, string Key);

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed a stored response for an idempotency key of {KeyLength} characters")]
    private partial void LogReplayed(int keyLength);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An idempotency lease of a key of {KeyLength} characters was lost while its request ran (not renewed in time)")]
    private partial void LogLeaseLost(int keyLength);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew an idempotency lease; trying again at the next tick")]
    private partial void LogRenewFailed(Exception exception);

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
