using System.Diagnostics.CodeAnalysis;

namespace Hub.Common;

/// <summary>
/// The API's opaque ids: a prefix and the row's UUIDv7 in Crockford base32 ("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C").
/// 26 characters cover the 128 bits; since UUIDv7 starts with the time, ids sort by creation.
/// </summary>
internal static class PublicId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public const string Payment = "pay";
    public const string Refund = "ref";
    public const string Payout = "po";
    public const string Event = "evt";
    public const string WebhookEndpoint = "we";
    public const string Merchant = "mch";
    public const string Tenant = "ten";
    public const string ApiKey = "key";
    public const string OperatorKey = "opk";
    public const string ConnectorAccount = "ca";
    public const string Callback = "clb";
    public const string Chargeback = "cb";

    public const string CheckoutSession = "cs";

    public static Guid NewGuid(TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow());

    public static string Format(string prefix, Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        var high = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        Span<char> text = stackalloc char[26];
        // 130 bits of base32 for 128 bits of id: the first character carries the top 3 bits.
        for (var i = 25; i >= 0; i--)
        {
            text[i] = Alphabet[(int)(low & 31)];
            low = (low >> 5) | (high << 59);
            high >>= 5;
        }

        return string.Concat(prefix, "_", text);
    }

    public static bool TryParse(string prefix, [NotNullWhen(true)] string? text, out Guid id)
    {
        id = Guid.Empty;
        if (text is null || text.Length != prefix.Length + 27 || !text.StartsWith(prefix, StringComparison.Ordinal)
            || text[prefix.Length] != '_')
        {
            return false;
        }

        ulong high = 0, low = 0;
        var body = text.AsSpan(prefix.Length + 1);
        for (var i = 0; i < body.Length; i++)
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(body[i]));
            if (value < 0 || (i == 0 && value > 7))
            {
                return false;
            }

            high = (high << 5) | (low >> 59);
            low = (low << 5) | (uint)value;
        }

        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        id = new Guid(bytes, bigEndian: true);
        return true;
    }
}
