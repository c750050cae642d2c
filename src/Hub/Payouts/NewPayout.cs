using Connectors.Abstractions;
using Hub.Common;
using Hub.Payments;
using Hub.Routing;

namespace Hub.Payouts;

/// <summary>A payout request after validation at the edge.</summary>
internal sealed record NewPayout(
    Money Amount, PaymentMethod Method, string? Provider, string? Country, string? Phone, string? PixKey, string? Name,
    string? Description, string? ExternalId, Dictionary<string, string> Metadata);

/// <summary>Reads and validates POST /v1/payouts, collecting every problem at once.</summary>
internal static class NewPayoutReader
{
    public static Result<NewPayout> Read(BodyReader body)
    {
        var amount = body.Integer("amount", required: true, message: "must be an integer in minor units");
        if (amount is <= 0)
        {
            body.AddError("amount", "must be > 0");
        }

        var currencyCode = body.String("currency", required: true, maxLength: 3);
        Currency? currency = null;
        if (currencyCode is not null && !Currency.TryFromCode(currencyCode, out currency))
        {
            body.AddError("currency", "must be a supported ISO 4217 code in upper case (XAF, RWF, BRL…)");
        }

        var methodText = body.String("method", required: true, maxLength: 20);
        PaymentMethod? method = null;
        if (methodText is not null)
        {
            if (PaymentMethodNames.TryParseApiString(methodText, out var m) && m is PaymentMethod.MobileMoney or PaymentMethod.Pix)
            {
                method = m;
            }
            else
            {
                body.AddError("method", "must be mobile_money or pix");
            }
        }

        var provider = body.String("provider", maxLength: 40);
        if (provider is not null && !Plugins.ConnectorIdRule.IsValid(provider))
        {
            body.AddError("provider", "must be a connector id such as those GET /v1/connectors lists (a-z, 0-9 and _)");
        }

        var region = currencyCode is not null && NewPaymentReader.CurrencyCountry.TryGetValue(currencyCode, out var c) ? c : null;
        var recipient = body.Object("recipient", required: true);
        string? phone = null, pixKey = null, name = null, phoneRegion = null;
        if (recipient is not null)
        {
            var phoneText = recipient.String("phone", required: method == PaymentMethod.MobileMoney, maxLength: 32);
            if (phoneText is not null)
            {
                if (PhoneNumberNormalizer.TryNormalize(phoneText, region, out var e164, out phoneRegion))
                {
                    phone = e164;
                }
                else
                {
                    recipient.AddError("phone", "is not a valid phone number (use E.164, e.g. +237671234567)");
                }
            }

            pixKey = recipient.String("pixKey", required: method == PaymentMethod.Pix, maxLength: 77);
            name = recipient.String("name", maxLength: 200);
        }

        var description = body.String("description", maxLength: 500);
        var externalId = body.String("externalId", maxLength: 200);
        var metadata = body.StringMap("metadata", maxEntries: 50, maxValueLength: 500) ?? [];
        body.String("idempotencyKey", maxLength: 255);
        if (body.HasErrors || method is null)
        {
            return body.ToError();
        }

        return new NewPayout(new Money(amount!.Value, currency!), method.Value, provider, phoneRegion ?? region,
            phone, pixKey, name, description, externalId, metadata);
    }
}
