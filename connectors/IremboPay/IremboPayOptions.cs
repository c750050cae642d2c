using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.IremboPay;

/// <summary>
/// An account's IremboPay credentials and settings: the schema the hub validates and publishes, and the typed view of a
/// validated account. The credentials are secrets: <see cref="ToString"/> never prints them, and nothing logs them.
/// </summary>
internal sealed class IremboPayOptions
{
    public const string SecretKeyName = "secretKey";
    public const string CallbackSecretName = CallbackSecrets.CurrentCredential;
    public const string PaymentAccountIdentifierName = "paymentAccountIdentifier";
    public const string PaymentItemCodeName = "paymentItemCode";
    public const string PhoneFormatName = "phoneFormat";

    public const string LocalPhoneFormat = "local";
    public const string InternationalPhoneFormat = "international";

    /// <summary>
    /// A sandbox secret key the IremboPay simulator accepts (any but "invalid"). The callback secret's example is the
    /// same value: IremboPay signs its notifications with the account's secret key, and so does the simulator.
    /// </summary>
    public const string ExampleSecretKey = "sk_sandbox_irembopay_demo_0001";

    private static readonly AccountField PhoneFormatField = AccountFields.Setting(PhoneFormatName,
        "How the payer's phone goes on the wire: local (0788123456) or international (250788123456)",
        LocalPhoneFormat, [LocalPhoneFormat, InternationalPhoneFormat]);

    /// <summary>What an IremboPay account carries.</summary>
    public static readonly AccountSchema Schema = new()
    {
        Credentials =
        [
            AccountFields.Credential(SecretKeyName,
                "The IremboPay secret key, sent as irembopay-secretKey on every call", ExampleSecretKey),
            AccountFields.Credential(CallbackSecretName,
                "The key payment notifications are signed with (irembopay-signature): IremboPay signs with the account's "
                + "secret key, so this is the secret key's value unless IremboPay issued a separate one", ExampleSecretKey),
            .. CallbackSecrets.RotationCredentials(),
        ],
        Settings =
        [
            AccountFields.Setting(PaymentAccountIdentifierName,
                "The merchant's IremboPay payment account, which fixes the invoice currency (RWF)", example: "TST-RWF",
                required: true),
            AccountFields.Setting(PaymentItemCodeName,
                "The portal product every invoice bills (paymentItems[0].code)", example: "PC-aaf751b73f", required: true),
            PhoneFormatField,
            .. CallbackSecrets.RotationSettings(),
        ],
    };

    private IremboPayOptions(string secretKey, string paymentAccountIdentifier, string paymentItemCode, bool internationalPhones)
    {
        SecretKey = secretKey;
        PaymentAccountIdentifier = paymentAccountIdentifier;
        PaymentItemCode = paymentItemCode;
        InternationalPhones = internationalPhones;
    }

    /// <summary>irembopay-secretKey.</summary>
    public string SecretKey { get; }

    /// <summary>"TST-RWF".</summary>
    public string PaymentAccountIdentifier { get; }

    /// <summary>"PC-aaf751b73f".</summary>
    public string PaymentItemCode { get; }

    /// <summary>Whether phones go as 2507… (else 07…).</summary>
    public bool InternationalPhones { get; }

    /// <summary>Reads a validated account; an account the schema refuses here is the hub's bug, so it throws.</summary>
    public static IremboPayOptions From(ConnectorAccount account)
    {
        var errors = Schema.Validate(account.Credentials, account.Settings);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"IremboPay account {account.Id} is not valid: {string.Join(", ", errors.Select(e => $"{e.Field} {e.Message}"))}");
        }

        return new IremboPayOptions(account.RequiredCredential(SecretKeyName),
            account.Setting(PaymentAccountIdentifierName)!, account.Setting(PaymentItemCodeName)!,
            account.SettingOrDefault(PhoneFormatField) == InternationalPhoneFormat);
    }

    /// <summary>Never prints a credential.</summary>
    public override string ToString() =>
        $"IremboPayOptions {{ PaymentAccountIdentifier = {PaymentAccountIdentifier}, PaymentItemCode = {PaymentItemCode} }}";
}
