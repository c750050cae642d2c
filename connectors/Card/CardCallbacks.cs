using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.Card;

/// <summary>
/// Cielo's Notification Post: <c>{"RecurrentPaymentId","PaymentId","ChangeType"}</c> (ChangeType a number or a string),
/// posted to one static URL, unsigned. Only the static custom headers registered with Cielo can be checked; a
/// notification is always a hint, and the hub fetches the sale (ChangeType 7, a chargeback, included).
/// </summary>
internal static class CardCallbacks
{
    /// <summary>Step 1: the sale the notification names, by Cielo's PaymentId (the payment's provider transaction id).</summary>
    public static CallbackParse Read(CallbackRequest request)
    {
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return new CallbackParse.Malformed($"Cielo posts its notifications, it does not {request.Method} them");
        }

        return Parse(request) is { } notification
            ? new CallbackParse.About(new CallbackReference(CallbackSubject.Payment, notification.PaymentId))
            : new CallbackParse.Malformed("the body is not a Cielo notification ({\"PaymentId\":\"<guid>\",\"ChangeType\":<n>})");
    }

    /// <summary>
    /// Step 2: the account's static headers, if it has any (constant time), then a payment of this account with that
    /// PaymentId: a <see cref="CallbackVerification.Hint"/> to fetch it. No event id: the same body comes for each change
    /// of a chargeback (opened, then lost), and each must be fetched.
    /// </summary>
    public static CallbackVerification Verify(ConnectorContext context, CallbackRequest request, IReadOnlyList<CallbackObject> objects)
    {
        if (Parse(request) is not { } notification)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed, "the body is not a Cielo notification");
        }

        var options = CardOptions.From(context.Account);
        foreach (var (name, expected) in options.NotificationHeaders)
        {
            var actual = request.Header(name);
            if (actual is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected)))
            {
                return new CallbackVerification.Rejected(CallbackRejection.SignatureInvalid,
                    $"the notification's static header {name} is missing or wrong: check the headers registered with Cielo");
            }
        }

        var target = objects.FirstOrDefault(o => o.Subject == CallbackSubject.Payment && o.Matches(notification.PaymentId));
        return target is null
            ? new CallbackVerification.Rejected(CallbackRejection.UnknownReference, "no payment of this account has this PaymentId")
            : new CallbackVerification.Hint([new CallbackReference(CallbackSubject.Payment, target.ProviderReference)]);
    }

    /// <summary>The PaymentId (a GUID) and the ChangeType (a positive number, or a string of one); null when not both.</summary>
    public static (string PaymentId, int ChangeType)? Parse(CallbackRequest request)
    {
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            string? paymentId = null;
            int? changeType = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("PaymentId") || string.Equals(property.Name, "PaymentId", StringComparison.OrdinalIgnoreCase))
                {
                    paymentId = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                }
                else if (string.Equals(property.Name, "ChangeType", StringComparison.OrdinalIgnoreCase))
                {
                    changeType = property.Value.ValueKind switch
                    {
                        JsonValueKind.Number when property.Value.TryGetInt32(out var n) => n,
                        JsonValueKind.String when int.TryParse(property.Value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
                        _ => null,
                    };
                }
            }

            return paymentId is not null && Guid.TryParse(paymentId, out _) && changeType is > 0
                ? (paymentId, changeType.Value)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
