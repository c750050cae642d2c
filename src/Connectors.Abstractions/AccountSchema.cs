namespace Connectors.Abstractions;

/// <summary>
/// One credential or setting a connector account carries, as the connector declares it. The hub validates accounts
/// against these declarations (400 naming each missing or bad field), publishes them in <c>GET /v1/connectors</c> so a
/// dashboard or a script can build the form, and fills demo accounts from <see cref="Example"/> or <see cref="Default"/>.
/// </summary>
public sealed record AccountField
{
    /// <summary>The name in the account's <c>credentials</c> or <c>settings</c> object: "apiKey", "targetEnvironment".</summary>
    public required string Name { get; init; }

    /// <summary>Whether an account without it is refused.</summary>
    public bool Required { get; init; } = true;

    /// <summary>What it is, for the person filling the form.</summary>
    public required string Description { get; init; }

    /// <summary>
    /// A value that works against the connector's simulator or sandbox (demo accounts use it). For a credential it is
    /// a sandbox value, never a live secret.
    /// </summary>
    public string? Example { get; init; }

    /// <summary>The value the connector assumes when the account has none (settings only).</summary>
    public string? Default { get; init; }

    /// <summary>When not empty, the only values accepted (compared exactly).</summary>
    public IReadOnlyList<string> AllowedValues { get; init; } = [];
}

/// <summary>Whether an account presents a TLS client certificate to the provider (mTLS), which the hub loads.</summary>
public enum ClientCertificateUse
{
    /// <summary>The provider does not use client certificates.</summary>
    None,

    /// <summary>The account may carry one (a PSP that requires it in production, not in its sandbox).</summary>
    Optional,

    /// <summary>Every account must carry one.</summary>
    Required,
}

/// <summary>What a connector account must carry: its secret credentials and its plain settings.</summary>
public sealed record AccountSchema
{
    /// <summary>
    /// The credential names the hub reads the client certificate from: a base64 PKCS#12 (PFX) and its password. The hub
    /// builds the account's HTTP client with it; the connector never sees the certificate.
    /// </summary>
    public const string ClientCertificateCredential = "clientCertificate";

    /// <summary>The password of <see cref="ClientCertificateCredential"/>.</summary>
    public const string ClientCertificatePasswordCredential = "clientCertificatePassword";

    /// <summary>Secrets: encrypted at rest, write-only, never logged or returned in clear.</summary>
    public IReadOnlyList<AccountField> Credentials { get; init; } = [];

    /// <summary>Non-secret settings, returned as they are.</summary>
    public IReadOnlyList<AccountField> Settings { get; init; } = [];

    /// <summary>Whether accounts present a client certificate (mTLS).</summary>
    public ClientCertificateUse ClientCertificate { get; init; } = ClientCertificateUse.None;

    /// <summary>Whether an account must name its <c>baseUrl</c> (a provider with no single public host).</summary>
    public bool BaseUrlRequired { get; init; } = true;

    /// <summary>
    /// Checks credentials and settings against the declarations: each missing required field, and each value outside
    /// its allowed values, is one error named <c>credentials.{name}</c> or <c>settings.{name}</c>.
    /// </summary>
    public IReadOnlyList<AccountValidationError> Validate(IReadOnlyDictionary<string, string> credentials,
        IReadOnlyDictionary<string, string> settings)
    {
        var errors = new List<AccountValidationError>();
        Check("credentials", Credentials, credentials, errors);
        Check("settings", Settings, settings, errors);
        if (ClientCertificate == ClientCertificateUse.Required
            && string.IsNullOrWhiteSpace(credentials.GetValueOrDefault(ClientCertificateCredential)))
        {
            errors.Add(new AccountValidationError($"credentials.{ClientCertificateCredential}",
                "is required: a base64 PKCS#12 (PFX) client certificate for mTLS"));
        }

        return errors;
    }

    private static void Check(string section, IReadOnlyList<AccountField> fields, IReadOnlyDictionary<string, string> values,
        List<AccountValidationError> errors)
    {
        foreach (var field in fields)
        {
            var value = values.GetValueOrDefault(field.Name);
            if (string.IsNullOrWhiteSpace(value))
            {
                if (field.Required && field.Default is null)
                {
                    errors.Add(new AccountValidationError($"{section}.{field.Name}", $"is required: {field.Description}"));
                }

                continue;
            }

            if (field.AllowedValues.Count > 0 && !field.AllowedValues.Contains(value, StringComparer.Ordinal))
            {
                errors.Add(new AccountValidationError($"{section}.{field.Name}",
                    $"must be one of {string.Join(", ", field.AllowedValues)}"));
            }
        }
    }
}
