using System.Text.Json;
using Connectors.Abstractions;
using Hub.Common;
using Hub.Payments;

namespace Hub.Checkout;

/// <summary>A checkout session request after validation at the edge.</summary>
internal sealed record NewCheckoutSession(
    Money Amount, Uri ReturnUrl, string? Description, string? ExternalId, IReadOnlyList<PaymentMethod> Methods,
    CheckoutPayer? Payer, TimeSpan ExpiresIn);

/// <summary>Reads and validates POST /v1/checkout-sessions, collecting every problem at once (as payments do).</summary>
internal static class NewCheckoutSessionReader
{
    /// <summary>The methods the hosted page can run a step for.</summary>
    public static readonly IReadOnlyList<PaymentMethod> PageMethods = [PaymentMethod.MobileMoney, PaymentMethod.Pix, PaymentMethod.Card];

    // As Stripe Checkout: from 30 minutes to 24 hours, 24 hours unless told.
    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromHours(24);

    public static Result<NewCheckoutSession> Read(BodyReader body)
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

        var returnUrlText = body.String("returnUrl", required: true, maxLength: 2000);
        Uri? returnUrl = null;
        if (returnUrlText is not null && (!Uri.TryCreate(returnUrlText, UriKind.Absolute, out returnUrl)
            || returnUrl.Scheme is not ("http" or "https") || returnUrl.Fragment.Length > 0))
        {
            body.AddError("returnUrl", "must be an absolute http or https URL without a #fragment");
        }

        var description = body.String("description", maxLength: 500);
        var externalId = body.String("externalId", maxLength: 255);
        var methods = ReadMethods(body);
        var payer = ReadPayer(body, currencyCode);
        var expiresIn = body.Integer("expiresInSeconds");
        if (expiresIn is < 1800 or > 86400)
        {
            body.AddError("expiresInSeconds", "must be from 1800 (30 minutes) to 86400 (24 hours)");
        }

        body.String("idempotencyKey", maxLength: 255);
        if (body.HasErrors)
        {
            return body.ToError();
        }

        return new NewCheckoutSession(new Money(amount!.Value, currency!), returnUrl!, description, externalId, methods, payer,
            expiresIn is { } s ? TimeSpan.FromSeconds(s) : DefaultExpiry);
    }

    private static List<PaymentMethod> ReadMethods(BodyReader body)
    {
        if (!body.Has("methods"))
        {
            return [];
        }

        var element = body.Root.GetProperty("methods");
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() is 0 or > 10)
        {
            body.AddError("methods", "must be a non-empty array of mobile_money, pix or card");
            return [];
        }

        var methods = new List<PaymentMethod>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var field = $"methods[{index++}]";
            if (item.ValueKind != JsonValueKind.String || !PaymentMethodNames.TryParseApiString(item.GetString()!, out var method)
                || !PageMethods.Contains(method))
            {
                body.AddError(field, "must be mobile_money, pix or card (the methods the hosted page runs)");
                continue;
            }

            if (!methods.Contains(method))
            {
                methods.Add(method);
            }
        }

        return methods;
    }

    private static CheckoutPayer? ReadPayer(BodyReader body, string? currencyCode)
    {
        var payer = body.Object("payer");
        if (payer is null)
        {
            return null;
        }

        // The payment edge's own reading: the page's payment will carry this payer.
        var region = currencyCode is not null && NewPaymentReader.CurrencyCountry.TryGetValue(currencyCode, out var c) ? c : null;
        var (read, _) = NewPaymentReader.ReadPayer(payer, null, region);
        return new CheckoutPayer(read.Phone, read.Name, read.Email, read.DocumentType, read.DocumentNumber);
    }
}
