using System.Text.Json.Serialization;

namespace Simulators.Kit;

/// <summary>How a transaction's callbacks go out (<c>POST /__sim/callback-mode</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallbackMode>))]
public enum CallbackMode
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

    /// <summary>The final callback, then a stale one (the provider's initial state).</summary>
    [JsonStringEnumMemberName("out_of_order")]
    OutOfOrder,

    /// <summary>The outcome is applied at once and its callback answered before the creation reply is sent.</summary>
    [JsonStringEnumMemberName("early")]
    Early,

    /// <summary>The callback comes a given delay after the outcome.</summary>
    [JsonStringEnumMemberName("late")]
    Late,
}

[JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>A bare 500 (the simulator may give it a provider body, e.g. with <see cref="SimFault.Code"/>).</summary>
    [JsonStringEnumMemberName("500")]
    Status500,
    [JsonStringEnumMemberName("502")]
    Status502,
    [JsonStringEnumMemberName("503")]
    Status503,
    [JsonStringEnumMemberName("504")]
    Status504,

    /// <summary>401, as if the token had gone stale.</summary>
    [JsonStringEnumMemberName("401")]
    Status401,

    /// <summary>429 with <c>Retry-After</c>.</summary>
    [JsonStringEnumMemberName("429")]
    Status429,

    /// <summary>No reply until the simulator clock passes the delay (longer than any client timeout), then 504.</summary>
    [JsonStringEnumMemberName("timeout")]
    Timeout,

    /// <summary>The connection is aborted: the client sees a reset.</summary>
    [JsonStringEnumMemberName("connection_reset")]
    ConnectionReset,

    /// <summary>WireMock's EMPTY_RESPONSE fault: the status line and no body.</summary>
    [JsonStringEnumMemberName("empty_response")]
    EmptyResponse,

    /// <summary>The reply is held for <see cref="SimFault.DelaySeconds"/> on the simulator clock, then given.</summary>
    [JsonStringEnumMemberName("latency")]
    Latency,
}

/// <summary>Makes the next <see cref="Count"/> calls to an endpoint fail (<c>POST /__sim/faults</c>).</summary>
public sealed record SimFault
{
    /// <summary>A path prefix such as "/collection/v1_0/requesttopay" or "/collection/token"; "*" for every provider endpoint.</summary>
    public string Path { get; init; } = "*";

    /// <summary>GET, POST...; null for any method.</summary>
    public string? Method { get; init; }

    public FaultKind Kind { get; init; } = FaultKind.Status500;

    public int Count { get; init; } = 1;

    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>For latency; for timeout, instead of the simulator's default hold.</summary>
    public int DelaySeconds { get; init; }

    /// <summary>Do the operation (store the transaction, schedule its callback), then lose the reply.</summary>
    public bool CommitThenFail { get; init; }

    /// <summary>A provider error code for the reply, where the simulator's wire format has one.</summary>
    public string? Code { get; init; }
}

/// <summary>Which requests an override applies to; every field given must match.</summary>
public record OverrideMatch
{
    /// <summary>The provider reference of the request (its id header or field), case-insensitive.</summary>
    public string? Reference { get; init; }

    /// <summary>The payer or payee, matched on the last 9 digits.</summary>
    public string? Phone { get; init; }

    /// <summary>The amount exactly as sent on the wire ("5000", "10.10").</summary>
    public string? Amount { get; init; }

    /// <summary>A payer document (card simulators).</summary>
    public string? Document { get; init; }

    /// <summary>The simulator's operation name (e.g. requesttopay, transfer, refund); null for all.</summary>
    public string? Operation { get; init; }

    /// <summary>The next N matching requests: the same as <see cref="SimOverride{TOutcome}.Uses"/>.</summary>
    public int? NextCalls { get; init; }
}

/// <summary>Forces the outcome of the requests it matches (<c>POST /__sim/overrides</c>); the outcome is the
/// simulator's own payload, which it interprets.</summary>
public record SimOverride<TOutcome>
    where TOutcome : class, new()
{
    public OverrideMatch Match { get; init; } = new();

    public TOutcome Outcome { get; init; } = new();

    /// <summary>How many requests it applies to; null for every one (or <see cref="OverrideMatch.NextCalls"/>).</summary>
    public int? Uses { get; init; }
}

/// <summary>The facts of a request that overrides match on; null fields match only overrides that leave them out.</summary>
public sealed record OverrideFacts(string? Reference, string? Phone = null, string? Amount = null, string? Operation = null, string? Document = null);

/// <summary>A callback the simulator sent, and how the hub answered (null status: no HTTP answer, see Error).</summary>
public sealed record SentCallback(
    string ReferenceId,
    string Url,
    string Method,
    string Body,
    int? StatusCode,
    string? Error,
    DateTimeOffset SentAt);

/// <summary>A callback to send: built by the simulator in its wire format, sent and recorded by the kit.</summary>
public sealed record OutgoingCallback(string Url, string Method, string Body, string ContentType = "application/json")
{
    /// <summary>Extra headers (a signature, a timestamp...).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
