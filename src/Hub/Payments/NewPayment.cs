using Connectors.Abstractions;
using Hub.Common;
using Hub.Routing;

namespace Hub.Payments;

/// <summary>A payment request after validation at the edge: amounts in minor units, phone in E.164.</summary>
internal sealed record NewPayment
{
    public required Money Amount { get; init; }

    public required PaymentMethod Method { get; init; }

    public string? Provider { get; init; }

    public string? Country { get; init; }

    public required PaymentPayer Payer { get; init; }

    public PaymentCard? Card { get; init; }

    public bool Capture { get; init; } = true;

    public int Installments { get; init; } = 1;

    public string? Description { get; init; }

    public string? ExternalId { get; init; }

    public Dictionary<string, string> Metadata { get; init; } = [];

    public int? ExpiresInSeconds { get; init; }

    public Uri? ReturnUrl { get; init; }

    public IReadOnlyDictionary<string, string> MethodOptions { get; init; } = new Dictionary<string, string>();

    public bool ThreeDSecure { get; init; }

    public string? TransactionReference { get; init; }

    public string? Notes { get; init; }

    /// <summary>Merchant ids (already parsed) and amounts; checked against the tenant by the creator.</summary>
    public IReadOnlyList<NewSplit> Splits { get; init; } = [];
}

internal sealed record NewSplit(string MerchantId, Guid? Merchant, long Amount, bool ChargeFees);

/// <summary>Reads and validates POST /v1/payments, collecting every problem at once.</summary>
internal static class NewPaymentReader
{
    // A currency's usual country, when neither the request nor the phone tells it.
    internal static readonly Dictionary<string, string> CurrencyCountry = new(StringComparer.Ordinal)
    {
        ["XAF"] = "CM", ["RWF"] = "RW", ["BRL"] = "BR", ["XOF"] = "CI", ["UGX"] = "UG", ["GHS"] = "GH",
    };

    public static Result<NewPayment> Read(BodyReader body)
    {
        var amount = body.Integer("amount", required: true, message: "must be an integer in minor units (5000 XAF is 5000, R$10,00 is 1000)");
        if (amount is <= 0)
        {
            body.AddError("amount", "must be > 0");
        }

        var currencyCode = body.String("currency", required: true, maxLength: 3);
        Currency? currency = null;
        if (currencyCode is not null && !Currency.TryFromCode(currencyCode, out currency))
        {
            body.AddError("currency", "must be a supported ISO 4217 code in upper case (XAF, RWF, BRL, USD, EUR…)");
        }

        var provider = body.String("provider", maxLength: 40);
        if (provider is not null && !Plugins.ConnectorIdRule.IsValid(provider))
        {
            // Which connectors exist is the plug-ins' word (GET /v1/connectors); routing says when one is not loaded.
            body.AddError("provider", "must be a connector id such as those GET /v1/connectors lists (a-z, 0-9 and _)");
        }

        var country = body.String("country", maxLength: 2);
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
        {
            body.AddError("country", "must be an ISO 3166-1 alpha-2 code in upper case (CM, RW, BR)");
        }

        var card = ReadCard(body);
        var method = ReadMethod(body, card is not null);
        var payerReader = body.Object("payer", required: method == PaymentMethod.MobileMoney);
        var defaultRegion = country ?? (currencyCode is not null && CurrencyCountry.TryGetValue(currencyCode, out var c) ? c : null);
        var (payer, phoneRegion) = ReadPayer(payerReader, method, defaultRegion);

        var splits = ReadSplits(body, amount);
        var methodOptions = method is { } m && m != PaymentMethod.Card
            ? body.StringMap(m.ToApiString(), maxEntries: 20, maxValueLength: 200) ?? []
            : [];
        var threeDSecure = body.Bool("threeDSecure") ?? false;
        var transactionReference = body.String("transactionReference", maxLength: 100);
        if (transactionReference is not null && transactionReference.Trim().Length == 0)
        {
            body.AddError("transactionReference", "must not be blank");
        }

        var notes = body.String("notes", maxLength: 1000);

        var capture = body.Bool("capture") ?? true;
        var installments = body.Integer("installments") ?? 1;
        if (installments is < 1 or > 24)
        {
            body.AddError("installments", "must be from 1 to 24");
        }

        var description = body.String("description", maxLength: 500);
        var externalId = body.String("externalId", maxLength: 255);
        var metadata = body.StringMap("metadata", maxEntries: 50, maxValueLength: 500) ?? [];
        var expiresIn = body.Integer("expiresInSeconds");
        if (expiresIn is < 60 or > 7 * 24 * 3600)
        {
            body.AddError("expiresInSeconds", "must be from 60 to 604800 (7 days)");
        }

        var returnUrlText = body.String("returnUrl", maxLength: 2000);
        Uri? returnUrl = null;
        if (returnUrlText is not null && (!Uri.TryCreate(returnUrlText, UriKind.Absolute, out returnUrl)
            || returnUrl.Scheme is not ("http" or "https")))
        {
            body.AddError("returnUrl", "must be an absolute http or https URL");
        }

        body.String("idempotencyKey", maxLength: 255);
        if (body.HasErrors || method is null)
        {
            return body.ToError();
        }

        return new NewPayment
        {
            Amount = new Money(amount!.Value, currency!),
            Method = method.Value,
            Provider = provider,
            Country = country ?? phoneRegion ?? defaultRegion,
            Payer = payer,
            Card = card,
            Capture = capture,
            Installments = (int)installments,
            Description = description,
            ExternalId = externalId,
            Metadata = metadata,
            ExpiresInSeconds = (int?)expiresIn,
            ReturnUrl = returnUrl,
            MethodOptions = methodOptions,
            ThreeDSecure = threeDSecure,
            TransactionReference = transactionReference?.Trim(),
            Notes = notes,
            Splits = splits,
        };
    }

