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

/// <summary>A reference a callback names, read before anything is verified: how the hub finds the object.</summary>
/// <param name="Subject">What kind of object.</param>
/// <param name="ProviderReference">
/// The reference as the callback carries it: the hub-chosen provider reference, or the provider's own transaction id
/// (the hub matches either).
/// </param>
public sealed record CallbackReference(CallbackSubject Subject, string ProviderReference);

/// <summary>Callbacks, step 1: what a raw callback says it is about, nothing trusted yet.</summary>
public abstract record CallbackParse
{
    private CallbackParse()
    {
    }

    /// <summary>The callback names these objects (providers may batch).</summary>
    /// <param name="References">At least one.</param>
    public sealed record About(IReadOnlyList<CallbackReference> References) : CallbackParse
    {
        /// <summary>One object.</summary>
        public About(CallbackReference reference) : this([reference])
        {
        }
    }

    /// <summary>The callback cannot be read: 400, nothing changes.</summary>
    /// <param name="Detail">What is wrong with it.</param>
    public sealed record Malformed(string Detail) : CallbackParse;
}

/// <summary>
/// An object the hub found for a callback reference, as the connector may use it to verify the callback: a per-object
/// token kept in <see cref="ConnectorData"/> (Orange Money's notif_token), the amount it must report.
/// </summary>
public sealed record CallbackObject
{
    /// <summary>What kind of object.</summary>
    public required CallbackSubject Subject { get; init; }

    /// <summary>The hub's id: "pay_…", "ref_…", "po_…".</summary>
    public required string Id { get; init; }

    /// <summary>The hub-chosen provider reference.</summary>
    public required string ProviderReference { get; init; }

    /// <summary>The provider's own transaction id, once known.</summary>
    public string? ProviderTransactionId { get; init; }

    /// <summary>The object's amount.</summary>
    public required Money Amount { get; init; }

    /// <summary>The data the connector last returned or saved for this object.</summary>
    public string? ConnectorData { get; init; }

    /// <summary>Whether <paramref name="reference"/> is this object's provider reference or transaction id.</summary>
    public bool Matches(string reference) =>
        string.Equals(reference, ProviderReference, StringComparison.Ordinal)
        || string.Equals(reference, ProviderTransactionId, StringComparison.Ordinal);
}

/// <summary>One change a verified callback reports.</summary>
public sealed record CallbackUpdate
{
    /// <summary>What it is about.</summary>
    public CallbackSubject Subject { get; init; } = CallbackSubject.Payment;

    /// <summary>The object's reference, as in <see cref="CallbackReference.ProviderReference"/>.</summary>
    public required string ProviderReference { get; init; }

    /// <summary>
    /// The provider's id of this event, for deduplication (per connector account); when the provider has none, a
    /// stable digest of the body serves (the kit's event ids).
    /// </summary>
    public string? ProviderEventId { get; init; }

    /// <summary>The reported payment status.</summary>
    public PaymentStatus? Status { get; init; }

    /// <summary>The reported refund or payout status.</summary>
    public TransferStatus? TransferStatus { get; init; }

    /// <summary>The provider's raw status.</summary>
    public string? ProviderStatus { get; init; }

    /// <summary>Why it failed.</summary>
    public Failure? Failure { get; init; }

    /// <summary>The provider's own id of the transaction, when the callback tells it.</summary>
    public string? ProviderTransactionId { get; init; }

    /// <summary>
    /// The amount the callback reports, when it reports one. The hub compares it (and its currency) with the object's:
    /// a mismatch moves nothing and is recorded as <c>amount_mismatch</c>.
    /// </summary>
    public Money? Amount { get; init; }

    /// <summary>New connector data for the object, when the callback brings some; null keeps what is stored.</summary>
    public string? ConnectorData { get; init; }
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

/// <summary>A connector's verdict on a raw callback (step 2).</summary>
public abstract record CallbackVerification
{
    private CallbackVerification()
    {
    }

    /// <summary>
    /// Authentic: the hub deduplicates the updates, checks their amounts and applies them. For a connector whose
    /// descriptor says <see cref="CallbackTrust.Unsigned"/> the hub treats it as a <see cref="Hint"/> regardless.
    /// </summary>
    /// <param name="Updates">The changes it reports, one per object (providers may batch).</param>
    public sealed record Verified(IReadOnlyList<CallbackUpdate> Updates) : CallbackVerification
    {
        /// <summary>One update.</summary>
        public Verified(CallbackUpdate update) : this([update])
        {
        }
    }

    /// <summary>
    /// Well-formed but not provably from the provider (MTN, Cielo, Orange Money): the hub moves nothing by it and asks
    /// the provider for the status of each referenced object instead.
    /// </summary>
    /// <param name="References">The objects to re-query.</param>
    /// <param name="ProviderEventId">The event's id for deduplication, when there is one.</param>
    public sealed record Hint(IReadOnlyList<CallbackReference> References, string? ProviderEventId = null) : CallbackVerification;

    /// <summary>Refused; nothing changes.</summary>
    /// <param name="Reason">Which refusal.</param>
    /// <param name="Detail">What the operator should check ("signature mismatch: check the account's secret key").</param>
    public sealed record Rejected(CallbackRejection Reason, string Detail) : CallbackVerification;
}
