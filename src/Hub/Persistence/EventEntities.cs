namespace Hub.Persistence;

/// <summary>
/// An outbound event (the outbox): written in the same transaction as the status change it reports, so a crash
/// loses none. <see cref="Sequence"/> orders events; deliveries for one object go out in that order.
/// </summary>
internal sealed class EventRow
{
    public Guid Id { get; set; }

    /// <summary>Database-assigned, strictly increasing: the order of events per object.</summary>
    public long Sequence { get; set; }

    public Guid MerchantId { get; set; }

    public bool Livemode { get; set; }

    /// <summary>"payment.paid", "refund.completed"…</summary>
    public required string Type { get; set; }

    /// <summary>"payment", "refund", "payout".</summary>
    public required string ObjectType { get; set; }

    public Guid ObjectId { get; set; }

    /// <summary>The object as the API shows it at the moment of the change (JSON).</summary>
    public required string Data { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// An event not fanned out to its endpoints yet: a narrow row a database trigger adds with each event (in the same
/// transaction) and the dispatcher deletes when it makes the event's deliveries. Marking the wide event row instead
/// rewrote it and every index on it, once per event.
/// </summary>
internal sealed class EventQueueRow
{
    /// <summary>The event's <see cref="EventRow.Sequence"/>.</summary>
    public long Sequence { get; set; }

    public Guid EventId { get; set; }

    public Guid ObjectId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A merchant's webhook endpoint. Secrets are encrypted at rest (they are needed in clear to sign).</summary>
internal sealed class WebhookEndpointRow
{
    public Guid Id { get; set; }

    public Guid MerchantId { get; set; }

    public bool Livemode { get; set; }

    public required string Url { get; set; }

    /// <summary>Event type patterns: "payment.*", "refund.completed", "*".</summary>
    public List<string> Events { get; set; } = [];

    public string? Description { get; set; }

    /// <summary>"active" or "disabled".</summary>
    public required string Status { get; set; }

    /// <summary>Why it was disabled ("410 Gone from the endpoint"), for the merchant.</summary>
    public string? DisabledReason { get; set; }

    /// <summary>The "whsec_…" secret, protected with Data Protection.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>The secret before the last rotation, still signed with until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? ProtectedPreviousSecret { get; set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>One event to one endpoint: at least once, retried with backoff, in order per object.</summary>
internal sealed class WebhookDeliveryRow
{
    public Guid Id { get; set; }

    public Guid EventId { get; set; }

    public long EventSequence { get; set; }

    public Guid EndpointId { get; set; }

    public Guid MerchantId { get; set; }

    public Guid ObjectId { get; set; }

    /// <summary>"pending", "succeeded" or "failed".</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>Every callback a provider sent, accepted or not, redacted, with its verdict (audit).</summary>
internal sealed class CallbackRow
{
    public Guid Id { get; set; }

    public required string Connector { get; set; }

    public Guid? ConnectorAccountId { get; set; }

    public Guid? MerchantId { get; set; }

    public bool? Livemode { get; set; }

    public required string Method { get; set; }

    public required string Path { get; set; }

    /// <summary>The query string with secret values redacted.</summary>
    public string? Query { get; set; }

    /// <summary>Headers with secrets redacted.</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    /// <summary>The body with card data and secrets redacted and phones masked; cut at 64 KiB.</summary>
    public string? Body { get; set; }

    /// <summary>"applied", "unchanged", "duplicate", "synced", "signature_invalid", "malformed", "unknown_account",
    /// "unknown_reference", "connector_unavailable".</summary>
    public required string Verdict { get; set; }

    public string? Detail { get; set; }

    public int ResponseStatus { get; set; }

    public string? ProviderEventId { get; set; }

    public string? ProviderReference { get; set; }

    public Guid? PaymentId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>A provider event already applied: the primary key makes a duplicate's insert fail in its transaction.</summary>
internal sealed class ProcessedCallbackEvent
{
    /// <summary>Provider event ids are unique per provider account at best: deduplication is per connector account.</summary>
    public Guid ConnectorAccountId { get; set; }

    public required string Connector { get; set; }

    public required string ProviderEventId { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}