    private static List<NewSplit> ReadSplits(BodyReader body, long? amount)
    {
        if (!body.Has("splits"))
        {
            return [];
        }

        if (body.Root.GetProperty("splits").ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            body.AddError("splits", "must be an array of { merchantId, amount, chargeFees }");
            return [];
        }

        var splits = new List<NewSplit>();
        var index = 0;
        foreach (var element in body.Root.GetProperty("splits").EnumerateArray())
        {
            var field = $"splits[{index++}]";
            if (element.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                body.AddError(field, "must be an object { merchantId, amount, chargeFees }");
                continue;
            }

            var merchantId = element.TryGetProperty("merchantId", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String ? m.GetString() : null;
            Guid? merchant = merchantId is not null && PublicId.TryParse(PublicId.Merchant, merchantId, out var g) ? g : null;
            if (merchant is null)
            {
                body.AddError(field + ".merchantId", "must be a merchant id (mch_…)");
            }

            long share = 0;
            if (!element.TryGetProperty("amount", out var a) || a.ValueKind != System.Text.Json.JsonValueKind.Number
                || !a.TryGetInt64(out share) || share <= 0)
            {
                body.AddError(field + ".amount", "must be an integer > 0 in minor units");
            }

            var chargeFees = element.TryGetProperty("chargeFees", out var f) && f.ValueKind == System.Text.Json.JsonValueKind.True;
            splits.Add(new NewSplit(merchantId ?? "", merchant, share, chargeFees));
        }

        if (splits.Count is 0 or > 10)
        {
            body.AddError("splits", "must hold 1 to 10 splits");
        }
        else if (amount is { } total && splits.Sum(x => x.Amount) != total)
        {
            body.AddError("splits", $"must sum to the amount exactly: {splits.Sum(x => x.Amount)} is not {total}");
        }
        else if (splits.Where(x => x.Merchant is not null).GroupBy(x => x.Merchant).Any(g => g.Count() > 1))
        {
            body.AddError("splits", "name each merchant once");
        }

        return splits;
    }

    private static PaymentMethod? ReadMethod(BodyReader body, bool hasCard)
    {
        var text = body.String("method", maxLength: 20);
        if (text is null)
        {
            if (hasCard)
            {
                return PaymentMethod.Card;
            }

            body.AddError("method", "is required: mobile_money, pix, card, bank_transfer or local_wallet");
            return null;
        }

        if (!PaymentMethodNames.TryParseApiString(text, out var method))
        {
            body.AddError("method", "must be mobile_money, pix, card, bank_transfer or local_wallet");
            return null;
        }

        return method;
    }

    /// <summary>The payer object, phone to E.164 (required for mobile money); also read by checkout sessions.</summary>
    internal static (PaymentPayer Payer, string? Region) ReadPayer(BodyReader? payer, PaymentMethod? method, string? defaultRegion)
    {
        if (payer is null)
        {
            return (new PaymentPayer(), null);
        }

        var phoneText = payer.String("phone", required: method == PaymentMethod.MobileMoney, maxLength: 32);
        string? phone = null, region = null;
        if (phoneText is not null)
        {
            if (PhoneNumberNormalizer.TryNormalize(phoneText, defaultRegion, out var e164, out region))
            {
                phone = e164;
            }
            else
            {
                payer.AddError("phone", "is not a valid phone number (use E.164, e.g. +237671234567, or give country)");
            }
        }

        var email = payer.String("email", maxLength: 254);
        if (email is not null && (!email.Contains('@', StringComparison.Ordinal) || email.Contains(' ', StringComparison.Ordinal)))
        {
            payer.AddError("email", "is not a valid e-mail address");
        }

        var documentNumber = payer.String("documentNumber", maxLength: 30);
        if (documentNumber is not null && !documentNumber.All(char.IsAsciiLetterOrDigit))
        {
            payer.AddError("documentNumber", "must contain digits (and letters) only");
        }

        return (new PaymentPayer
        {
            Phone = phone,
            Name = payer.String("name", maxLength: 200),
            Email = email,
            DocumentType = payer.String("documentType", maxLength: 20),
            DocumentNumber = documentNumber,
        }, region);
    }

    private static PaymentCard? ReadCard(BodyReader body)
    {
        var card = body.Object("card");
        if (card is null)
        {
            return null;
        }

        var number = card.String("number", required: true, maxLength: 19);
        if (number is not null && (number.Length < 13 || !number.All(char.IsAsciiDigit) || !PassesLuhn(number)))
        {
            card.AddError("number", "is not a valid card number");
        }

        var month = card.Integer("expMonth", required: true);
        if (month is < 1 or > 12)
        {
            card.AddError("expMonth", "must be from 1 to 12");
        }

        var year = card.Integer("expYear", required: true);
        if (year is < 2000 or > 2100)
        {
            card.AddError("expYear", "must be a four-digit year");
        }

        var cvc = card.String("cvc", maxLength: 4);
        if (cvc is not null && (cvc.Length < 3 || !cvc.All(char.IsAsciiDigit)))
        {
            card.AddError("cvc", "must be 3 or 4 digits");
        }

        var holder = card.String("holderName", maxLength: 100);
        return number is null || month is null || year is null
            ? null
            : new PaymentCard { Number = number, ExpMonth = (int)month, ExpYear = (int)year, Cvc = cvc, HolderName = holder };
    }

    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }
}
