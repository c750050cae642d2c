using System.Globalization;
using Connectors.Abstractions;

namespace Connectors.Card;

/// <summary>From the hub's requests to Cielo's wire format and from Cielo's sales to the hub's results.</summary>
internal static class CardMapping
{
    private static readonly TimeSpan BrazilOffset = TimeSpan.FromHours(-3);

    // PROVIDERS §8.4: Elo and Hipercard before Visa (InfraPSP's 4389… cards are Elo).
    private static readonly string[] EloPrefixes =
    [
        "401178", "401179", "431274", "438935", "451416", "457393", "457631", "457632", "504175", "5067", "5090",
        "627780", "636297", "636368", "6504", "6505", "6507", "6509", "6516", "6550",
    ];

    private static readonly string[] HipercardPrefixes = ["606282", "3841"];

    /// <summary>The MerchantOrderId: the hub's id without its "_" (up to 50 alphanumerics).</summary>
    public static string Reference(string objectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        var reference = new string([.. objectId.Where(char.IsAsciiLetterOrDigit)]);
        return reference.Length is > 0 and <= 50
            ? reference
            : throw new ArgumentException($"'{objectId}' does not make a MerchantOrderId of 1 to 50 alphanumerics", nameof(objectId));
    }

    /// <summary>Cielo's Brand from the BIN; null when it is none Cielo takes.</summary>
    public static string? Brand(string number)
    {
        if (EloPrefixes.Any(p => number.StartsWith(p, StringComparison.Ordinal)))
        {
            return "Elo";
        }

        if (HipercardPrefixes.Any(p => number.StartsWith(p, StringComparison.Ordinal)))
        {
            return "Hipercard";
        }

        if (number.StartsWith("34", StringComparison.Ordinal) || number.StartsWith("37", StringComparison.Ordinal))
        {
            return "Amex";
        }

        if (number.Length >= 4 && int.TryParse(number[..2], CultureInfo.InvariantCulture, out var two)
            && int.TryParse(number[..4], CultureInfo.InvariantCulture, out var four) && (two is >= 51 and <= 55 || four is >= 2221 and <= 2720))
        {
            return "Master";
        }

        if (number.StartsWith('4'))
        {
            return "Visa";
        }

        return number.StartsWith("36", StringComparison.Ordinal) || number.StartsWith("38", StringComparison.Ordinal)
            || (number.Length >= 3 && number[..3] is "300" or "301" or "302" or "303" or "304" or "305")
            ? "Diners"
            : number.StartsWith("6011", StringComparison.Ordinal) || number.StartsWith("65", StringComparison.Ordinal) ? "Discover"
            : number.StartsWith("35", StringComparison.Ordinal) ? "JCB"
            : null;
    }

    /// <summary>The sale for <paramref name="request"/>; <paramref name="brand"/> from <see cref="Brand"/>.</summary>
    public static CieloSaleRequest ToSale(CreatePaymentRequest request, PaymentCard card, string brand) => new()
    {
        MerchantOrderId = request.ProviderReference,
        Customer = new CieloCustomer
        {
            // InfraPSP's sandbox reads fail_on_create here: Cielo has no description field.
            Name = request.Payer.Name,
            Identity = request.Payer.DocumentNumber,
            IdentityType = request.Payer.DocumentNumber is null ? null
                : request.Payer.DocumentType?.ToUpperInvariant() ?? (request.Payer.DocumentNumber.Length == 14 ? "CNPJ" : "CPF"),
        },
        Payment = new CieloPaymentRequest
        {
            Amount = request.Amount.Minor,
            Currency = request.Amount.Currency.Code,
            Installments = Math.Max(1, request.Installments),
            Capture = request.Capture,
            Authenticate = request.ThreeDSecure,
            ReturnUrl = request.ThreeDSecure ? request.ReturnUrl?.ToString() : null,
            CreditCard = new CieloCreditCard
            {
                CardNumber = card.Number,
                Holder = card.HolderName ?? request.Payer.Name ?? "",
                ExpirationDate = $"{card.ExpMonth:00}/{card.ExpYear:0000}",
                SecurityCode = card.Cvc,
                Brand = brand,
            },
        },
    };

    /// <summary>
    /// The result of a sale as Cielo shows it: the mapped status (the anti-fraud verdict first), Cielo's PaymentId as
    /// provider transaction id, the 3-D Secure redirect, the disputes, and the connector data.
    /// </summary>
    public static PaymentResult FromSale(CieloPayment payment, Currency currency)
    {
        var authenticating = payment.Status == 0 && payment.Authenticate == true && !string.IsNullOrEmpty(payment.AuthenticationUrl);
        var captured = payment.CapturedAmount is > 0 || !string.IsNullOrEmpty(payment.CapturedDate);
        var (status, failure) = CardStatusMap.Map(payment.Status, payment.ReturnCode, CardStatusMap.Fraud(payment.FraudAnalysis),
            captured, authenticating);
        var next = authenticating && Uri.TryCreate(payment.AuthenticationUrl, UriKind.Absolute, out var url)
            ? new NextAction { Type = NextActionType.Redirect, Url = url, Message = "Authenticate the card with its issuer (3-D Secure)." }
            : null;
        return PaymentResult.Known(status, payment.Status?.ToString(CultureInfo.InvariantCulture), failure, next, payment.PaymentId) with
        {
            ConnectorData = payment.PaymentId is { } id ? new CardData { Stage = CardStage.Created, PaymentId = id }.Serialize() : null,
            Chargebacks = Chargebacks(payment, currency),
        };
    }

    /// <summary>Payment.Chargebacks as reports; an entry without an id, an amount or a known status is left out.</summary>
    public static IReadOnlyList<ChargebackReport> Chargebacks(CieloPayment payment, Currency currency)
    {
        if (payment.Chargebacks is not { Count: > 0 } disputes)
        {
            return [];
        }

        var reports = new List<ChargebackReport>();
        foreach (var dispute in disputes)
        {
            if (dispute is { Id: { Length: > 0 } id, Amount: { } amount } && CardStatusMap.Chargeback(dispute.Status) is { } status)
            {
                reports.Add(new ChargebackReport
                {
                    ProviderReference = id,
                    Amount = new Money(amount, currency),
                    Status = status,
                    ReasonCode = dispute.ReasonCode,
                    Reason = dispute.ReasonMessage,
                    ProviderStatus = dispute.Status,
                    OpenedAt = ParseTime(dispute.Date),
                });
            }
        }

        return reports;
    }

    /// <summary>Cielo's "2026-12-01 21:14:05" (Brazil time, UTC-3) or an ISO 8601 time; null when neither.</summary>
    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, BrazilOffset);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
    }
}
