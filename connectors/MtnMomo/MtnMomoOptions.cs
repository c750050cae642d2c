using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.MtnMomo;

/// <summary>
/// An account's MTN credentials and settings: the schema the hub validates and publishes, and the typed view of a
/// validated account. The credentials are secrets: <see cref="ToString"/> never prints them, and nothing logs them.
/// </summary>
internal sealed class MtnMomoOptions
{
    public const string ApiUserName = "apiUser";
    public const string ApiKeyName = "apiKey";
    public const string SubscriptionKeyName = "subscriptionKey";
    public const string TargetEnvironmentName = "targetEnvironment";
    public const string DisbursementSubscriptionKeyName = "disbursementSubscriptionKey";
    public const string DisbursementApiUserName = "disbursementApiUser";
    public const string DisbursementApiKeyName = "disbursementApiKey";

    /// <summary>MTN's sandbox environment, which settles EUR only (PROVIDERS §3.1).</summary>
    public const string DefaultTargetEnvironment = "sandbox";

    /// <summary>MTN's X-Target-Environment values: its sandbox, its production countries, and Rwanda's gateway.</summary>
    public static readonly IReadOnlyList<string> TargetEnvironments =
    [
        "sandbox", "mtncameroon", "mtnrwanda", "mtnuganda", "mtnghana", "mtnivorycoast", "mtnzambia", "mtnbenin",
        "mtncongo", "mtnswaziland", "mtnguineaconakry", "mtnsouthafrica", "mtnliberia",
    ];

    /// <summary>
    /// What an MTN account carries. The examples are sandbox values the MTN simulator accepts (it takes any key but
    /// "invalid" for an API user it never provisioned).
    /// </summary>
    public static readonly AccountSchema Schema = new()
    {
        Credentials =
        [
            AccountFields.Credential(ApiUserName,
                "The API user, a UUID (in the sandbox created with POST /v1_0/apiuser)", "3f2c7a0e-5b1d-4c8e-9a6f-0d4e2b7c1a95"),
            AccountFields.Credential(ApiKeyName,
                "The API user's key (POST /v1_0/apiuser/{apiUser}/apikey)", "f1db798c98df4bcf83b538175893bbf0"),
            AccountFields.Credential(SubscriptionKeyName,
                "The collection product's Ocp-Apim-Subscription-Key", "0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
            AccountFields.Credential(DisbursementSubscriptionKeyName,
                "The disbursement product's Ocp-Apim-Subscription-Key, for payouts and refunds (without it they are refused)",
                "9f8e7d6c5b4a39281706f5e4d3c2b1a0", required: false),
            AccountFields.Credential(DisbursementApiUserName,
                "The disbursement product's API user, when it is not apiUser", required: false),
            AccountFields.Credential(DisbursementApiKeyName,
                "The disbursement API user's key, when the user is not apiUser", required: false),
        ],
        Settings =
        [
            AccountFields.Setting(TargetEnvironmentName,
                "X-Target-Environment: sandbox (EUR only), or the MTN country the account is live in",
                DefaultTargetEnvironment, TargetEnvironments, example: "mtncameroon"),
        ],
    };

    private MtnMomoOptions(string apiUser, string apiKey, string subscriptionKey, string targetEnvironment)
    {
        ApiUser = apiUser;
        ApiKey = apiKey;
        SubscriptionKey = subscriptionKey;
        TargetEnvironment = targetEnvironment;
        DisbursementApiUser = apiUser;
        DisbursementApiKey = apiKey;
    }

    /// <summary>The API user (a UUID MTN issued or the sandbox provisioning created).</summary>
    public string ApiUser { get; }

    /// <summary>The API user's key.</summary>
    public string ApiKey { get; }

    /// <summary>The collection product's Ocp-Apim-Subscription-Key, sent on every call.</summary>
    public string SubscriptionKey { get; }

    /// <summary>X-Target-Environment: "sandbox", "mtncameroon", "mtnrwanda", …</summary>
    public string TargetEnvironment { get; }

    /// <summary>The disbursement product's subscription key, or null: then payouts and refunds are refused unsent.</summary>
    public string? DisbursementSubscriptionKey { get; private init; }

    /// <summary>The disbursement API user: disbursementApiUser, else apiUser.</summary>
    public string DisbursementApiUser { get; private init; }

    /// <summary>The disbursement API user's key: disbursementApiKey, else apiKey.</summary>
    public string DisbursementApiKey { get; private init; }

    /// <summary>Reads a validated account; an account the schema refuses here is the hub's bug, so it throws.</summary>
    public static MtnMomoOptions From(ConnectorAccount account)
    {
        var errors = Schema.Validate(account.Credentials, account.Settings);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"MTN MoMo account {account.Id} is not valid: {string.Join(", ", errors.Select(e => $"{e.Field} {e.Message}"))}");
        }

        var apiUser = account.RequiredCredential(ApiUserName);
        var apiKey = account.RequiredCredential(ApiKeyName);
        return new MtnMomoOptions(apiUser, apiKey, account.RequiredCredential(SubscriptionKeyName),
            account.SettingOrDefault(Schema.Settings[0]) ?? DefaultTargetEnvironment)
        {
            DisbursementSubscriptionKey = Present(account, DisbursementSubscriptionKeyName),
            DisbursementApiUser = Present(account, DisbursementApiUserName) ?? apiUser,
            DisbursementApiKey = Present(account, DisbursementApiKeyName) ?? apiKey,
        };
    }

    /// <summary>
    /// A separate disbursement API user needs its key, and a key needs its user: one without the other would mix two
    /// users' credentials.
    /// </summary>
    public static IReadOnlyList<AccountValidationError> ValidateDisbursementUser(ConnectorAccount account) =>
        (Present(account, DisbursementApiUserName), Present(account, DisbursementApiKeyName)) switch
        {
            (not null, null) => [new AccountValidationError($"credentials.{DisbursementApiKeyName}",
                $"is required when credentials.{DisbursementApiUserName} is set")],
            (null, not null) => [new AccountValidationError($"credentials.{DisbursementApiUserName}",
                $"is required when credentials.{DisbursementApiKeyName} is set")],
            _ => [],
        };

    private static string? Present(ConnectorAccount account, string name) =>
        account.Credential(name) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>Never prints a credential.</summary>
    public override string ToString() => $"MtnMomoOptions {{ TargetEnvironment = {TargetEnvironment} }}";
}
