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

    /// <summary>Creates one pending delivery per matching active endpoint for up to 100 new events; returns how many events.</summary>
    public async Task<int> FanOutAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var events = new List<(Guid Id, long Sequence, Guid MerchantId, bool Livemode, string Type, Guid ObjectId)>();
        await using (var select = new NpgsqlCommand("""
            SELECT id, sequence, merchant_id, livemode, type, object_id FROM events
            WHERE fanned_out_at IS NULL ORDER BY sequence LIMIT @limit FOR UPDATE SKIP LOCKED
            """, connection, tx))
        {
            select.Parameters.AddWithValue("limit", FanOutBatch);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                events.Add((reader.GetGuid(0), reader.GetInt64(1), reader.GetGuid(2), reader.GetBoolean(3), reader.GetString(4), reader.GetGuid(5)));
            }
        }

        if (events.Count == 0)
        {
            await tx.CommitAsync(ct);
            return 0;
        }

        var endpoints = new List<(Guid Id, Guid MerchantId, bool Livemode, List<string> Patterns)>();
        await using (var select = new NpgsqlCommand("""
            SELECT id, merchant_id, livemode, events::text FROM webhook_endpoints
            WHERE merchant_id = ANY(@merchants) AND status = 'active' AND deleted_at IS NULL
            """, connection, tx))
        {
            select.Parameters.AddWithValue("merchants", events.Select(e => e.MerchantId).Distinct().ToArray());
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                endpoints.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetBoolean(2),
                    JsonSerializer.Deserialize<List<string>>(reader.GetString(3), JsonOptions) ?? []));
            }
        }

        var deliveries = (from e in events
                          from w in endpoints
                          where w.MerchantId == e.MerchantId && w.Livemode == e.Livemode && WebhookEventTypes.Matches(w.Patterns, e.Type)
                          select (Id: PublicId.NewGuid(clock), Event: e, EndpointId: w.Id)).ToList();
        var now = clock.GetUtcNow();
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
            insert.Parameters.AddWithValue("event_ids", deliveries.Select(d => d.Event.Id).ToArray());
            insert.Parameters.AddWithValue("sequences", deliveries.Select(d => d.Event.Sequence).ToArray());
            insert.Parameters.AddWithValue("endpoint_ids", deliveries.Select(d => d.EndpointId).ToArray());
            insert.Parameters.AddWithValue("merchant_ids", deliveries.Select(d => d.Event.MerchantId).ToArray());
            insert.Parameters.AddWithValue("object_ids", deliveries.Select(d => d.Event.ObjectId).ToArray());
            await insert.ExecuteNonQueryAsync(ct);
        }

        await using (var update = new NpgsqlCommand("UPDATE events SET fanned_out_at = @now WHERE id = ANY(@ids)", connection, tx))
        {
            update.Parameters.AddWithValue("now", now);
            update.Parameters.AddWithValue("ids", events.Select(e => e.Id).ToArray());
            await update.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return events.Count;
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
                      SELECT 1 FROM events queued
                      WHERE queued.object_id = d.object_id AND queued.sequence < d.event_sequence
                        AND queued.fanned_out_at IS NULL)
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

/// <summary>A delivery taken by this instance, with what it needs to send: the event, the URL and the secrets (encrypted).</summary>
internal sealed record ClaimedDelivery(
    Guid Id, Guid EventId, Guid EndpointId, int Attempts, string EventType, string EventData, DateTimeOffset EventCreatedAt,
    string Url, bool EndpointActive, string ProtectedSecret, string? ProtectedPreviousSecret, DateTimeOffset? PreviousSecretExpiresAt);

/// <summary>What an attempt leaves on its delivery row.</summary>
internal sealed record DeliveryRecord(
    string Status, DateTimeOffset? AttemptedAt, int? StatusCode, string? Error, DateTimeOffset NextAttemptAt, DateTimeOffset? CompletedAt);
