using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Pix;

/// <summary>
/// An account's Pix credentials and settings: the schema the hub validates and publishes, and the typed view of a
/// validated account. The client certificate (mTLS) is the hub's: it builds the account's HTTP client with it, so the
/// connector never sees it. <see cref="ToString"/> never prints a credential.
/// </summary>
internal sealed class PixOptions
{
    public const string ClientIdName = "clientId";
    public const string ClientSecretName = "clientSecret";
    public const string CallbackSecretName = CallbackSecrets.CurrentCredential;
    public const string PixKeyName = "pixKey";
    public const string MerchantNameName = "merchantName";
    public const string MerchantCityName = "merchantCity";
    public const string TokenPathName = "tokenPath";

    /// <summary>The spec's example key (a random EVP key), which the simulator takes like any other.</summary>
    public const string ExamplePixKey = "7d9f0335-8dcc-4054-9bf9-0dbd61d36906";

    /// <summary>The scopes of every call the connector makes (PROVIDERS §7.1).</summary>
    public const string Scopes = "cob.write cob.read pix.write pix.read webhook.write webhook.read";

    private static readonly AccountField TokenPathField = AccountFields.Setting(TokenPathName,
        "The PSP's OAuth2 token path under the base URL, or its absolute URL (some PSPs host it elsewhere)", "/oauth/token");

    /// <summary>What a Pix account carries.</summary>
    public static readonly AccountSchema Schema = new()
    {
        Credentials =
        [
            AccountFields.Credential(ClientIdName, "The PSP-issued OAuth2 client id (Basic user of the token call)",
                "pix-sandbox-client"),
            AccountFields.Credential(ClientSecretName, "The PSP-issued OAuth2 client secret", "pix-sandbox-secret"),
            AccountFields.Credential(CallbackSecretName,
                "A random token of yours the connector puts in the webhook URL it registers (?hmac=…); the hub checks "
                + "it on every webhook, in constant time", "whsec_pix_sandbox_0001"),
            .. CallbackSecrets.RotationCredentials(),
        ],
        Settings =
        [
            AccountFields.Setting(PixKeyName, "The merchant's Pix key (chave) that receives the charges", example: ExamplePixKey,
                required: true),
            AccountFields.Setting(MerchantNameName,
                "The merchant's name in the BR Code (field 59): at most 25 ASCII characters", example: "LOJA DEMO",
                required: true),
            AccountFields.Setting(MerchantCityName,
                "The merchant's city in the BR Code (field 60): at most 15 ASCII characters", example: "SAO PAULO",
                required: true),
            TokenPathField,
            .. CallbackSecrets.RotationSettings(),
        ],
        // The PSPs require mTLS in production; their sandboxes (and the simulator, unless told) do not. A live account
        // without a certificate is refused by ValidateAccount.
        ClientCertificate = ClientCertificateUse.Optional,
    };

    private PixOptions(string clientId, string clientSecret, string pixKey, string merchantName, string merchantCity, string tokenPath)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
        PixKey = pixKey;
        MerchantName = merchantName;
        MerchantCity = merchantCity;
        TokenPath = tokenPath;
    }

    public string ClientId { get; }

    public string ClientSecret { get; }

    /// <summary>The chave of every charge and of the webhook registration.</summary>
    public string PixKey { get; }

    /// <summary>BR Code field 59, already made ASCII and cut to 25.</summary>
    public string MerchantName { get; }

    /// <summary>BR Code field 60, already made ASCII and cut to 15.</summary>
    public string MerchantCity { get; }

    public string TokenPath { get; }

    /// <summary>Reads a validated account; an account the schema refuses here is the hub's bug, so it throws.</summary>
    public static PixOptions From(ConnectorAccount account)
    {
        var errors = Schema.Validate(account.Credentials, account.Settings);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"Pix account {account.Id} is not valid: {string.Join(", ", errors.Select(e => $"{e.Field} {e.Message}"))}");
        }

        return new PixOptions(account.RequiredCredential(ClientIdName), account.RequiredCredential(ClientSecretName),
            account.Setting(PixKeyName)!.Trim(), PixBrCode.Ascii(account.Setting(MerchantNameName)!, 25),
            PixBrCode.Ascii(account.Setting(MerchantCityName)!, 15), account.SettingOrDefault(TokenPathField)!);
    }

    /// <summary>What the schema cannot say: a live account presents a certificate; name and city are printable.</summary>
    public static IReadOnlyList<AccountValidationError> Validate(ConnectorAccount account)
    {
        var errors = new List<AccountValidationError>(CallbackSecrets.Validate(account));
        if (account.Environment == ConnectorEnvironment.Live
            && string.IsNullOrWhiteSpace(account.Credential(AccountSchema.ClientCertificateCredential)))
        {
            errors.Add(new AccountValidationError($"credentials.{AccountSchema.ClientCertificateCredential}",
                "is required for a live Pix account: the PSP's API takes mTLS only"));
        }

        foreach (var name in new[] { MerchantNameName, MerchantCityName })
        {
            if (account.Setting(name) is { Length: > 0 } value && PixBrCode.Ascii(value, 99).Length == 0)
            {
                errors.Add(new AccountValidationError($"settings.{name}", "must have letters or digits"));
            }
        }

        return errors;
    }

    /// <summary>Never prints a credential.</summary>
    public override string ToString() => $"PixOptions {{ MerchantName = {MerchantName}, MerchantCity = {MerchantCity} }}";
}
