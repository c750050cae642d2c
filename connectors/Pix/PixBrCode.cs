using System.Globalization;
using System.Text;
using Connectors.Abstractions;

namespace Connectors.Pix;

/// <summary>
/// The BR Code ("Pix copia e cola") of a dynamic charge, built by the connector from the charge's location and the
/// account's name and city rather than taken from the PSP's text (PROVIDERS §7.5; BCB's Manual do BR Code): EMV TLV
/// with 2-digit ids and 2-digit byte lengths, ids ascending, ending with CRC16-CCITT-FALSE over everything up to and
/// including "6304", as four uppercase hex digits.
/// </summary>
internal static class PixBrCode
{
    /// <summary>The GUI of field 26 as BCB's manual spells it.</summary>
    public const string Gui = "br.gov.bcb.pix";

    /// <summary>The dynamic code of a charge at <paramref name="location"/> (no scheme), for <paramref name="amount"/>.</summary>
    public static string Dynamic(string location, string merchantName, string merchantCity, Money? amount) =>
        Dynamic(location, merchantName, merchantCity, amount?.ToMajorString(), Gui);

    /// <summary>The same with the amount as text (null: none) and the GUI's spelling (the spec's vector is uppercase).</summary>
    public static string Dynamic(string location, string merchantName, string merchantCity, string? amount, string gui)
    {
        var url = StripScheme(location);
        var text = new StringBuilder();
        Field(text, "00", "01");
        Field(text, "01", "12");
        Field(text, "26", Tlv("00", gui) + Tlv("25", url));
        Field(text, "52", "0000");
        Field(text, "53", "986");
        if (amount is not null)
        {
            Field(text, "54", amount);
        }

        Field(text, "58", "BR");
        Field(text, "59", Ascii(merchantName, 25));
        Field(text, "60", Ascii(merchantCity, 15));
        Field(text, "62", Tlv("05", "***"));
        text.Append("6304");
        text.Append(Crc16(text.ToString()));
        return text.ToString();
    }

    /// <summary>CRC16-CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) of the ASCII text, uppercase hex.</summary>
    public static string Crc16(string text)
    {
        var crc = 0xFFFF;
        foreach (var b in Encoding.ASCII.GetBytes(text))
        {
            crc ^= b << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
                crc &= 0xFFFF;
            }
        }

        return crc.ToString("X4", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Printable ASCII only (accents dropped: "São Paulo" → "Sao Paulo"), spaces collapsed, at most <paramref name="max"/>
    /// characters: what fields 59 and 60 allow.
    /// </summary>
    public static string Ascii(string text, int max)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var raw in text)
        {
            var c = char.IsWhiteSpace(raw) ? ' ' : Fold(raw);
            if (c is >= ' ' and <= '~' && !(c == ' ' && (kept.Length == 0 || kept[^1] == ' ')))
            {
                kept.Append(c);
            }
        }

        var ascii = kept.ToString().Trim();
        return ascii.Length <= max ? ascii : ascii[..max].TrimEnd();
    }

    // The accented letters of Portuguese (and their Latin-1 neighbours) without their marks; a table, because the
    // hub may run with invariant globalization, where string normalization does not decompose.
    private const string Accented = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿ";
    private const string Plain = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyy";

    private static char Fold(char c)
    {
        var at = Accented.IndexOf(c, StringComparison.Ordinal);
        return at >= 0 ? Plain[at] : c;
    }

    private static string StripScheme(string location)
    {
        var trimmed = location.Trim();
        foreach (var scheme in new[] { "https://", "http://" })
        {
            if (trimmed.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return trimmed[scheme.Length..];
            }
        }

        return trimmed;
    }

    private static void Field(StringBuilder text, string id, string value) => text.Append(Tlv(id, value));

    private static string Tlv(string id, string value)
    {
        var length = Encoding.ASCII.GetByteCount(value);
        if (length > 99)
        {
            throw new ArgumentException($"BR Code field {id} is {length} bytes long; a field holds at most 99", nameof(value));
        }

        return id + length.ToString("D2", CultureInfo.InvariantCulture) + value;
    }
}
