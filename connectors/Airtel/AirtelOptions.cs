using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Airtel;

/// <summary>
/// An account's Airtel Money credentials and settings: the schema the hub validates and publishes, and the typed view of
/// a validated account. The credentials are secrets: <see cref="ToString"/> never prints them, and nothing logs them.
/// </summary>
internal sealed class AirtelOptions
{
    public const string ClientIdName = "clientId";
    public const string ClientSecretName = "clientSecret";
    public const string CallbackSecretName = CallbackSecrets.CurrentCredential;
    public const string DisbursementPinName = "disbursementPin";
    public const string PinPublicKeyName = "pinEncryptionPublicKey";
    public const string CountryName = "country";
    public const string CurrencyName = "currency";
    public const string CollectionVersionName = "collectionApiVersion";

    /// <summary>The sandbox hash secret of PROVIDERS §5.3's test vector; the simulator's portal default is the same.</summary>
    public const string ExampleCallbackSecret = "airtel_cb_secret_example";

    /// <summary>
    /// A demo RSA-2048 public key (base64 DER SubjectPublicKeyInfo) for the simulator, which takes any non-empty base64
    /// PIN. A live account carries the key from the Airtel portal.
    /// </summary>
    public const string ExamplePinPublicKey =
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAiY9BOh0sYGPjgG1cFcB5M8TBO5+LLk4DewYB6qLoiMs4tFwWE5ZCeuyfKpFr7h5KdAeGu7Zwp1m+"
        + "eJAuwxcQEFUXXdpEjeiDbeAVmF7CDCmp1o2BBpkulvxoGzjf/HNz6svZaa5tEgmP6aehvu49GabQixqsTXGG2TsR7HxgBup/vxWFoxuT+N+Yc9UdLVrm"
        + "hI6IdhuWwcNUlwvgcMKCriWjtY/fKpCBDuKnYn/51kg5xC5rt3RvRIT01X6dJtmmJgaDy2AP25kzrP6bs8N3MJJDCryAJBTv22gehnt9C1CYaaye4VFM"
        + "suexnEX40olS6rS5onQx6x40br3Wp75UzQIDAQAB";

    internal static readonly AccountField CountryField = AccountFields.Setting(CountryName,
        "The Airtel operating country, sent as X-Country and in every body (ISO 3166-1 alpha-2)", "RW", ["RW"]);

    internal static readonly AccountField CurrencyField = AccountFields.Setting(CurrencyName,
        "The currency the account settles, sent as X-Currency and in every body (Airtel Rwanda: RWF)", "RWF", ["RWF"]);

    internal static readonly AccountField CollectionVersionField = AccountFields.Setting(CollectionVersionName,
        "The collection API the app is approved for: v1 (POST /merchant/v1/payments/) or v2 (/merchant/v2/payments/)",
        "v1", ["v1", "v2"]);

    internal static readonly AccountField PinPublicKeyField = AccountFields.Setting(PinPublicKeyName,
        "Airtel's RSA public key for the disbursement PIN (base64 DER or PEM, from the portal); payouts send "
        + "base64(RSA-PKCS#1(PIN)). Without it a sandbox account sends base64(PIN); a live one cannot pay out",
        example: ExamplePinPublicKey);

    /// <summary>What an Airtel Money account carries.</summary>
    public static readonly AccountSchema Schema = new()
    {
        Credentials =
        [
            AccountFields.Credential(ClientIdName, "The app's client_id (Airtel developer portal, Key Management)",
                "airtel-sandbox-client-0001"),
            AccountFields.Credential(ClientSecretName, "The app's client_secret", "airtel-sandbox-secret-0001"),
            AccountFields.Credential(CallbackSecretName,
                "The hash secret of \"callback with authentication\" (portal): callbacks must then carry a valid hash. "
                + "Leave empty when the option is off (callbacks are then only hints, always re-queried)",
                ExampleCallbackSecret, required: false),
            .. CallbackSecrets.RotationCredentials(),
            AccountFields.Credential(DisbursementPinName,
                "The disbursement wallet's 4-digit PIN, needed for payouts (sent encrypted, never logged)", "1234",
                required: false),
        ],
        Settings =
        [
            CountryField,
            CurrencyField,
            CollectionVersionField,
            PinPublicKeyField,
            .. CallbackSecrets.RotationSettings(),
        ],
    };

    private AirtelOptions(string clientId, string clientSecret, string country, string currency, string collectionVersion,
        string? pin, string? pinPublicKey)
    {
        ClientId = clientId;
        ClientSecret = clientSecret;
        Country = country;
        Currency = currency;
        CollectionVersion = collectionVersion;
        Pin = pin;
        PinPublicKey = pinPublicKey;
    }

    public string ClientId { get; }

    public string ClientSecret { get; }

    /// <summary>X-Country: "RW".</summary>
    public string Country { get; }

    /// <summary>X-Currency: "RWF".</summary>
    public string Currency { get; }

    /// <summary>"v1" or "v2".</summary>
    public string CollectionVersion { get; }

    /// <summary>The disbursement PIN, in clear; null when the account does not pay out.</summary>
    public string? Pin { get; }

    /// <summary>Airtel's PIN encryption key, when set.</summary>
    public string? PinPublicKey { get; }

    /// <summary>Reads a validated account; an account the schema refuses here is the hub's bug, so it throws.</summary>
    public static AirtelOptions From(ConnectorAccount account)
    {
        var errors = Schema.Validate(account.Credentials, account.Settings);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"Airtel account {account.Id} is not valid: {string.Join(", ", errors.Select(e => $"{e.Field} {e.Message}"))}");
        }

        return new AirtelOptions(account.RequiredCredential(ClientIdName), account.RequiredCredential(ClientSecretName),
            account.SettingOrDefault(CountryField)!, account.SettingOrDefault(CurrencyField)!,
            account.SettingOrDefault(CollectionVersionField)!, NullIfEmpty(account.Credential(DisbursementPinName)),
            NullIfEmpty(account.Setting(PinPublicKeyName)));
    }

    /// <summary>What the schema cannot say: the rotation window's format, the PIN's and the key's, a live payout's key.</summary>
    public static IReadOnlyList<AccountValidationError> Validate(ConnectorAccount account)
    {
        var errors = new List<AccountValidationError>(CallbackSecrets.Validate(account));
        var pin = account.Credential(DisbursementPinName);
        if (!string.IsNullOrEmpty(pin) && !pin.All(char.IsAsciiDigit))
        {
            errors.Add(new AccountValidationError($"credentials.{DisbursementPinName}", "must be digits only"));
        }

        var key = account.Setting(PinPublicKeyName);
        if (!string.IsNullOrWhiteSpace(key) && !AirtelPin.IsValidKey(key))
        {
            errors.Add(new AccountValidationError($"settings.{PinPublicKeyName}",
                "must be an RSA public key: base64 DER (SubjectPublicKeyInfo) or PEM"));
        }
        else if (string.IsNullOrWhiteSpace(key) && !string.IsNullOrEmpty(pin) && account.Environment == ConnectorEnvironment.Live)
        {
            errors.Add(new AccountValidationError($"settings.{PinPublicKeyName}",
                "is required on a live account with a disbursement PIN: Airtel takes the PIN RSA-encrypted only"));
        }

        return errors;
    }

    /// <summary>Never prints a credential.</summary>
    public override string ToString() =>
        $"AirtelOptions {{ Country = {Country}, Currency = {Currency}, CollectionVersion = {CollectionVersion}, Pin = {(Pin is null ? "none" : "****")} }}";

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
