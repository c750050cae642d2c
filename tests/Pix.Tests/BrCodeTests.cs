using System.Globalization;
using Connectors.Abstractions;

namespace Connectors.Pix.Tests;

/// <summary>The BR Code against PROVIDERS §7.5's fixed vectors, and read back by an independent EMV TLV parser.</summary>
public sealed class BrCodeTests
{
    // PROVIDERS §7.5's dynamic test vector (GUI in uppercase, no amount).
    private const string Vector =
        "00020101021226770014BR.GOV.BCB.PIX2555pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a995204000053039865802BR5907EMPRESA6009SAO PAULO62070503***6304EEAB";

    [Fact]
    public void Crc16_CheckString_Is29B1() => Assert.Equal("29B1", PixBrCode.Crc16("123456789"));

    [Fact]
    public void Crc16_OfTheVector_IsItsLastFourDigits() => Assert.Equal("EEAB", PixBrCode.Crc16(Vector[..^4]));

    [Fact]
    public void Dynamic_SpecInputs_ReproducesTheVector()
    {
        var code = PixBrCode.Dynamic("https://pix.example.com/qr/93598be0-1bd0-4997-8318-81776a1d8a99", "EMPRESA", "SAO PAULO",
            null, "BR.GOV.BCB.PIX");

        Assert.Equal(Vector, code);
    }

    [Fact]
    public void Dynamic_WithAmount_ParsesWithField54AndAValidCrc()
    {
        var code = PixBrCode.Dynamic("pix.example.com/qr/v2/9d36b84f-c70b-478f-b95c-12729b90ca25", "Padaria São João",
            "São Paulo", new Money(1010, Currency.BRL));

        var fields = Tlv.Parse(code);
        Assert.Equal("01", fields["00"]);
        Assert.Equal("12", fields["01"]);
        var account = Tlv.Parse(fields["26"]);
        Assert.Equal("br.gov.bcb.pix", account["00"]);
        Assert.Equal("pix.example.com/qr/v2/9d36b84f-c70b-478f-b95c-12729b90ca25", account["25"]);
        Assert.Equal("0000", fields["52"]);
        Assert.Equal("986", fields["53"]);
        Assert.Equal("10.10", fields["54"]);
        Assert.Equal("BR", fields["58"]);
        Assert.Equal("Padaria Sao Joao", fields["59"]);
        Assert.Equal("Sao Paulo", fields["60"]);
        Assert.Equal("***", Tlv.Parse(fields["62"])["05"]);
        Assert.Equal(PixBrCode.Crc16(code[..^4]), fields["63"]);
        Assert.Matches("^[0-9A-F]{4}$", fields["63"]);
    }

    [Theory]
    [InlineData("Açaí & Cia. do Nordeste Brasileiro", 25, "Acai & Cia. do Nordeste B")]
    [InlineData("  São   José\tdos Campos ", 15, "Sao Jose dos Ca")]
    [InlineData("Ünïcödé 東京", 25, "Unicode")]
    [InlineData("Padaria São João", 25, "Padaria Sao Joao")]
    public void Ascii_NameAndCity_AreAsciiAndCut(string text, int max, string expected) =>
        Assert.Equal(expected, PixBrCode.Ascii(text, max));

    [Fact]
    public void Dynamic_LocationTooLong_Throws() =>
        Assert.Throws<ArgumentException>(() => PixBrCode.Dynamic("pix.example.com/" + new string('a', 90), "A", "B", null));

    /// <summary>An EMV TLV reader written apart from the builder: ids ascending, byte lengths, every byte accounted for.</summary>
    internal static class Tlv
    {
        public static Dictionary<string, string> Parse(string text)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            var at = 0;
            var last = -1;
            while (at < text.Length)
            {
                var id = text.Substring(at, 2);
                var length = int.Parse(text.AsSpan(at + 2, 2), NumberStyles.None, CultureInfo.InvariantCulture);
                var number = int.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture);
                Assert.True(number > last, $"id {id} is not ascending");
                last = number;
                fields[id] = text.Substring(at + 4, length);
                at += 4 + length;
            }

            Assert.Equal(text.Length, at);
            return fields;
        }
    }
}
