using Hub.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace Hub.Webhooks;

/// <summary>
/// Encrypts endpoint secrets at rest with Data Protection (the key ring is in the database, shared by every instance).
/// Unlike an API key a webhook secret cannot be hashed: the hub needs it in clear to sign.
/// </summary>
internal sealed class WebhookSecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Hub.Webhooks.Secrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>The secrets to sign with now: the current one first, then the previous one while it is honoured.</summary>
    public IReadOnlyList<string> SigningSecrets(string protectedSecret, string? protectedPreviousSecret,
        DateTimeOffset? previousExpiresAt, DateTimeOffset now) =>
        protectedPreviousSecret is not null && previousExpiresAt > now
            ? [Unprotect(protectedSecret), Unprotect(protectedPreviousSecret)]
            : [Unprotect(protectedSecret)];

    public IReadOnlyList<string> SigningSecrets(WebhookEndpointRow endpoint, DateTimeOffset now) =>
        SigningSecrets(endpoint.ProtectedSecret, endpoint.ProtectedPreviousSecret, endpoint.PreviousSecretExpiresAt, now);
}
