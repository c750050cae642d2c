using System.Text.Json.Nodes;
using Connectors.Abstractions;

namespace Connectors.Conformance;

/// <summary>
/// A payment as a fixture describes it: the suite adds a fresh hub id and the connector's provider reference. Only
/// what a sandbox rule reads needs setting; the rest comes from <see cref="ConformanceFixture.DefaultPayment"/>.
/// </summary>
public sealed record PaymentSpec
{
    /// <summary>The amount in minor units.</summary>
    public required long Amount { get; init; }

    /// <summary>ISO 4217.</summary>
    public required string Currency { get; init; }

    /// <summary>The method; null takes the descriptor's first.</summary>
    public PaymentMethod? Method { get; init; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; init; }

    /// <summary>The payer's E.164 phone.</summary>
    public string? Phone { get; init; }

    /// <summary>The payer's name (card simulators read <c>fail_on_create</c> there).</summary>
    public string? PayerName { get; init; }

    /// <summary>The payer's document number (card simulators decide by its last digit).</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>The description (where the sandbox reads <c>fail_on_create</c>).</summary>
    public string? Description { get; init; } = "Conformance order";

    /// <summary>A card, for card payments.</summary>
    public PaymentCard? Card { get; init; }

    /// <summary>Card only: false stops at authorized.</summary>
    public bool Capture { get; init; } = true;

    /// <summary>The request the hub would send for <paramref name="paymentId"/> and <paramref name="reference"/>.</summary>
    public CreatePaymentRequest ToRequest(string paymentId, string reference, PaymentMethod defaultMethod) => new()
    {
        PaymentId = paymentId,
        ProviderReference = reference,
        Amount = new Money(Amount, Abstractions.Currency.FromCode(Currency)),
        Method = Method ?? defaultMethod,
        Country = Country,
        Payer = new PaymentPayer { Phone = Phone, Name = PayerName, DocumentNumber = DocumentNumber },
        Card = Card,
        Capture = Capture,
        Description = Description,
        ExternalId = paymentId,
    };

    /// <summary>Names the phone masked.</summary>
    public override string ToString() => $"{Amount} {Currency} {Masking.Phone(Phone)} \"{Description}\"";
}

/// <summary>What a connector call must answer: an outcome and, when completed, a status, a failure code, raw codes.</summary>
/// <param name="Outcome">Whether the answer is known.</param>
/// <param name="Status">The mapped status (completed outcomes).</param>
/// <param name="Failure">The canonical failure code, when the status is a failure.</param>
/// <param name="ProviderCode">The provider's raw reason, kept in <c>failure.providerCode</c>; null: not checked.</param>
/// <param name="ProviderStatus">The provider's raw status; null: not checked.</param>
public sealed record Expect(OperationOutcome Outcome, PaymentStatus? Status = null, FailureCode? Failure = null,
    string? ProviderCode = null, string? ProviderStatus = null)
{
    /// <summary>Waiting for the payer.</summary>
    public static Expect Pending { get; } = Is(PaymentStatus.Pending);

    /// <summary>Paid.</summary>
    public static Expect Paid { get; } = Is(PaymentStatus.Paid);

    /// <summary>The answer is unknown (reconcile).</summary>
    public static Expect Unknown { get; } = new(OperationOutcome.Unknown);

    /// <summary>Certainly not sent.</summary>
    public static Expect NotSent { get; } = new(OperationOutcome.NotSent);

    /// <summary>The provider does not know the reference.</summary>
    public static Expect NotFound { get; } = new(OperationOutcome.NotFound);

    /// <summary>A completed answer with this status.</summary>
    public static Expect Is(PaymentStatus status, FailureCode? failure = null, string? providerCode = null,
        string? providerStatus = null) => new(OperationOutcome.Completed, status, failure, providerCode, providerStatus);

    /// <summary>Failed with this code.</summary>
    public static Expect Failed(FailureCode failure, string? providerCode = null, string? providerStatus = null) =>
        Is(PaymentStatus.Failed, failure, providerCode, providerStatus);

    /// <summary>Expired with this code.</summary>
    public static Expect Expired(FailureCode failure = FailureCode.Expired, string? providerCode = null,
        string? providerStatus = null) => Is(PaymentStatus.Expired, failure, providerCode, providerStatus);

    /// <summary>Whether <paramref name="result"/> is what this expects; the reason when not.</summary>
    public string? Mismatch(PaymentResult result)
    {
        if (result.Outcome != Outcome)
        {
            return $"outcome {result.Outcome} (detail: {result.Detail}), expected {Outcome}";
        }

        if (Status is { } status && result.Status != status)
        {
            return $"status {result.Status?.ToApiString() ?? "null"} (provider status {result.ProviderStatus}, " +
                $"failure {result.Failure?.Code.ToApiString()} {result.Failure?.ProviderCode}), expected {status.ToApiString()}";
        }

        if (Failure is { } failure && result.Failure?.Code != failure)
        {
            return $"failure {result.Failure?.Code.ToApiString() ?? "null"} ({result.Failure?.ProviderCode}), expected {failure.ToApiString()}";
        }

        if (Failure is null && Status is PaymentStatus.Pending or PaymentStatus.Paid or PaymentStatus.Processing
            or PaymentStatus.Authorized && result.Failure is not null)
        {
            return $"a {Status.Value.ToApiString()} result carries a failure ({result.Failure.Code.ToApiString()})";
        }

        if (ProviderCode is not null && !string.Equals(result.Failure?.ProviderCode, ProviderCode, StringComparison.Ordinal))
        {
            return $"provider code '{result.Failure?.ProviderCode}', expected '{ProviderCode}'";
        }

        if (ProviderStatus is not null && !string.Equals(result.ProviderStatus, ProviderStatus, StringComparison.Ordinal))
        {
            return $"provider status '{result.ProviderStatus}', expected '{ProviderStatus}'";
        }

        return null;
    }

    /// <summary>"completed paid", "failed insufficient_funds (NOT_ENOUGH_FUNDS)", "Unknown".</summary>
    public override string ToString() => Outcome != OperationOutcome.Completed
        ? Outcome.ToString()
        : $"{Status?.ToApiString()}{(Failure is { } f ? " " + f.ToApiString() : "")}{(ProviderCode is null ? "" : $" ({ProviderCode})")}";
}

