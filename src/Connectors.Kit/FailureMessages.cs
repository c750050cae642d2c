using Connectors.Abstractions;

namespace Connectors.Kit;

/// <summary>
/// The user-facing English message of each failure code. A connector shows these, never the provider's free text
/// (an unsigned callback could carry anything), and keeps the provider's raw code in <see cref="Failure.ProviderCode"/>.
/// </summary>
public static class FailureMessages
{
    /// <summary>The default message of <paramref name="code"/>.</summary>
    public static string For(FailureCode code) => code switch
    {
        FailureCode.InsufficientFunds => "The payer's balance was too low.",
        FailureCode.PayerDeclined => "The payer declined the request.",
        FailureCode.PayerNotFound => "No account exists for this payer.",
        FailureCode.Expired => "The payer did not approve in time.",
        FailureCode.LimitExceeded => "A transaction or balance limit was reached.",
        FailureCode.InvalidAccount => "The account cannot take part in this payment.",
        FailureCode.CardDeclined => "The card was declined.",
        FailureCode.FraudSuspected => "Refused as suspected fraud.",
        FailureCode.ProviderError => "The provider refused or failed the request.",
    };

    /// <summary>A failure with the default message and the provider's raw code.</summary>
    public static Failure Failure(FailureCode code, string? providerCode) => new(code, For(code), providerCode);
}
