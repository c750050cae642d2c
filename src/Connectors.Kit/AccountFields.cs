using Connectors.Abstractions;

namespace Connectors.Kit;

/// <summary>Short ways to declare an account schema's fields and to read a validated account.</summary>
public static class AccountFields
{
    /// <summary>A secret credential; required unless said otherwise. The example is a sandbox value, never a live secret.</summary>
    public static AccountField Credential(string name, string description, string? example = null, bool required = true) =>
        new() { Name = name, Description = description, Example = example, Required = required };

    /// <summary>
    /// A plain setting: optional, with <paramref name="defaultValue"/> when absent, and only <paramref name="allowedValues"/>
    /// when given.
    /// </summary>
    public static AccountField Setting(string name, string description, string? defaultValue = null,
        IReadOnlyList<string>? allowedValues = null, string? example = null, bool required = false) =>
        new()
        {
            Name = name, Description = description, Default = defaultValue, Example = example ?? defaultValue,
            Required = required, AllowedValues = allowedValues ?? [],
        };

    /// <summary>A credential the schema requires; its absence here is the hub's bug (it validated the account), so it throws.</summary>
    public static string RequiredCredential(this ConnectorAccount account, string name) =>
        account.Credential(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"account {account.Id} has no credential '{name}': it was not validated against the schema");

    /// <summary>The account's value of a setting, or the field's default.</summary>
    public static string? SettingOrDefault(this ConnectorAccount account, AccountField field) =>
        account.Setting(field.Name) is { Length: > 0 } value ? value : field.Default;
}
