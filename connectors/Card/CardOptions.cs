using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Card;

/// <summary>
/// An account's Cielo credentials and settings: the schema the hub validates and publishes, and the typed view of a
/// validated account. The credentials are secrets: <see cref="ToString"/> never prints them, and nothing logs them.
/// </summary>
internal sealed class CardOptions
{
    public const string MerchantIdName = "merchantId";
    public const string MerchantKeyName = "merchantKey";
    public const string NotificationHeadersName = "notificationHeaders";
    public const string QueryBaseUrlName = "queryBaseUrl";

    /// <summary>A sandbox MerchantId the card simulator accepts (any GUID).</summary>
    public const string ExampleMerchantId = "4f6a1c2e-8b3d-4e5f-9a7b-1c2d3e4f5a6b";

    /// <summary>A sandbox MerchantKey the card simulator accepts (any but "invalid"): 40 characters, as Cielo's.</summary>
    public const string ExampleMerchantKey = "SANDBOXCARDDEMOKEY0000000000000000000001";

    private static readonly AccountField QueryBaseUrlField = AccountFields.Setting(QueryBaseUrlName,
        "Cielo's query host (https://apiquerysandbox.cieloecommerce.cielo.com.br in the sandbox, "
        + "https://apiquery.cieloecommerce.cielo.com.br live); absent: the account's base URL (the simulator serves both)");

    /// <summary>What a Cielo account carries.</summary>
    public static readonly AccountSchema Schema = new()
    {
        Credentials =
        [
            AccountFields.Credential(MerchantIdName, "The Cielo MerchantId (a GUID), sent as the MerchantId header", ExampleMerchantId),
            AccountFields.Credential(MerchantKeyName, "The Cielo MerchantKey (40 characters), sent as the MerchantKey header",
                ExampleMerchantKey),
            AccountFields.Credential(NotificationHeadersName,
                "The static headers (at most 3) registered with Cielo support for the Notification Post, as a JSON object "
                + "{\"X-Notify-Token\":\"…\"}; each must come with every notification. Absent: notifications are not checked "
                + "beyond their form (they are only hints: the sale is always fetched)", required: false),
        ],
        Settings = [QueryBaseUrlField],
    };

    private CardOptions(string merchantId, string merchantKey, string transactionBase, string queryBase,
        IReadOnlyDictionary<string, string> notificationHeaders)
    {
        MerchantId = merchantId;
        MerchantKey = merchantKey;
        TransactionBase = transactionBase;
        QueryBase = queryBase;
        NotificationHeaders = notificationHeaders;
    }

    public string MerchantId { get; }

    public string MerchantKey { get; }

    /// <summary>The transactions host (the account's base URL), ending without a slash.</summary>
    public string TransactionBase { get; }

    /// <summary>The query host, ending without a slash.</summary>
    public string QueryBase { get; }

    /// <summary>The static notification headers to require; empty: none.</summary>
    public IReadOnlyDictionary<string, string> NotificationHeaders { get; }

    /// <summary>Reads a validated account; an account the schema or <see cref="Validate"/> refuses here is the hub's bug.</summary>
    public static CardOptions From(ConnectorAccount account)
    {
        var errors = Schema.Validate(account.Credentials, account.Settings).Concat(Validate(account)).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"Cielo account {account.Id} is not valid: {string.Join(", ", errors.Select(e => $"{e.Field} {e.Message}"))}");
        }

        var query = account.SettingOrDefault(QueryBaseUrlField) is { } text ? new Uri(text) : account.BaseUrl;
        return new CardOptions(account.RequiredCredential(MerchantIdName), account.RequiredCredential(MerchantKeyName),
            Trim(account.BaseUrl), Trim(query), ReadHeaders(account.Credential(NotificationHeadersName)) ?? new Dictionary<string, string>());
    }

    /// <summary>What the schema cannot say: the MerchantId is a GUID, the query URL absolute, the headers a small JSON object.</summary>
    public static IReadOnlyList<AccountValidationError> Validate(ConnectorAccount account)
    {
        var errors = new List<AccountValidationError>();
        if (account.Credential(MerchantIdName) is { Length: > 0 } id && !Guid.TryParse(id, out _))
        {
            errors.Add(new AccountValidationError($"credentials.{MerchantIdName}", "must be a GUID (Cielo's MerchantId)"));
        }

        if (account.Setting(QueryBaseUrlName) is { Length: > 0 } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            errors.Add(new AccountValidationError($"settings.{QueryBaseUrlName}", "must be an absolute http(s) URL"));
        }

        if (account.Credential(NotificationHeadersName) is { Length: > 0 } headers && ReadHeaders(headers) is null)
        {
            errors.Add(new AccountValidationError($"credentials.{NotificationHeadersName}",
                "must be a JSON object of at most 3 header names and non-empty string values"));
        }

        return errors;
    }

    /// <summary>Never prints a credential.</summary>
    public override string ToString() => $"CardOptions {{ TransactionBase = {TransactionBase}, QueryBase = {QueryBase} }}";

    private static Dictionary<string, string>? ReadHeaders(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(json, CardJsonContext.Default.DictionaryStringString);
            return parsed is { Count: > 0 and <= 3 } && parsed.All(p => p.Key.Length > 0 && !string.IsNullOrEmpty(p.Value))
                ? new Dictionary<string, string>(parsed, StringComparer.OrdinalIgnoreCase)
                : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static string Trim(Uri uri) => uri.ToString().TrimEnd('/');
}
