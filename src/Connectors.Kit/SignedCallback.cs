using System.Globalization;
using System.Security.Cryptography;
using Connectors.Abstractions;

namespace Connectors.Kit;

/// <summary>How a signature travels as text.</summary>
public enum SignatureEncoding
{
    /// <summary>Hexadecimal, either case (IremboPay).</summary>
    Hex,

    /// <summary>Standard Base64 (Airtel).</summary>
    Base64,
}

/// <summary>How a signed timestamp is written.</summary>
public enum TimestampFormat
{
    /// <summary>Seconds since the Unix epoch.</summary>
    UnixSeconds,

    /// <summary>Milliseconds since the Unix epoch (IremboPay's 13 digits).</summary>
    UnixMilliseconds,

    /// <summary>An ISO 8601 time with an offset.</summary>
    Iso8601,
}

/// <summary>The signature and timestamp as a callback carries them, as text, nothing checked yet.</summary>
/// <param name="Signature">The signature, encoded.</param>
/// <param name="Timestamp">The timestamp text as sent, when the provider signs one.</param>
public sealed record CallbackSignature(string Signature, string? Timestamp = null);

/// <summary>The result of a signature check.</summary>
public enum SignatureCheck
{
    /// <summary>Signed with an accepted secret, within the time tolerance.</summary>
    Valid,

    /// <summary>No signature (or no required timestamp).</summary>
    Missing,

    /// <summary>A signature or timestamp that cannot be read, or a body the signed message cannot be built from.</summary>
    Malformed,

    /// <summary>The signature matches no accepted secret: a tampered body, a wrong or retired secret.</summary>
    Mismatch,

    /// <summary>Signed, but longer ago than the tolerance: a replay or a clock far off.</summary>
    Stale,

    /// <summary>Signed with a timestamp further ahead than the tolerance.</summary>
    FromTheFuture,

    /// <summary>The account carries no secret to check with.</summary>
    NoSecret,
}

/// <summary>A signature check's verdict.</summary>
/// <param name="Check">What the check found.</param>
/// <param name="Detail">What the operator should check; never a secret or a signature.</param>
/// <param name="UsedPreviousSecret">Valid with the previous secret, inside its rotation window.</param>
public sealed record SignatureVerdict(SignatureCheck Check, string Detail, bool UsedPreviousSecret = false)
{
    /// <summary>Whether the callback is authentic.</summary>
    public bool IsValid => Check == SignatureCheck.Valid;

    /// <summary>The rejection the hub gets for an invalid verdict: 401 SIGNATURE_INVALID, or 400 when the body is unreadable.</summary>
    public CallbackVerification.Rejected ToRejected() => new(
        Check == SignatureCheck.Malformed ? CallbackRejection.Malformed : CallbackRejection.SignatureInvalid, Detail);
}

/// <summary>
/// The signed-callback template. The framework owns the raw bytes, the HMAC, the constant-time comparison, the timestamp
/// tolerance on the connector's clock and secret rotation (<see cref="CallbackSecrets"/>); the connector says how to
/// read the signature and timestamp from the request (<see cref="ReadSignature"/>), how to build the signed message
/// (<see cref="BuildSignedMessage"/>), and the encoding, algorithm and tolerance when they differ from the defaults.
/// </summary>
public abstract class SignedCallbackVerifier
{
    /// <summary>How the signature is encoded; hex by default.</summary>
    protected virtual SignatureEncoding Encoding => SignatureEncoding.Hex;

    /// <summary>How far the signed timestamp may be from now, either way; 300 s by default.</summary>
    protected virtual TimeSpan Tolerance => TimeSpan.FromSeconds(300);

    /// <summary>How the timestamp is written; Unix milliseconds by default.</summary>
    protected virtual TimestampFormat TimestampFormat => TimestampFormat.UnixMilliseconds;

    /// <summary>Whether the provider signs a timestamp (a callback without one is then refused); true by default.</summary>
    protected virtual bool RequiresTimestamp => true;

