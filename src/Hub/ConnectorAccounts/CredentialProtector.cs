using System.Text.Json;
using Connectors.Abstractions;
using Microsoft.AspNetCore.DataProtection;

namespace Hub.ConnectorAccounts;

/// <summary>
/// Encrypts connector credentials at rest with ASP.NET Core Data Protection (authenticated encryption; the key ring
/// lives in the hub's database so every instance can read what another wrote).
/// </summary>
internal sealed class CredentialProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Hub.ConnectorAccounts.Credentials.v1");

    public string Protect(IReadOnlyDictionary<string, string> credentials) =>
        _protector.Protect(JsonSerializer.Serialize(credentials));

    public IReadOnlyDictionary<string, string> Unprotect(string protectedCredentials) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(protectedCredentials)) ?? [];

    /// <summary>What the API shows instead of a credential: "****9f2a".</summary>
    public static Dictionary<string, string> Hints(IReadOnlyDictionary<string, string> credentials) =>
        credentials.ToDictionary(c => c.Key, c => Masking.Secret(c.Value), StringComparer.Ordinal);
}
