using System.Globalization;
using Connectors.Abstractions;

namespace Connectors.Kit;

/// <summary>
/// The secret(s) an account's callbacks are signed with. Rotation: after the provider issues a new secret, the account
/// carries the new one as <see cref="Current"/> and the old one as <see cref="Previous"/> until
/// <see cref="PreviousUntil"/>, so callbacks signed with either are accepted during the switch; after that time (or
/// without one) only the current secret is.
/// </summary>
/// <param name="Current">The current secret.</param>
/// <param name="Previous">The secret being retired.</param>
/// <param name="PreviousUntil">Until when the previous secret is still accepted (exclusive).</param>
public sealed record CallbackSecrets(string? Current, string? Previous = null, DateTimeOffset? PreviousUntil = null)
{
    /// <summary>The credential holding the current secret, by default.</summary>
    public const string CurrentCredential = "callbackSecret";

    /// <summary>The credential holding the secret being retired.</summary>
    public const string PreviousCredential = "previousCallbackSecret";

    /// <summary>The setting saying until when the previous secret is accepted: an ISO 8601 time with an offset.</summary>
    public const string PreviousUntilSetting = "previousCallbackSecretUntil";

    /// <summary>
    /// Reads the secrets from an account. A connector whose provider signs with another credential (IremboPay signs with
    /// the account's secret key) names it in <paramref name="currentCredential"/>.
    /// </summary>
    public static CallbackSecrets FromAccount(ConnectorAccount account, string currentCredential = CurrentCredential,
        string previousCredential = PreviousCredential, string previousUntilSetting = PreviousUntilSetting)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new CallbackSecrets(NullIfEmpty(account.Credential(currentCredential)),
            NullIfEmpty(account.Credential(previousCredential)),
            TryParseTime(account.Setting(previousUntilSetting), out var until) ? until : null);
    }

    /// <summary>The secrets accepted at <paramref name="now"/>: the current one first, then the previous one inside its window.</summary>
    public IReadOnlyList<(string Secret, bool IsPrevious)> AcceptedAt(DateTimeOffset now)
    {
        var secrets = new List<(string, bool)>(2);
        if (Current is { Length: > 0 } current)
        {
            secrets.Add((current, false));
        }

        if (Previous is { Length: > 0 } previous && PreviousUntil is { } until && now < until)
        {
            secrets.Add((previous, true));
        }

        return secrets;
    }

    /// <summary>
    /// The account fields of rotation: the previous secret (credential) and its window (setting), both optional.
    /// Add them to the connector's <see cref="AccountSchema"/> beside its current secret.
    /// </summary>
    public static IReadOnlyList<AccountField> RotationCredentials(string previousCredential = PreviousCredential) =>
    [
        AccountFields.Credential(previousCredential,
            "The callback secret being retired, accepted until settings." + PreviousUntilSetting + " while the provider switches",
            required: false),
    ];

    /// <summary>The setting of the rotation window.</summary>
    public static IReadOnlyList<AccountField> RotationSettings(string previousUntilSetting = PreviousUntilSetting) =>
    [
        AccountFields.Setting(previousUntilSetting,
            "Until when the previous callback secret is accepted: an ISO 8601 time with an offset (2026-12-31T00:00:00Z)"),
    ];

    /// <summary>The error for a rotation window that is not an ISO 8601 time; empty when it is absent or valid.</summary>
    public static IReadOnlyList<AccountValidationError> Validate(ConnectorAccount account,
        string previousUntilSetting = PreviousUntilSetting)
    {
        var text = account.Setting(previousUntilSetting);
        return string.IsNullOrWhiteSpace(text) || TryParseTime(text, out _)
            ? []
            : [new AccountValidationError($"settings.{previousUntilSetting}", "must be an ISO 8601 time with an offset, such as 2026-12-31T00:00:00Z")];
    }

    /// <summary>Never prints a secret.</summary>
    public override string ToString() =>
        $"CallbackSecrets {{ Current = {Masking.Secret(Current)}, Previous = {Masking.Secret(Previous)}, PreviousUntil = {PreviousUntil:O} }}";

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static bool TryParseTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
}