/// <summary>
/// One sandbox outcome rule (PROVIDERS §1): a payment the rule applies to, what creating it answers, and, after how
/// many simulated seconds, what a status query answers.
/// </summary>
public sealed record SandboxCase
{
    /// <summary>A unique, readable name: "even amount 1002 → paid after 2 s". It names the test row.</summary>
    public required string Name { get; init; }

    /// <summary>The payment the rule applies to.</summary>
    public required PaymentSpec Payment { get; init; }

    /// <summary>What <see cref="IConnector.CreatePaymentAsync"/> answers.</summary>
    public Expect OnCreate { get; init; } = Expect.Pending;

    /// <summary>What a status query answers <see cref="AfterSeconds"/> after the creation; null: not queried.</summary>
    public Expect? Final { get; init; }

    /// <summary>When the final answer is due, in simulated seconds after the creation.</summary>
    public int AfterSeconds { get; init; }

    /// <summary>
    /// What a status query answers one second before <see cref="AfterSeconds"/> (the rule's delay is honoured, not
    /// shortened); null: not queried. Only used when <see cref="AfterSeconds"/> is positive.
    /// </summary>
    public Expect? Before { get; init; }

    /// <summary>Whether the simulator keeps a transaction for it (false for a synchronous refusal).</summary>
    public bool Stored { get; init; } = true;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>
/// One documented raw provider status and what it maps to. The suite forces it through <c>POST /__sim/overrides</c>
/// with <see cref="Outcome"/> (the simulator's own override outcome payload, e.g. <c>{"status":"FAILED","reason":"EXPIRED"}</c>)
/// matched on the payment's provider reference, then queries the status.
/// </summary>
public sealed record RawStatusCase
{
    /// <summary>"FAILED/NOT_ENOUGH_FUNDS". It names the test row.</summary>
    public required string Name { get; init; }

    /// <summary>The override outcome the simulator understands.</summary>
    public required JsonObject Outcome { get; init; }

    /// <summary>What a status query answers once the forced outcome is due.</summary>
    public required Expect Expected { get; init; }

    /// <summary>How many simulated seconds after the creation the forced status is visible.</summary>
    public int AfterSeconds { get; init; }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Where the simulator listens and who stops it.</summary>
/// <param name="Url">Its base URL: "http://127.0.0.1:40123".</param>
/// <param name="Owner">Disposed when the fixture is (an in-process simulator); null for one started elsewhere.</param>
public sealed record SimulatorEndpoint(Uri Url, IDisposable? Owner = null);

/// <summary>The provider endpoints the suite puts faults on (<c>POST /__sim/faults</c> path prefixes).</summary>
public sealed record ProviderPaths
{
    /// <summary>The endpoint that creates a payment: "/collection/v1_0/requesttopay".</summary>
    public required string CreatePayment { get; init; }

    /// <summary>The HTTP method of the creation (the API Pix creates a charge with a PUT): the suite's faults target it.</summary>
    public string CreatePaymentMethod { get; init; } = "POST";

    /// <summary>The endpoint that answers a payment's status (a prefix of it): "/collection/v1_0/requesttopay/".</summary>
    public string? PaymentStatus { get; init; }

    /// <summary>The token endpoint a business call needs first, or null when the provider has none.</summary>
    public string? Token { get; init; }
}


/// <summary>A provider HTTP answer and whether it counts as a provider failure for the account's circuit breaker.</summary>
/// <param name="Name">"500 NOT_ALLOWED (definitive refusal)". It names the test row.</param>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Body">The body, in the provider's wire format.</param>
/// <param name="IsFailure">What <see cref="IConnector.IsProviderFailureAsync"/> must answer.</param>
public sealed record ProviderAnswer(string Name, int StatusCode, string Body, bool IsFailure)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
