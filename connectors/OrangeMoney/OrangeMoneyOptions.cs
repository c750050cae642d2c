using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.OrangeMoney;

/// <summary>
/// An account's Orange Money credentials and settings: the schema the hub validates and publishes, and the typed view
/// of a validated account. The credentials are secrets: <see cref="ToString"/> never prints them, and nothing logs them.
/// </summary>
internal sealed class OrangeMoneyOptions
{
    public const string ConsumerKeyName = "consumerKey";
    public const string ConsumerSecretName = "consumerSecret";
    public const string ApiUserName = "apiUser";
    public const string ApiPasswordName = "apiPassword";
    public const string PinName = "pin";
    public const string ChannelUserMsisdnName = "channelUserMsisdn";

    /// <summary>
    /// What an Orange Money account carries. The examples are sandbox values the Orange simulator accepts (any value
    /// but <c>invalid</c>, which gets Orange's authentication error).
    /// </summary>
    public static readonly AccountSchema Schema = new()
    {
        Credentials =
        [
            AccountFields.Credential(ConsumerKeyName,
                "The WSO2 application's consumer key (Basic user of POST /token)", "ZpS8dUqZ3bUgnTq0t4vd0bEkRUka"),
            AccountFields.Credential(ConsumerSecretName,
                "The WSO2 application's consumer secret (Basic password of POST /token)", "Ut7qwPfKQ1Yb2gxqk6fhKGOyBzsa"),
            AccountFields.Credential(ApiUserName,
                "The channel user's API user name (X-AUTH-TOKEN user)", "OMSANDBOXUSER"),
            AccountFields.Credential(ApiPasswordName,
                "The channel user's API password (X-AUTH-TOKEN password)", "SandboxPassword2026"),
            AccountFields.Credential(PinName, "The channel user's PIN, sent with every mp/pay and cashin/pay", "2222"),
        ],
        Settings =
        [
            AccountFields.Setting(ChannelUserMsisdnName,
                "The merchant's channel-user number, 9 digits as Orange writes it (691234567)",
                example: "691234567", required: true),
        ],
    };

    private OrangeMoneyOptions(string consumerKey, string consumerSecret, string apiUser, string apiPassword, string pin,
        string channelUserMsisdn)
    {
        ConsumerKey = consumerKey;
        ConsumerSecret = consumerSecret;
        ApiUser = apiUser;
        ApiPassword = apiPassword;
        Pin = pin;
        ChannelUserMsisdn = channelUserMsisdn;
    }

    public string ConsumerKey { get; }

    public string ConsumerSecret { get; }

    public string ApiUser { get; }

    public string ApiPassword { get; }

    public string Pin { get; }

    /// <summary>9 digits, "691234567".</summary>
    public string ChannelUserMsisdn { get; }

    /// <summary>Formats the schema cannot say: the channel user's number is a 9-digit Cameroon number.</summary>
    public static IReadOnlyList<AccountValidationError> Validate(ConnectorAccount account) =>
        account.Setting(ChannelUserMsisdnName) is { Length: > 0 } msisdn && !OrangeMoneyMapping.IsLocalMsisdn(msisdn)
            ? [new AccountValidationError($"settings.{ChannelUserMsisdnName}", "must be 9 digits starting with 6 (691234567)")]
            : [];

    /// <summary>Reads a validated account; an account the schema refuses here is the hub's bug, so it throws.</summary>
    public static OrangeMoneyOptions From(ConnectorAccount account)
    {
        var errors = Schema.Validate(account.Credentials, account.Settings).Concat(Validate(account)).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"Orange Money account {account.Id} is not valid: {string.Join(", ", errors.Select(e => $"{e.Field} {e.Message}"))}");
        }

        return new OrangeMoneyOptions(account.RequiredCredential(ConsumerKeyName), account.RequiredCredential(ConsumerSecretName),
            account.RequiredCredential(ApiUserName), account.RequiredCredential(ApiPasswordName),
            account.RequiredCredential(PinName), account.Setting(ChannelUserMsisdnName)!);
    }

    /// <summary>Never prints a credential.</summary>
    public override string ToString() => "OrangeMoneyOptions { }";
}
