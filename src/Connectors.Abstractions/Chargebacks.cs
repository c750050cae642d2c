namespace Connectors.Abstractions;

/// <summary>Where a dispute stands, in the hub's words.</summary>
public enum ChargebackStatus
{
    /// <summary>Opened by the issuer; nothing answered yet.</summary>
    Pending,

    /// <summary>The provider waits for the merchant's evidence.</summary>
    WaitingResponse,

    /// <summary>The provider or the issuer is reviewing it.</summary>
    UnderReview,

    /// <summary>The merchant disputed it with evidence.</summary>
    Disputing,

    /// <summary>Decided for the merchant: the payment stays paid.</summary>
    Won,

    /// <summary>Decided for the payer: the payment becomes chargedback.</summary>
    Lost,

    /// <summary>Withdrawn by the issuer.</summary>
    Canceled,
}

/// <summary>The API's words for chargeback statuses.</summary>
public static class ChargebackStatusNames
{
    /// <summary>"pending", "waiting_response", "under_review", "disputing", "won", "lost", "canceled".</summary>
    public static string ToApiString(this ChargebackStatus status) => status switch
    {
        ChargebackStatus.Pending => "pending",
        ChargebackStatus.WaitingResponse => "waiting_response",
        ChargebackStatus.UnderReview => "under_review",
        ChargebackStatus.Disputing => "disputing",
        ChargebackStatus.Won => "won",
        ChargebackStatus.Lost => "lost",
        ChargebackStatus.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Whether the dispute is decided.</summary>
    public static bool IsFinal(this ChargebackStatus status) =>
        status is ChargebackStatus.Won or ChargebackStatus.Lost or ChargebackStatus.Canceled;
}

/// <summary>A dispute the provider shows on a payment.</summary>
public sealed record ChargebackReport
{
    /// <summary>The provider's id of the dispute, stable across answers.</summary>
    public required string ProviderReference { get; init; }

    /// <summary>The disputed amount, in the payment's currency.</summary>
    public required Money Amount { get; init; }

    /// <summary>Its current state.</summary>
    public required ChargebackStatus Status { get; init; }

    /// <summary>The scheme's reason code ("4837").</summary>
    public string? ReasonCode { get; init; }

    /// <summary>The reason in words ("No cardholder authorization").</summary>
    public string? Reason { get; init; }

    /// <summary>The provider's raw status, for audit ("Received").</summary>
    public string? ProviderStatus { get; init; }

    /// <summary>When the issuer opened it, when the provider says.</summary>
    public DateTimeOffset? OpenedAt { get; init; }

    /// <summary>The last moment the merchant may answer, when the provider says.</summary>
    public DateTimeOffset? RespondBy { get; init; }
}
