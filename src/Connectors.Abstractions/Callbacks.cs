using System.Collections.Frozen;
using System.Text;

namespace Connectors.Abstractions;

/// <summary>
/// A provider's callback exactly as it reached the hub: method, path, query, headers and the raw body bytes.
/// Signatures are checked over these bytes, never over re-serialized JSON.
/// </summary>
public sealed class CallbackRequest
{
    private readonly FrozenDictionary<string, string> _headers;
    private readonly FrozenDictionary<string, string> _query;

    /// <summary>Creates a request; header names are matched without regard to case, query names exactly.</summary>
    public CallbackRequest(string method, string path, IEnumerable<KeyValuePair<string, string>> query,
        IEnumerable<KeyValuePair<string, string>> headers, ReadOnlyMemory<byte> body)
    {
        Method = method;
        Path = path;
        _query = query.ToFrozenDictionary(StringComparer.Ordinal);
        _headers = headers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Body = body;
    }

    /// <summary>"POST", "PUT", "GET".</summary>
    public string Method { get; }

    /// <summary>The path after the callback route, e.g. "" or "/pix".</summary>
    public string Path { get; }

    /// <summary>The query parameters.</summary>
    public IReadOnlyDictionary<string, string> Query => _query;

    /// <summary>The headers, case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers;

    /// <summary>The raw body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>A query parameter's value, or null.</summary>
    public string? QueryValue(string name) => _query.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText() => Encoding.UTF8.GetString(Body.Span);
}

/// <summary>What a callback is about.</summary>
public enum CallbackSubject
{
    /// <summary>A payment.</summary>
    Payment,

    /// <summary>A refund.</summary>
    Refund,

    /// <summary>A payout.</summary>
    Payout,
}

/// <summary>One change a verified callback reports.</summary>
public sealed record CallbackUpdate
{
    /// <summary>What it is about.</summary>
    public CallbackSubject Subject { get; init; } = CallbackSubject.Payment;

    /// <summary>The hub's stored provider reference of the object (how the hub finds it).</summary>
    public required string ProviderReference { get; init; }

    /// <summary>
    /// The provider's id of this event, for deduplication; when the provider has none, a stable digest of the
    /// body serves.
    /// </summary>
    public string? ProviderEventId { get; init; }

    /// <summary>
    /// The reported payment status. For a <see cref="CallbackTrust.Unsigned"/> connector the hub ignores it and
    /// asks the provider instead.
    /// </summary>
    public PaymentStatus? Status { get; init; }

    /// <summary>The reported refund or payout status.</summary>
    public TransferStatus? TransferStatus { get; init; }

    /// <summary>The provider's raw status.</summary>
    public string? ProviderStatus { get; init; }

    /// <summary>Why it failed.</summary>
    public Failure? Failure { get; init; }

    /// <summary>The provider's own id of the transaction, when the callback tells it.</summary>
    public string? ProviderTransactionId { get; init; }
}

/// <summary>Why a callback was refused. In every case nothing changes.</summary>
public enum CallbackRejection
{
    /// <summary>A bad or missing signature or token, or a stale timestamp: 401 SIGNATURE_INVALID.</summary>
    SignatureInvalid,

    /// <summary>The body or query cannot be read: 400.</summary>
    Malformed,

    /// <summary>The reference is not one the provider or the hub knows: 404.</summary>
    UnknownReference,
}

/// <summary>A connector's verdict on a raw callback.</summary>
public abstract record CallbackVerification
{
    private CallbackVerification()
    {
    }

    /// <summary>Authentic (or, for an unsigned provider, well-formed): the hub deduplicates and applies it.</summary>
    /// <param name="Updates">The changes it reports, one per object (providers may batch).</param>
    public sealed record Verified(IReadOnlyList<CallbackUpdate> Updates) : CallbackVerification
    {
        /// <summary>One update.</summary>
        public Verified(CallbackUpdate update) : this([update])
        {
        }
    }

    /// <summary>Refused; nothing changes.</summary>
    /// <param name="Reason">Which refusal.</param>
    /// <param name="Detail">What the operator should check ("signature mismatch: check the account's secret key").</param>
    public sealed record Rejected(CallbackRejection Reason, string Detail) : CallbackVerification;
}
