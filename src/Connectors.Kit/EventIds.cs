using System.Security.Cryptography;

namespace Connectors.Kit;

/// <summary>Event ids for providers whose callbacks carry none: the same bytes twice are the same event.</summary>
public static class EventIds
{
    /// <summary>The prefix of a body digest, so it is never taken for a provider's own id.</summary>
    public const string BodyDigestPrefix = "sha256:";

    /// <summary>"sha256:" and the lower-case hex SHA-256 of the raw body: stable, and different for any other byte.</summary>
    public static string FromBody(ReadOnlySpan<byte> body) =>
        BodyDigestPrefix + Convert.ToHexStringLower(SHA256.HashData(body));
}
