using System.Text.Json;
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

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Creates one pending delivery per matching active endpoint for up to 100 new events, in one transaction of two or
    /// three round trips: the events are taken off the queue and joined to their merchants' active endpoints in one
    /// statement; the deliveries (if any) in a second; then the commit.
    /// </summary>
    public async Task<FanOutResult> FanOutAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var events = new HashSet<Guid>();
        var patterns = new Dictionary<Guid, List<string>>();
        var deliveries = new List<(Guid Id, Guid EventId, long Sequence, Guid EndpointId, Guid MerchantId, Guid ObjectId)>();
        await using (var select = new NpgsqlCommand("""
            WITH batch AS (
                DELETE FROM event_queue q WHERE q.sequence IN (
                    SELECT sequence FROM event_queue ORDER BY sequence LIMIT @limit FOR UPDATE SKIP LOCKED)
                RETURNING q.event_id)
            SELECT m.id, m.sequence, m.merchant_id, m.type, m.object_id, w.id, w.events::text
            FROM batch JOIN events m ON m.id = batch.event_id
            LEFT JOIN webhook_endpoints w ON w.merchant_id = m.merchant_id AND w.livemode = m.livemode
                AND w.status = 'active' AND w.deleted_at IS NULL
            """, connection, tx))
        {
            select.Parameters.AddWithValue("limit", FanOutBatch);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var eventId = reader.GetGuid(0);
                events.Add(eventId);
                if (reader.IsDBNull(5))
                {
                    continue; // no active endpoint for the event's merchant and mode
                }

                var endpointId = reader.GetGuid(5);
                if (!patterns.TryGetValue(endpointId, out var endpointPatterns))
                {
                    endpointPatterns = JsonSerializer.Deserialize<List<string>>(reader.GetString(6), JsonOptions) ?? [];
                    patterns[endpointId] = endpointPatterns;
                }

                if (WebhookEventTypes.Matches(endpointPatterns, reader.GetString(3)))
                {
                    deliveries.Add((PublicId.NewGuid(clock), eventId, reader.GetInt64(1), endpointId, reader.GetGuid(2), reader.GetGuid(4)));
                }
            }
        }

        if (deliveries.Count > 0)
        {
            // Unique (event_id, endpoint_id): a redelivery made meanwhile by hand is not doubled.
            await using var insert = new NpgsqlCommand("""
                INSERT INTO webhook_deliveries
                    (id, event_id, event_sequence, endpoint_id, merchant_id, object_id, status, attempts, next_attempt_at, created_at)
                SELECT d.id, d.event_id, d.event_sequence, d.endpoint_id, d.merchant_id, d.object_id, 'pending', 0, @now, @now
                FROM unnest(@ids, @event_ids, @sequences, @endpoint_ids, @merchant_ids, @object_ids)
                    AS d(id, event_id, event_sequence, endpoint_id, merchant_id, object_id)
                ON CONFLICT (event_id, endpoint_id) DO NOTHING
                """, connection, tx);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("ids", deliveries.Select(d => d.Id).ToArray());
            insert.Parameters.AddWithValue("event_ids", deliveries.Select(d => d.EventId).ToArray());
            insert.Parameters.AddWithValue("sequences", deliveries.Select(d => d.Sequence).ToArray());
            insert.Parameters.AddWithValue("endpoint_ids", deliveries.Select(d => d.EndpointId).ToArray());
            insert.Parameters.AddWithValue("merchant_ids", deliveries.Select(d => d.MerchantId).ToArray());
            insert.Parameters.AddWithValue("object_ids", deliveries.Select(d => d.ObjectId).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return new FanOutResult(events.Count, deliveries.Count);
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
