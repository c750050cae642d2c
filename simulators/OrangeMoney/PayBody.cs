using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Simulators.OrangeMoney;

/// <summary>The body of mp/pay and cashin/pay, checked as Orange checks it [S]: every value a string, 9-digit local
/// numbers, an XAF amount in whole francs, an absolute notifUrl.</summary>
internal sealed record PayBody(
    string? NotifUrl,
    string ChannelUserMsisdn,
    string Amount,
    long AmountMinor,
    string SubscriberMsisdn,
    string OrderId,
    string? Description,
    string PayToken)
{
    private static readonly string[] Required = ["channelUserMsisdn", "amount", "subscriberMsisdn", "pin", "orderId", "payToken"];

    public static bool TryParse(string json, [NotNullWhen(true)] out PayBody? body, out string problem)
    {
        body = null;
        problem = "";
        Dictionary<string, string?> fields;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "The body must be a JSON object.";
                return false;
            }

            fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    problem = $"{property.Name} must be a string.";
                    return false;
                }

                fields[property.Name] = property.Value.GetString();
            }
        }
        catch (JsonException)
        {
            problem = "The body is not valid JSON.";
            return false;
        }

        foreach (var name in Required)
        {
            if (string.IsNullOrEmpty(fields.GetValueOrDefault(name)))
            {
                problem = $"{name} is required.";
                return false;
            }
        }

        var amount = fields["amount"]!;
        if (amount.Length > 15 || !amount.All(char.IsAsciiDigit) || !long.TryParse(amount, CultureInfo.InvariantCulture, out var minor) || minor <= 0)
        {
            problem = "amount must be a whole number of XAF, as a string.";
            return false;
        }

        foreach (var name in (string[])["channelUserMsisdn", "subscriberMsisdn"])
        {
            if (fields[name] is not { Length: 9 } msisdn || !msisdn.All(char.IsAsciiDigit))
            {
                problem = $"{name} must be a 9-digit local number.";
                return false;
            }
        }

        var notifUrl = fields.GetValueOrDefault("notifUrl");
        if (!string.IsNullOrEmpty(notifUrl)
            && (!Uri.TryCreate(notifUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            problem = "notifUrl must be an absolute http(s) URL.";
            return false;
        }

        body = new PayBody(string.IsNullOrEmpty(notifUrl) ? null : notifUrl, fields["channelUserMsisdn"]!, amount, minor,
            fields["subscriberMsisdn"]!, fields["orderId"]!, fields.GetValueOrDefault("description"), fields["payToken"]!);
        return true;
    }
}
