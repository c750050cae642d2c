using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.IremboPay;

/// <summary>
/// IremboPay's notification signature on the kit's template (PROVIDERS §6.3): header
/// <c>irembopay-signature: t=&lt;ms&gt;,s=&lt;hex&gt;</c>, split on ',' then on the first '=' and trimmed, where
/// <c>s = hex(HMAC-SHA256(key, t + "#" + raw body))</c> and t is the header text as sent. The kit compares in constant
/// time, allows 300 s either way on the context clock, and accepts the previous secret inside its rotation window.
/// </summary>
internal sealed class IremboPayCallbackVerifier : SignedCallbackVerifier
{
    public const string SignatureHeaderName = "irembopay-signature";

    /// <inheritdoc />
    protected override CallbackSignature? ReadSignature(CallbackRequest request) =>
        SignatureHeader.TryParse(request.Header(SignatureHeaderName), out var parts) && parts.TryGetValue("s", out var s)
            ? new CallbackSignature(s, parts.GetValueOrDefault("t"))
            : null;

    /// <inheritdoc />
    protected override byte[]? BuildSignedMessage(CallbackRequest request, CallbackSignature signature) =>
        [.. Utf8(signature.Timestamp + "#"), .. request.Body.Span];
}
