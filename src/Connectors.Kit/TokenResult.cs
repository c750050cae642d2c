namespace Connectors.Kit;

/// <summary>What asking a provider for an access token gave: a token and its lifetime, or why there is none.</summary>
public sealed record TokenResult
{
    private TokenResult()
    {
    }

    /// <summary>The token, when one was issued.</summary>
    public string? AccessToken { get; private init; }

    /// <summary>How long the provider said it lives.</summary>
    public TimeSpan Lifetime { get; private init; }

    /// <summary>Why there is no token, for the operator; never a secret.</summary>
    public string? FailureDetail { get; private init; }

    /// <summary>
    /// The provider refused the account's credentials (401, <c>invalid_client</c>, MTN's <c>login_failed</c>): a
    /// definitive answer about the account, unlike a token endpoint that was down.
    /// </summary>
    public bool CredentialsRefused { get; private init; }

    /// <summary>The provider's error code for the refusal ("login_failed", "invalid_client"), when it gave one.</summary>
    public string? ErrorCode { get; private init; }

    /// <summary>Whether a token was issued.</summary>
    public bool IsIssued => AccessToken is not null;

    /// <summary>A token that lives <paramref name="lifetime"/> from when it was asked for.</summary>
    public static TokenResult Issued(string accessToken, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        return new TokenResult { AccessToken = accessToken, Lifetime = lifetime < TimeSpan.Zero ? TimeSpan.Zero : lifetime };
    }

    /// <summary>No token; <paramref name="credentialsRefused"/> when the provider refused the account.</summary>
    public static TokenResult Failed(string detail, bool credentialsRefused, string? errorCode = null) =>
        new() { FailureDetail = detail, CredentialsRefused = credentialsRefused, ErrorCode = errorCode };

    /// <summary>Never prints the token.</summary>
    public override string ToString() => IsIssued
        ? $"TokenResult {{ Issued, Lifetime = {Lifetime} }}"
        : $"TokenResult {{ Failed = {FailureDetail}, CredentialsRefused = {CredentialsRefused} }}";
}
