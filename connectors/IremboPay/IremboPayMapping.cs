using System.Globalization;
using Connectors.Abstractions;

namespace Connectors.IremboPay;

/// <summary>Canonical ↔ IremboPay wire conversions.</summary>
internal static class IremboPayMapping
{
    public const string Mtn = "MTN";
    public const string Airtel = "AIRTEL";

    /// <summary>IremboPay's time format: "2026-11-22T19:00:00.000+02:00".</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    /// <summary>The national part of a Rwandan mobile number, "788123456", from E.164; null for any other number.</summary>
    public static string? RwandaMobile(string? e164)
    {
        if (e164 is not { Length: 13 } || !e164.StartsWith("+2507", StringComparison.Ordinal) || !e164[1..].All(char.IsAsciiDigit))
        {
            return null;
        }

        return e164[4..];
    }

    /// <summary>"+250788123456" → "0788123456" (local) or "250788123456" (international); null when not Rwandan.</summary>
    public static string? ToWirePhone(string? e164, bool international) =>
        RwandaMobile(e164) is { } national ? (international ? "250" : "0") + national : null;

    /// <summary>MTN for 078/079, AIRTEL for 072/073, null for any other number (PROVIDERS §2).</summary>
    public static string? PaymentProvider(string? e164) => RwandaMobile(e164) is { } national
        ? national[..2] switch
        {
            "78" or "79" => Mtn,
            "72" or "73" => Airtel,
            _ => null,
        }
        : null;

    /// <summary>A time in IremboPay's format, with the offset it carries.</summary>
    public static string FormatTime(DateTimeOffset time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses IremboPay's times (any ISO 8601 with an offset; none is UTC).</summary>
    public static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    /// <summary>The invoice for a payment: one line of the account's product for the whole amount, in major units.</summary>
    public static IremboPayInvoiceRequest ToInvoice(CreatePaymentRequest request, IremboPayOptions options) => new()
    {
        TransactionId = request.ProviderReference,
        PaymentAccountIdentifier = options.PaymentAccountIdentifier,
        PaymentItems =
        [
            new IremboPayPaymentItem
            {
                Code = options.PaymentItemCode,
                Quantity = 1,
                UnitAmount = decimal.Parse(request.Amount.ToMajorString(), CultureInfo.InvariantCulture),
            },
        ],
        ExpiryAt = request.ExpiresAt is { } expiresAt ? FormatTime(expiresAt) : null,
        Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
        Customer = new IremboPayCustomer
        {
            Email = request.Payer.Email,
            PhoneNumber = ToWirePhone(request.Payer.Phone, options.InternationalPhones),
            Name = request.Payer.Name,
        },
        Language = "EN",
    };

    /// <summary>An amount IremboPay reports in major units, in minor units of its currency; null when it is not one.</summary>
    public static Money? ToMoney(decimal? amount, string? currencyCode)
    {
        if (amount is not { } major || major < 0 || !Currency.TryFromCode(currencyCode, out var currency))
        {
            return null;
        }

        var scaled = major;
        for (var i = 0; i < currency.Exponent; i++)
        {
            scaled *= 10;
        }

        return scaled == decimal.Truncate(scaled) && scaled <= long.MaxValue ? new Money((long)scaled, currency) : null;
    }

    /// <summary>"Approve the prompt on +250788123456", for a pushed mobile-money invoice.</summary>
    public static NextAction ApproveOnPhone(string? e164) => new()
    {
        Type = NextActionType.ApproveOnPhone,
        Message = e164 is null ? "Approve the IremboPay prompt on your phone" : $"Approve the prompt on {e164}",
    };

    /// <summary>The hosted checkout page, for banks and cards; null when the invoice has no usable link.</summary>
    public static NextAction? Redirect(string? paymentLinkUrl, DateTimeOffset? expiresAt) =>
        Uri.TryCreate(paymentLinkUrl, UriKind.Absolute, out var url)
            ? new NextAction { Type = NextActionType.Redirect, Url = url, Message = "Pay on IremboPay's checkout page", ExpiresAt = expiresAt }
            : null;
}
