using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.IremboPay;

/// <summary>
/// The one table from IremboPay's invoice statuses and push errors to ours (PROVIDERS §6.2), for creation, polling,
/// cancel and notifications alike. v2 invoices are only NEW or PAID; "expired" is computed from the invoice's own
/// expiryAt against the context clock, and "failed" is a rejected push.
/// </summary>
internal static class IremboPayStatusMap
{
    public const string New = "NEW";
    public const string Paid = "PAID";

    /// <summary>An invoice status, knowing whether its expiryAt has passed. Anything undocumented throws.</summary>
    public static PaymentStatus ToPaymentStatus(string? status, bool pastExpiry) => status switch
    {
        New => pastExpiry ? PaymentStatus.Expired : PaymentStatus.Pending,
        Paid => PaymentStatus.Paid,
        _ => throw new UnknownProviderStatusException(IremboPayConnector.Id, status),
    };

    /// <summary>A push error (or another business error code) in our words.</summary>
    public static FailureCode ToFailureCode(string? code) => code switch
    {
        "BAD_PHONE_NUMBER" or "PHONE_NUMBER_MISSING" => FailureCode.InvalidAccount,
        "INVOICE_EXPIRED" => FailureCode.Expired,
        // PAYMENT_PROVIDER_ERROR (e.g. an MTN number sent as AIRTEL), BAD_PAYMENT_PROVIDER, BAD_DATA (not RWF),
        // INVOICE_ALREADY_IN_BATCH, INVOICE_MISSING, INVOICE_NOT_FOUND, AUTHENTICATION_FAILED, and anything new.
        _ => FailureCode.ProviderError,
    };

    /// <summary>A failure from IremboPay's code, with our message (IremboPay's free text is not shown) and the raw code.</summary>
    public static Failure ToFailure(string? code)
    {
        var failure = ToFailureCode(code);
        return new Failure(failure, Describe(failure, code), code);
    }

    /// <summary>The failure of an invoice that passed its expiryAt unpaid.</summary>
    public static Failure Expired() => new(FailureCode.Expired, "The invoice expired before it was paid.", null);

    private static string Describe(FailureCode failure, string? code) => (failure, code) switch
    {
        (FailureCode.InvalidAccount, _) => "IremboPay refused the payer's phone number.",
        (FailureCode.ProviderError, "PAYMENT_PROVIDER_ERROR") => "The mobile-money operator refused or failed the payment.",
        (FailureCode.ProviderError, "AUTHENTICATION_FAILED") => "IremboPay refused the account's secret key.",
        (FailureCode.ProviderError, _) => "IremboPay refused or failed the request.",
        _ => FailureMessages.For(failure),
    };
}
