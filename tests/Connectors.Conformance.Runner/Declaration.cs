using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Connectors.Abstractions;

namespace Connectors.Conformance.Runner;

/// <summary>
/// What a connector declares to run the suite, as JSON (<c>--account conformance.json</c>): the fixture's members
/// (<see cref="ConformanceFixture"/>) in camelCase. Statuses, failure codes and outcomes are the API's words
/// ("paid", "insufficient_funds", "unknown").
/// </summary>
public sealed record Declaration
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The connector's id, when the plug-in registers several.</summary>
    public string? ConnectorId { get; init; }

    /// <summary>"Some payment" the sandbox pays after <see cref="DefaultPaymentPaidAfterSeconds"/>.</summary>
    public required PaymentSpec DefaultPayment { get; init; }

    public int DefaultPaymentPaidAfterSeconds { get; init; }

    /// <summary>The create, status and token endpoints the suite puts faults on.</summary>
    public required ProviderPaths Paths { get; init; }

    /// <summary>Credential values replacing the schema's examples.</summary>
    public Dictionary<string, string> Credentials { get; init; } = [];

    /// <summary>Setting values replacing the schema's examples and defaults.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    public List<SandboxCaseJson> SandboxCases { get; init; } = [];

    public List<RawStatusJson> RawStatuses { get; init; } = [];

    /// <summary>An override outcome forcing a status the provider does not document; null skips the check.</summary>
    public JsonObject? UndocumentedStatus { get; init; }

    public List<ProviderAnswerJson> ProviderAnswers { get; init; } = [];

    /// <summary>A regex every provider reference matches.</summary>
    public string? ProviderReferenceFormat { get; init; }

    /// <summary>A signed callback's timestamp tolerance in seconds (enables the stale check).</summary>
    public int? CallbackToleranceSeconds { get; init; }

    /// <summary>How a genuine callback is signed; null: the simulator's callback is used as sent (unsigned providers).</summary>
    public CallbackSigning? CallbackSigning { get; init; }

    /// <summary>Which declared capabilities to exercise ("refund", "payout", "account_holder"…); null: all.</summary>
    public List<ConnectorCapabilities>? Exercise { get; init; }

    public PaymentSpec? AuthorizeOnlyPayment { get; init; }

    public string? AccountHolderPhone { get; init; }

    public PayoutRecipient? PayoutRecipient { get; init; }

    /// <summary>Reads a declaration; the reason when it cannot be used.</summary>
    public static Declaration Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Declaration>(json, Json)
                ?? throw new ConformanceSetupException("the declaration is empty");
        }
        catch (JsonException e)
        {
            throw new ConformanceSetupException($"the declaration is not valid: {e.Message}");
        }
    }

    /// <summary>Reads a declaration file.</summary>
    public static Declaration Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path)) : throw new ConformanceSetupException($"no declaration file {path}");
}

/// <summary>A sandbox rule: the payment, what creating it answers, and its final answer after <see cref="AfterSeconds"/>.</summary>
public sealed record SandboxCaseJson
{
    public required string Name { get; init; }

    public required PaymentSpec Payment { get; init; }

    public ExpectJson OnCreate { get; init; } = new() { Status = "pending" };

    public ExpectJson? Final { get; init; }

    public int AfterSeconds { get; init; }

    public ExpectJson? Before { get; init; }

    public bool Stored { get; init; } = true;

    public SandboxCase ToCase() => new()
    {
        Name = Name, Payment = Payment, OnCreate = OnCreate.ToExpect(), Final = Final?.ToExpect(), AfterSeconds = AfterSeconds,
        Before = Before?.ToExpect(), Stored = Stored,
    };
}

/// <summary>A documented raw status: the simulator's override outcome and what it maps to.</summary>
public sealed record RawStatusJson
{
    public required string Name { get; init; }

    public required JsonObject Outcome { get; init; }

    public required ExpectJson Expected { get; init; }

    public int AfterSeconds { get; init; }

    public RawStatusCase ToCase() => new() { Name = Name, Outcome = Outcome, Expected = Expected.ToExpect(), AfterSeconds = AfterSeconds };
}

/// <summary>A provider answer and whether it is a provider failure for the circuit breaker.</summary>
public sealed record ProviderAnswerJson
{
    public required string Name { get; init; }

    public required int Status { get; init; }

    public string Body { get; init; } = "";

    public required bool IsFailure { get; init; }

    public ProviderAnswer ToAnswer() => new(Name, Status, Body, IsFailure);
}

/// <summary>
/// An expected answer in the API's words: <c>{"status":"failed","failure":"insufficient_funds","providerCode":"LOW"}</c>;
/// <c>outcome</c> ("completed", "unknown", "not_sent", "not_found") defaults to completed when a status is given.
/// </summary>
public sealed record ExpectJson
{
    public string? Outcome { get; init; }

    public string? Status { get; init; }

    public string? Failure { get; init; }

    public string? ProviderCode { get; init; }

    public string? ProviderStatus { get; init; }

    public Expect ToExpect()
    {
        var outcome = (Outcome ?? "completed") switch
        {
            "completed" => OperationOutcome.Completed,
            "unknown" => OperationOutcome.Unknown,
            "not_sent" => OperationOutcome.NotSent,
            "not_found" => OperationOutcome.NotFound,
            var other => throw new ConformanceSetupException($"outcome '{other}' is not completed, unknown, not_sent or not_found"),
        };
        PaymentStatus? status = null;
        if (Status is not null)
        {
            status = PaymentStatusTransitions.TryParseApiString(Status, out var parsed)
                ? parsed
                : throw new ConformanceSetupException($"'{Status}' is not a payment status (pending, paid, failed, expired…)");
        }

        FailureCode? failure = null;
        if (Failure is not null)
        {
            failure = Enum.GetValues<FailureCode>().Cast<FailureCode?>().FirstOrDefault(c => c!.Value.ToApiString() == Failure)
                ?? throw new ConformanceSetupException($"'{Failure}' is not a failure code (insufficient_funds, payer_declined…)");
        }

        if (outcome == OperationOutcome.Completed && status is null)
        {
            throw new ConformanceSetupException("a completed expectation needs a status");
        }

        return new Expect(outcome, status, failure, ProviderCode, ProviderStatus);
    }
}