    /// <summary>Checks a callback's signature against the accepted secrets, at the time of <paramref name="clock"/>.</summary>
    public SignatureVerdict Verify(CallbackRequest request, CallbackSecrets secrets, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var accepted = secrets.AcceptedAt(now);
        if (accepted.Count == 0)
        {
            return new SignatureVerdict(SignatureCheck.NoSecret, "the account has no callback secret: set it to accept callbacks");
        }

        var signature = ReadSignature(request);
        if (signature is null || string.IsNullOrWhiteSpace(signature.Signature))
        {
            return new SignatureVerdict(SignatureCheck.Missing, "the callback carries no signature");
        }

        if (RequiresTimestamp && string.IsNullOrWhiteSpace(signature.Timestamp))
        {
            return new SignatureVerdict(SignatureCheck.Missing, "the callback's signature carries no timestamp");
        }

        DateTimeOffset? signedAt = null;
        if (!string.IsNullOrWhiteSpace(signature.Timestamp))
        {
            if (!TryParseTimestamp(signature.Timestamp, out var parsed))
            {
                return new SignatureVerdict(SignatureCheck.Malformed, "the callback's signature timestamp cannot be read");
            }

            signedAt = parsed;
        }

        if (!TryDecode(signature.Signature, out var provided))
        {
            return new SignatureVerdict(SignatureCheck.Malformed, $"the signature is not {Encoding} text");
        }

        var message = BuildSignedMessage(request, signature);
        if (message is null)
        {
            return new SignatureVerdict(SignatureCheck.Malformed, "the signed part of the callback cannot be read");
        }

        var match = accepted.FirstOrDefault(secret =>
            CryptographicOperations.FixedTimeEquals(ComputeSignature(System.Text.Encoding.UTF8.GetBytes(secret.Secret), message), provided));
        if (match.Secret is null)
        {
            return new SignatureVerdict(SignatureCheck.Mismatch,
                "signature mismatch: the body was altered, or check the account's callback secret");
        }

        // Checked after the signature, so an unsigned timestamp is never trusted for anything.
        if (signedAt is { } at && at < now - Tolerance)
        {
            return new SignatureVerdict(SignatureCheck.Stale,
                $"the callback was signed {(long)(now - at).TotalSeconds} s ago, more than the {(long)Tolerance.TotalSeconds} s allowed");
        }

        if (signedAt is { } ahead && ahead > now + Tolerance)
        {
            return new SignatureVerdict(SignatureCheck.FromTheFuture,
                $"the callback's timestamp is {(long)(ahead - now).TotalSeconds} s ahead, more than the {(long)Tolerance.TotalSeconds} s allowed");
        }

        return new SignatureVerdict(SignatureCheck.Valid,
            match.IsPrevious ? "signed with the previous callback secret, inside its rotation window" : "signed", match.IsPrevious);
    }

    /// <summary>The signature and timestamp as the request carries them; null when there is none.</summary>
    protected abstract CallbackSignature? ReadSignature(CallbackRequest request);

    /// <summary>The exact bytes the provider signed; null when the request does not have them (a body that is not JSON).</summary>
    protected abstract byte[]? BuildSignedMessage(CallbackRequest request, CallbackSignature signature);

    /// <summary>The MAC of <paramref name="message"/>; HMAC-SHA256 by default.</summary>
    protected virtual byte[] ComputeSignature(byte[] key, byte[] message) => HMACSHA256.HashData(key, message);

    /// <summary>Parses the timestamp text in <see cref="TimestampFormat"/>.</summary>
    protected virtual bool TryParseTimestamp(string text, out DateTimeOffset time)
    {
        time = default;
        switch (TimestampFormat)
        {
            case TimestampFormat.Iso8601:
                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
            case TimestampFormat.UnixSeconds or TimestampFormat.UnixMilliseconds:
                if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return false;
                }

                try
                {
                    time = TimestampFormat == TimestampFormat.UnixSeconds
                        ? DateTimeOffset.FromUnixTimeSeconds(value)
                        : DateTimeOffset.FromUnixTimeMilliseconds(value);
                    return true;
                }
                catch (ArgumentOutOfRangeException)
                {
                    return false;
                }

            default:
                return false;
        }
    }

    /// <summary>UTF-8 bytes of <paramref name="text"/>, for building messages.</summary>
    protected static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        try
        {
            bytes = Encoding == SignatureEncoding.Hex ? Convert.FromHexString(text.Trim()) : Convert.FromBase64String(text.Trim());
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
