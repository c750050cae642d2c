using Hub.Common;
using Npgsql;
using NpgsqlTypes;

namespace Hub.Webhooks;

/// <summary>
/// The dispatcher's SQL. Several hub instances run it at once: every read that leads to a write takes its rows with
/// FOR UPDATE SKIP LOCKED, so two instances never fan out the same event or claim the same delivery.
/// </summary>
internal sealed class WebhookDeliveryStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const int FanOutBatch = 100;

    /// <summary>
    /// How long a claimed delivery is hidden from other instances. It covers the 10 s request with room to spare;
    /// if the claiming instance dies, the delivery is due again when the lease ends (at least once).
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Creates one pending delivery per matching active endpoint for up to 100 new events in one statement, so one
    /// round trip and one implicit transaction: the events are taken off the queue, joined to their merchants' active
    /// endpoints whose patterns match (<see cref="WebhookEventTypes.Matches(string, string)"/>, said in SQL), and their
    /// deliveries inserted, all or nothing. Delivery ids are version-7 UUIDs of the hub's clock, as
    /// <see cref="PublicId.NewGuid"/> makes them.
    /// </summary>
    public async Task<FanOutResult> FanOutAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Unique (event_id, endpoint_id): a redelivery made meanwhile by hand is not doubled.
        await using var fanOut = dataSource.CreateCommand("""
            WITH batch AS (
                DELETE FROM event_queue q WHERE q.sequence IN (
                    SELECT sequence FROM event_queue ORDER BY sequence LIMIT @limit FOR UPDATE SKIP LOCKED)
                RETURNING q.event_id),
            wanted AS (
                SELECT m.id AS event_id, m.sequence, w.id AS endpoint_id, m.merchant_id, m.object_id,
                       uuid_send(gen_random_uuid()) AS r -- volatile: one per row
                FROM batch JOIN events m ON m.id = batch.event_id
                JOIN webhook_endpoints w ON w.merchant_id = m.merchant_id AND w.livemode = m.livemode
                    AND w.status = 'active' AND w.deleted_at IS NULL
                WHERE EXISTS (
                    SELECT 1 FROM jsonb_array_elements_text(w.events) AS p(pattern)
                    WHERE p.pattern = '*' OR p.pattern = m.type
                       OR (right(p.pattern, 2) = '.*' AND length(m.type) > length(p.pattern) - 1
                           AND starts_with(m.type, left(p.pattern, -1))))),
            made AS (
                INSERT INTO webhook_deliveries
                    (id, event_id, event_sequence, endpoint_id, merchant_id, object_id, status, attempts, next_attempt_at, created_at)
                SELECT encode(set_byte(overlay(wanted.r PLACING substring(int8send(@unix_ms) FROM 3) FROM 1 FOR 6),
                                       6, (get_byte(wanted.r, 6) & 15) | 112), 'hex')::uuid,
                       wanted.event_id, wanted.sequence, wanted.endpoint_id, wanted.merchant_id, wanted.object_id,
                       'pending', 0, @now, @now
                FROM wanted
                ON CONFLICT (event_id, endpoint_id) DO NOTHING
                RETURNING 1)
            SELECT (SELECT count(*) FROM batch)::int, (SELECT count(*) FROM made)::int
            """);
        fanOut.Parameters.AddWithValue("limit", FanOutBatch);
        fanOut.Parameters.AddWithValue("now", now);
        fanOut.Parameters.AddWithValue("unix_ms", now.ToUnixTimeMilliseconds());
        await using var reader = await fanOut.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new FanOutResult(reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries by pushing their next attempt past a lease, in one
    /// statement (its own transaction), so the HTTP calls happen outside any transaction. Only the oldest pending
    /// delivery of an object per endpoint is due, and none while an older event of the object is not fanned out yet:
    /// that is what keeps one object's events in order.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int limit, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var claim = dataSource.CreateCommand("""
            WITH due AS (
                SELECT d.id FROM webhook_deliveries d
                WHERE d.status = 'pending' AND d.next_attempt_at <= @now
                  AND NOT EXISTS (
                      SELECT 1 FROM webhook_deliveries earlier
                      WHERE earlier.endpoint_id = d.endpoint_id AND earlier.object_id = d.object_id
                        AND earlier.status = 'pending' AND earlier.event_sequence < d.event_sequence)
                  AND NOT EXISTS (
                      SELECT 1 FROM event_queue queued
                      WHERE queued.object_id = d.object_id AND queued.sequence < d.event_sequence)
                ORDER BY d.next_attempt_at
                LIMIT @limit
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_deliveries d SET next_attempt_at = @lease_until
            FROM due, events e, webhook_endpoints w
            WHERE d.id = due.id AND e.id = d.event_id AND w.id = d.endpoint_id
            RETURNING d.id, d.event_id, d.endpoint_id, d.attempts, e.type, e.data::text, e.created_at, w.url,
                      (w.status = 'active' AND w.deleted_at IS NULL), w.protected_secret, w.protected_previous_secret,
                      w.previous_secret_expires_at
            """);
        claim.Parameters.AddWithValue("now", now);
        claim.Parameters.AddWithValue("lease_until", now + Lease);
        claim.Parameters.AddWithValue("limit", limit);
        var claimed = new List<ClaimedDelivery>();
        await using var reader = await claim.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new ClaimedDelivery(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetString(4),
                reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7), reader.GetBoolean(8),
                reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11)));
        }

        return claimed;
    }

    /// <summary>Writes an attempt's outcome; a delivery no longer pending (redelivered meanwhile) is left alone.</summary>
    public async Task RecordAsync(Guid id, DeliveryRecord record, CancellationToken ct)
    {
        await using var update = dataSource.CreateCommand(UpdateDeliverySql);
        AddRecord(update, id, record);
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A 410: the delivery fails and the endpoint is disabled, together.</summary>
    public async Task RecordGoneAsync(Guid id, Guid endpointId, DeliveryRecord record, string reason, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var update = new NpgsqlCommand(UpdateDeliverySql, connection, tx))
        {
            AddRecord(update, id, record);
            await update.ExecuteNonQueryAsync(ct);
        }

        await using (var disable = new NpgsqlCommand("""
            UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = @reason, updated_at = @now
            WHERE id = @id AND status = 'active'
            """, connection, tx))
        {
            disable.Parameters.AddWithValue("id", endpointId);
            disable.Parameters.AddWithValue("reason", reason);
            disable.Parameters.AddWithValue("now", clock.GetUtcNow());
            await disable.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    private const string UpdateDeliverySql = """
        UPDATE webhook_deliveries
        SET status = @status, attempts = attempts + @attempted, last_attempt_at = COALESCE(@attempted_at, last_attempt_at),
            last_status_code = @status_code, last_error = @error, next_attempt_at = @next_attempt_at,
            completed_at = @completed_at
        WHERE id = @id AND status = 'pending'
        """;

    private static void AddRecord(NpgsqlCommand command, Guid id, DeliveryRecord record)
    {
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", record.Status);
        command.Parameters.AddWithValue("attempted", record.AttemptedAt is null ? 0 : 1);
        command.Parameters.Add(new NpgsqlParameter("attempted_at", NpgsqlDbType.TimestampTz) { Value = (object?)record.AttemptedAt ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("status_code", NpgsqlDbType.Integer) { Value = (object?)record.StatusCode ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Varchar)
        {
            Value = record.Error is { } e ? (e.Length > 500 ? e[..500] : e) : DBNull.Value,
        });
        command.Parameters.AddWithValue("next_attempt_at", record.NextAttemptAt);
        command.Parameters.Add(new NpgsqlParameter("completed_at", NpgsqlDbType.TimestampTz) { Value = (object?)record.CompletedAt ?? DBNull.Value });
    }
}

/// <summary>One fan-out batch: how many events it took and how many deliveries it made of them.</summary>
internal readonly record struct FanOutResult(int Events, int Deliveries);

/// <summary>A delivery taken by this instance, with what it needs to send: the event, the URL and the secrets (encrypted).</summary>
internal sealed record ClaimedDelivery(
    Guid Id, Guid EventId, Guid EndpointId, int Attempts, string EventType, string EventData, DateTimeOffset EventCreatedAt,
    string Url, bool EndpointActive, string ProtectedSecret, string? ProtectedPreviousSecret, DateTimeOffset? PreviousSecretExpiresAt);

/// <summary>What an attempt leaves on its delivery row.</summary>
internal sealed record DeliveryRecord(
    string Status, DateTimeOffset? AttemptedAt, int? StatusCode, string? Error, DateTimeOffset NextAttemptAt, DateTimeOffset? CompletedAt);
