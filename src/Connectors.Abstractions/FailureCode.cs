namespace Connectors.Abstractions;

/// <summary>Why a payment, refund or payout failed, in one vocabulary; the raw provider code is kept beside it.</summary>
public enum FailureCode
{
    /// <summary>The payer's balance was too low.</summary>
    InsufficientFunds,

    /// <summary>The payer refused or did not approve.</summary>
    PayerDeclined,

    /// <summary>No account exists for the payer.</summary>
    PayerNotFound,

    /// <summary>The payer did not act in time.</summary>
    Expired,

    /// <summary>A transaction or balance limit was reached.</summary>
    LimitExceeded,

    /// <summary>The account exists but cannot take part (inactive, not allowed to receive).</summary>
    InvalidAccount,

    /// <summary>The issuer declined the card.</summary>
    CardDeclined,

    /// <summary>Anti-fraud refused it.</summary>
    FraudSuspected,

    /// <summary>Anything else the provider reported, including its own errors.</summary>
    ProviderError,
}

/// <summary>The API's words for failure codes.</summary>
public static class FailureCodeNames
{
    /// <summary>The API's word: "insufficient_funds", "provider_error".</summary>
    public static string ToApiString(this FailureCode code) => code switch
    {
        FailureCode.InsufficientFunds => "insufficient_funds",
        FailureCode.PayerDeclined => "payer_declined",
        FailureCode.PayerNotFound => "payer_not_found",
        FailureCode.Expired => "expired",
        FailureCode.LimitExceeded => "limit_exceeded",
        FailureCode.InvalidAccount => "invalid_account",
        FailureCode.CardDeclined => "card_declined",
        FailureCode.FraudSuspected => "fraud_suspected",
        FailureCode.ProviderError => "provider_error",
    };
}

/// <summary>A failure as the API shows it: the canonical code, a message, and the provider's own code for audit.</summary>
/// <param name="Code">The canonical code.</param>
/// <param name="Message">A short human explanation; never a secret or a card number.</param>
/// <param name="ProviderCode">The provider's raw reason or error code, as received.</param>
public sealed record Failure(FailureCode Code, string Message, string? ProviderCode);
