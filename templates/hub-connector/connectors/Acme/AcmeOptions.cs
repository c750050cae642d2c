using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Acme;

/// <summary>
/// An account's Acme credentials: the schema the hub validates and publishes, and the typed view of a validated
/// account. The credentials are secrets: <see cref="ToString"/> never prints them, and nothing logs them.
/// </summary>
internal sealed class AcmeOptions
{
    public const string ApiKeyName = "apiKey";

    /// <summary>A sandbox API key the Acme simulator accepts (any but "invalid").</summary>
    public const string ExampleApiKey = "sk_sandbox_acme_0001";

    /// <summary>The secret the Acme simulator signs its callbacks with (its dashboard's "webhook secret").</summary>
    public const string ExampleCallbackSecret = "whsec_sandbox_acme_0001";

    /// <summary>What an Acme account carries.</summary>
    public static readonly AccountSchema Schema = new()
    {
        Credentials =
        [
            AccountFields.Credential(ApiKeyName, "The Acme API key, sent as a bearer token on every call", ExampleApiKey),
            AccountFields.Credential(CallbackSecrets.CurrentCredential,
                "The webhook secret Acme signs callbacks with (Acme-Signature)", ExampleCallbackSecret),
            .. CallbackSecrets.RotationCredentials(),
        ],
        Settings = [.. CallbackSecrets.RotationSettings()],
    };

    private AcmeOptions(string apiKey) => ApiKey = apiKey;

    /// <summary>The API key.</summary>
    public string ApiKey { get; }

    /// <summary>Reads a validated account; an account the schema refuses here is the hub's bug, so it throws.</summary>
    public static AcmeOptions From(ConnectorAccount account) => new(account.RequiredCredential(ApiKeyName));

    /// <summary>Never prints a credential.</summary>
    public override string ToString() => "AcmeOptions { ApiKey = *** }";
}
