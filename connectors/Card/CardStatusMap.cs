using System.Globalization;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Card;

/// <summary>
/// Cielo's <c>Status</c> (PROVIDERS §8.2), with its ReturnCode and the anti-fraud verdict that overrides it, mapped to
/// the hub's statuses; every arm is listed, and anything else is an <see cref="UnknownProviderStatusException"/>.
/// </summary>
internal static class CardStatusMap
{
    public const string Reject = "Reject";
    public const string Review = "Review";

    /// <summary>ReturnCodes that mean the issuer declined the card (any other on a Status 3 is a decline too, but 99).</summary>
    public static readonly IReadOnlySet<string> DeclineCodes = new HashSet<string>(StringComparer.Ordinal) { "05", "5", "57", "78", "77", "70", "14" };

    /// <summary>The status and failure of a sale. <paramref name="captured"/>: Cielo shows a capture (for Status 10).</summary>
    public static (PaymentStatus Status, Failure? Failure) Map(int? status, string? returnCode, string? fraud, bool captured,
        bool authenticating)
    {
        if (fraud == Reject && status is 0 or 1 or 3 or 10 or 12 or 13)
        {
            return (PaymentStatus.Failed, FailureMessages.Failure(FailureCode.FraudSuspected, Reject));
        }

        if (fraud == Review && status is 1 or 12)
        {
            return (PaymentStatus.UnderReview, null);
        }

        return status switch
        {
            0 when authenticating => (PaymentStatus.Pending, null),
            0 => (PaymentStatus.Failed, FailureMessages.Failure(FailureCode.ProviderError, returnCode ?? "0")),
            1 => (PaymentStatus.Authorized, null),
            2 => (PaymentStatus.Paid, null),
            3 => (PaymentStatus.Failed, FailureMessages.Failure(
                returnCode == "99" ? FailureCode.ProviderError : FailureCode.CardDeclined, returnCode ?? "3")),
            10 => (captured ? PaymentStatus.Refunded : PaymentStatus.Canceled, null),
            11 => (PaymentStatus.Refunded, null),
            12 => (PaymentStatus.Processing, null),
            13 => (PaymentStatus.Failed, FailureMessages.Failure(FailureCode.ProviderError, returnCode ?? "13")),
            // 20 Scheduled is for recurrences, which the hub does not create: as undocumented as any other number.
            _ => throw new UnknownProviderStatusException(CardConnector.Id, status?.ToString(CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>The anti-fraud verdict: StatusDescription, else its number (1 Accept, 2 Reject, 3 Review).</summary>
    public static string? Fraud(CieloFraudAnalysis? analysis) => analysis switch
    {
        null => null,
        { StatusDescription: { Length: > 0 } text } => text,
        { Status: 1 } => "Accept",
        { Status: 2 } => Reject,
        { Status: 3 } => Review,
        _ => null,
    };

    /// <summary>A chargeback's status: Received → pending, Disputed → disputing, Won, Lost; null for another.</summary>
    public static ChargebackStatus? Chargeback(string? status) => status switch
    {
        "Received" => ChargebackStatus.Pending,
        "Disputed" => ChargebackStatus.Disputing,
        "Won" => ChargebackStatus.Won,
        "Lost" => ChargebackStatus.Lost,
        _ => null,
    };
}
