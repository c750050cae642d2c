using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.Airtel;

/// <summary>
/// Airtel's "callback with authentication" on the kit's template (PROVIDERS §5.3, [S]): a top-level <c>hash</c> =
/// Base64(HMAC-SHA256(UTF-8 secret, the exact JSON text of the <c>transaction</c> value as sent)), no timestamp. The kit
/// compares in constant time and accepts the previous secret inside its rotation window.
/// </summary>
internal sealed class AirtelCallbackVerifier : SignedCallbackVerifier
{
    /// <inheritdoc />
    protected override SignatureEncoding Encoding => SignatureEncoding.Base64;

    /// <inheritdoc />
    protected override bool RequiresTimestamp => false;

    /// <inheritdoc />
    protected override CallbackSignature? ReadSignature(CallbackRequest request) =>
        Property(request, "hash") is { ValueKind: JsonValueKind.String } hash ? new CallbackSignature(hash.GetString()!) : null;

    /// <inheritdoc />
    /// <remarks>The raw text of the value (<see cref="JsonElement.GetRawText"/>): the bytes as sent, never re-serialized.</remarks>
    protected override byte[]? BuildSignedMessage(CallbackRequest request, CallbackSignature signature) =>
        Property(request, "transaction") is { ValueKind: JsonValueKind.Object } transaction ? Utf8(transaction.GetRawText()) : null;

    private static JsonElement? Property(CallbackRequest request, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(request.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
                ? value.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
