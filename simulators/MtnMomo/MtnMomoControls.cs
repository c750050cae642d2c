using System.Text.Json.Serialization;

namespace Simulators.MtnMomo;

/// <summary>A transaction as the simulator sees it now (its status is read on the simulator's clock).</summary>
public sealed record SimulatedTransaction(
    string ReferenceId,
    string Operation,
    string? ExternalId,
    string Amount,
    string Currency,
    long AmountMinor,
    string? PartyIdType,
    string? PartyId,
    string? PayerMessage,
    string? PayeeNote,
    string? ReferenceIdToRefund,
    string? CallbackUrl,
    string TargetEnvironment,
    string ApiUser,
    DateTimeOffset CreatedAt,
    string Status,
    string? Reason,
    string? FinancialTransactionId,
    string Rule,
    MtnMomoCallbackMode CallbackMode);

/// <summary>A callback the simulator sent, and how the hub answered (null status: no HTTP answer, see Error).</summary>
public sealed record SentCallback(
    string ReferenceId,
    string Url,
    string Method,
    string Body,
    int? StatusCode,
    string? Error,
    DateTimeOffset SentAt);

[JsonConverter(typeof(JsonStringEnumConverter<MtnMomoCallbackMode>))]
public enum MtnMomoCallbackMode
{
    /// <summary>One callback when the outcome is known, after the creation reply.</summary>
    [JsonStringEnumMemberName("normal")]
    Normal,

    /// <summary>No callback: the hub has to poll.</summary>
    [JsonStringEnumMemberName("drop")]
    Drop,

    /// <summary>The same bytes twice.</summary>
    [JsonStringEnumMemberName("duplicate")]
    Duplicate,

    /// <summary>The final callback, then a stale PENDING one.</summary>
    [JsonStringEnumMemberName("out_of_order")]
    OutOfOrder,

    /// <summary>The outcome is applied at once and its callback sent before the creation reply.</summary>
    [JsonStringEnumMemberName("early")]
    Early,

    /// <summary>The callback comes a given delay after the outcome.</summary>
    [JsonStringEnumMemberName("late")]
    Late,
}

/// <summary>Forces the outcome of the requests it matches; every match field given must match.</summary>
public sealed record MtnMomoOverride
{
    public MtnMomoOverrideMatch Match { get; init; } = new();

    public MtnMomoOverrideOutcome Outcome { get; init; } = new();

    /// <summary>How many requests it applies to; null for every one (or <see cref="MtnMomoOverrideMatch.NextCalls"/>).</summary>
    public int? Uses { get; init; }
}

public sealed record MtnMomoOverrideMatch
{
    /// <summary>The X-Reference-Id.</summary>
    public string? Reference { get; init; }

    /// <summary>The payer or payee, matched on the last 9 digits.</summary>
    public string? Phone { get; init; }

    /// <summary>The amount exactly as sent ("5000", "10.10").</summary>
    public string? Amount { get; init; }

    /// <summary>requesttopay, transfer or refund; null for all three.</summary>
    public string? Operation { get; init; }

    /// <summary>The next N creations (with the other fields, if any): the same as <see cref="MtnMomoOverride.Uses"/>.</summary>
    public int? NextCalls { get; init; }
}

public sealed record MtnMomoOverrideOutcome
{
    /// <summary>SUCCESSFUL, FAILED or PENDING (for ever); ignored when <see cref="HttpStatus"/> is not 202.</summary>
    public string Status { get; init; } = "SUCCESSFUL";

    public string? Reason { get; init; }

    public int DelaySeconds { get; init; }

    /// <summary>A synchronous answer instead of the 202 (e.g. 500 with <see cref="Code"/>, or a bare 500).</summary>
    public int? HttpStatus { get; init; }

    public string? Code { get; init; }

    public string? Message { get; init; }

    public MtnMomoCallbackMode? CallbackMode { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<MtnMomoFaultKind>))]
public enum MtnMomoFaultKind
{
    /// <summary>A bare 500: an unknown outcome for the connector.</summary>
    [JsonStringEnumMemberName("500")]
    Status500,
    [JsonStringEnumMemberName("502")]
    Status502,

    /// <summary>503 {"code":"SERVICE_UNAVAILABLE"}.</summary>
    [JsonStringEnumMemberName("503")]
    Status503,
    [JsonStringEnumMemberName("504")]
    Status504,

    /// <summary>401 as from MTN's gateway, as if the token had gone stale.</summary>
    [JsonStringEnumMemberName("401")]
    Status401,

    /// <summary>429 with Retry-After.</summary>
    [JsonStringEnumMemberName("429")]
    Status429,

    /// <summary>No reply until the simulator clock passes the timeout (longer than any client timeout).</summary>
    [JsonStringEnumMemberName("timeout")]
    Timeout,

    /// <summary>The connection is aborted: the client sees a reset.</summary>
    [JsonStringEnumMemberName("connection_reset")]
    ConnectionReset,

    /// <summary>WireMock's EMPTY_RESPONSE fault: the status line and no body.</summary>
    [JsonStringEnumMemberName("empty_response")]
    EmptyResponse,

    /// <summary>The reply is held for <see cref="MtnMomoFault.DelaySeconds"/> on the simulator clock, then given.</summary>
    [JsonStringEnumMemberName("latency")]
    Latency,
}

/// <summary>Makes the next <see cref="Count"/> calls to an endpoint fail.</summary>
public sealed record MtnMomoFault
{
    /// <summary>A path prefix such as "/collection/v1_0/requesttopay" or "/collection/token"; "*" for every MTN endpoint.</summary>
    public string Path { get; init; } = "*";

    /// <summary>GET, POST...; null for any method.</summary>
    public string? Method { get; init; }

    public MtnMomoFaultKind Kind { get; init; } = MtnMomoFaultKind.Status500;

    public int Count { get; init; } = 1;

    public int RetryAfterSeconds { get; init; } = 1;

    public int DelaySeconds { get; init; }

    /// <summary>Do the operation (store the transaction, schedule its callback), then lose the reply.</summary>
    public bool CommitThenFail { get; init; }

    /// <summary>A {"code"} for the 500, which makes it definitive instead of unknown.</summary>
    public string? Code { get; init; }
}
