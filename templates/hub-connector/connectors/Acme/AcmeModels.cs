using System.Text.Json.Serialization;

namespace Connectors.Acme;

/// <summary>The body of POST /v1/charges; amounts are integers in minor units, phones are digits without '+'.</summary>
internal sealed record AcmeChargeRequest
{
    /// <summary>Our provider reference: unique per account, and readable back (GET by it after a timeout).</summary>
    [JsonPropertyName("reference")]
    public required string Reference { get; init; }

    [JsonPropertyName("amount")]
    public required long Amount { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    /// <summary>"237699123456".</summary>
    [JsonPropertyName("phone")]
    public required string Phone { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Where Acme posts the signed charge once it is final.</summary>
    [JsonPropertyName("callback_url")]
    public string? CallbackUrl { get; init; }
}

/// <summary>A charge, as every endpoint and the callback show it.</summary>
internal sealed record AcmeCharge
{
    /// <summary>Acme's own id: "ch_…".</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("reference")]
    public string? Reference { get; init; }

    [JsonPropertyName("amount")]
    public long? Amount { get; init; }

    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    /// <summary>pending, succeeded, failed or expired.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Why a charge failed: INSUFFICIENT_FUNDS, DECLINED, PAYER_NOT_FOUND, LIMIT_EXCEEDED, EXPIRED.</summary>
    [JsonPropertyName("failure_code")]
    public string? FailureCode { get; init; }
}

/// <summary>Acme's error body: {"error":{"code":"DUPLICATE_REFERENCE","message":"…"}}.</summary>
internal sealed record AcmeErrorBody
{
    [JsonPropertyName("error")]
    public AcmeError? Error { get; init; }
}

/// <summary>One error.</summary>
internal sealed record AcmeError
{
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

[JsonSerializable(typeof(AcmeChargeRequest))]
[JsonSerializable(typeof(AcmeCharge))]
[JsonSerializable(typeof(AcmeErrorBody))]
internal sealed partial class AcmeJsonContext : JsonSerializerContext;
