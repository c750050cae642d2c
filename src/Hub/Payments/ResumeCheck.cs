using Hub.Persistence;

namespace Hub.Payments;

/// <summary>
/// Whether a payment found under an Idempotency-Key is the one this request asks for. The gate compares request
/// fingerprints, but a payment can still hold a key whose record is gone (a crash, a restore): it must never be
/// handed to a request that asks for something else.
/// </summary>
internal static class ResumeCheck
{
    /// <summary>The first field that differs between the stored payment and the request, or null when they agree.</summary>
    public static string? Difference(Payment payment, NewPayment request) =>
        payment.Amount != request.Amount.Minor ? "amount"
        : !string.Equals(payment.Currency, request.Amount.Currency.Code, StringComparison.Ordinal) ? "currency"
        : payment.Method != request.Method ? "method"
        : request.Country is { } country && !string.Equals(country, payment.Country, StringComparison.Ordinal) ? "country"
        : !string.Equals(payment.PayerPhone, request.Payer.Phone, StringComparison.Ordinal) ? "payer.phone"
        : !string.Equals(payment.PayerEmail, request.Payer.Email, StringComparison.Ordinal) ? "payer.email"
        : !string.Equals(payment.PayerDocumentNumber, request.Payer.DocumentNumber, StringComparison.Ordinal) ? "payer.documentNumber"
        : payment.Capture != request.Capture ? "capture"
        : payment.Installments != request.Installments ? "installments"
        : !string.Equals(payment.Description, request.Description, StringComparison.Ordinal) ? "description"
        : !string.Equals(payment.ExternalId, request.ExternalId, StringComparison.Ordinal) ? "externalId"
        : !SameMap(payment.Metadata, request.Metadata) ? "metadata"
        : request.Card is { } card && (payment.Card is null || !card.Number.EndsWith(payment.Card.Last4, StringComparison.Ordinal)
            || !card.Number.StartsWith(payment.Card.Bin, StringComparison.Ordinal)) ? "card"
        : null;

    private static bool SameMap(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string>? requested)
    {
        requested ??= new Dictionary<string, string>();
        return stored.Count == requested.Count
            && stored.All(p => requested.TryGetValue(p.Key, out var v) && string.Equals(v, p.Value, StringComparison.Ordinal));
    }
}
