using System.Text.Json.Serialization;
using Simulators.Kit;

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

// The C# names tests use for the kit's callback modes and faults; on the wire (/__sim) they are the kit's own.

/// <summary>The kit's <see cref="Kit.CallbackMode"/>, member for member.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MtnMomoCallbackMode>))]
public enum MtnMomoCallbackMode
{
    [JsonStringEnumMemberName("normal")]
    Normal = (int)CallbackMode.Normal,
    [JsonStringEnumMemberName("drop")]
    Drop = (int)CallbackMode.Drop,
    [JsonStringEnumMemberName("duplicate")]
    Duplicate = (int)CallbackMode.Duplicate,
    [JsonStringEnumMemberName("out_of_order")]
    OutOfOrder = (int)CallbackMode.OutOfOrder,
    [JsonStringEnumMemberName("early")]
    Early = (int)CallbackMode.Early,
    [JsonStringEnumMemberName("late")]
    Late = (int)CallbackMode.Late,
}

/// <summary>The kit's <see cref="FaultKind"/>, member for member.</summary>
public enum MtnMomoFaultKind
{
    Status500 = (int)FaultKind.Status500,
    Status502 = (int)FaultKind.Status502,
    Status503 = (int)FaultKind.Status503,
    Status504 = (int)FaultKind.Status504,
    Status401 = (int)FaultKind.Status401,
    Status429 = (int)FaultKind.Status429,
    Timeout = (int)FaultKind.Timeout,
    ConnectionReset = (int)FaultKind.ConnectionReset,
    EmptyResponse = (int)FaultKind.EmptyResponse,
    Latency = (int)FaultKind.Latency,
}

/// <summary>A <see cref="SimFault"/>; MTN's bodies: 500 bare or <c>{"code"}</c> with <see cref="Code"/>, 503
/// <c>SERVICE_UNAVAILABLE</c>, 401 and 429 in the gateway's shape.</summary>
public sealed record MtnMomoFault
{
    /// <summary>A path prefix such as "/collection/v1_0/requesttopay" or "/collection/token"; "*" for every MTN endpoint.</summary>
    public string Path { get; init; } = "*";

    public string? Method { get; init; }

    public MtnMomoFaultKind Kind { get; init; } = MtnMomoFaultKind.Status500;

    public int Count { get; init; } = 1;

    public int RetryAfterSeconds { get; init; } = 1;

    public int DelaySeconds { get; init; }

    public bool CommitThenFail { get; init; }

    public string? Code { get; init; }

    public SimFault ToKit() => new()
    {
        Path = Path, Method = Method, Kind = (FaultKind)Kind, Count = Count, RetryAfterSeconds = RetryAfterSeconds,
        DelaySeconds = DelaySeconds, CommitThenFail = CommitThenFail, Code = Code,
    };
}

/// <summary>Forces the outcome of the requests it matches (<c>POST /__sim/overrides</c>).</summary>
public sealed record MtnMomoOverride : SimOverride<MtnMomoOverrideOutcome>;

/// <summary>The kit's matchers; <see cref="OverrideMatch.Operation"/> is requesttopay, transfer or refund.</summary>
public sealed record MtnMomoOverrideMatch : OverrideMatch;

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
