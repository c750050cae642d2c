namespace Connectors.Abstractions.Tests;

public sealed class SignatureHeaderTests
{
    [Fact]
    public void TryParse_TimestampAndSignature_ReturnsBothParts()
    {
        Assert.True(SignatureHeader.TryParse("t=1653405045000,s=abc", out var parts));

        Assert.Equal(2, parts.Count);
        Assert.Equal("1653405045000", parts["t"]);
        Assert.Equal("abc", parts["s"]);
    }

    [Theory]
    [InlineData("t=1653405045000, s=abc")]
    [InlineData("t=1653405045000 ,  s=abc")]
    [InlineData(" t = 1653405045000 , s = abc ")]
    [InlineData("t=1653405045000,,s=abc")]
    public void TryParse_SpacesAroundParts_Trimmed(string header)
    {
        Assert.True(SignatureHeader.TryParse(header, out var parts));

        Assert.Equal(2, parts.Count);
        Assert.Equal("1653405045000", parts["t"]);
        Assert.Equal("abc", parts["s"]);
    }

    [Fact]
    public void TryParse_EqualsInsideValue_SplitsOnFirstOnly()
    {
        Assert.True(SignatureHeader.TryParse("t=1,s=YWJj==,k=a=b=c", out var parts));

        Assert.Equal("1", parts["t"]);
        Assert.Equal("YWJj==", parts["s"]);
        Assert.Equal("a=b=c", parts["k"]);
    }

    [Fact]
    public void TryParse_EmptyValue_Kept()
    {
        Assert.True(SignatureHeader.TryParse("t=1,s=", out var parts));

        Assert.Equal("", parts["s"]);
    }

    [Fact]
    public void TryParse_NamesAreCaseSensitive()
    {
        Assert.True(SignatureHeader.TryParse("T=1,s=abc", out var parts));

        Assert.True(parts.ContainsKey("T"));
        Assert.False(parts.ContainsKey("t"));
    }

    [Theory]
    [InlineData("t=1653405045000,abc")] // a part without '='
    [InlineData("abc")]
    [InlineData("t=1,=abc")] // an empty name
    [InlineData("=abc")]
    [InlineData("t=1, =abc")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData(",")]
    [InlineData(" , ,")]
    [InlineData(null)]
    public void TryParse_Malformed_ReturnsFalse(string? header)
    {
        Assert.False(SignatureHeader.TryParse(header, out _));
    }

    [Theory]
    [InlineData("11256f4c8508f12d", "11256f4c8508f12d", true)]
    [InlineData("", "", true)]
    [InlineData("11256f4c8508f12d", "11256f4c8508f12e", false)] // last character differs
    [InlineData("11256f4c8508f12d", "01256f4c8508f12d", false)] // first character differs
    [InlineData("11256f4c8508f12d", "11256f4c8508f12", false)] // shorter
    [InlineData("11256f4c8508f12d", "11256f4c8508f12d0", false)] // longer
    [InlineData("abc", "ABC", false)]
    [InlineData("abc", "", false)]
    public void FixedTimeEquals_Texts_ComparesExactly(string expected, string actual, bool equal)
    {
        Assert.Equal(equal, SignatureHeader.FixedTimeEquals(expected, actual));
    }

    [Theory]
    [InlineData(null, "abc")]
    [InlineData("abc", null)]
    [InlineData(null, null)]
    [InlineData("", null)]
    public void FixedTimeEquals_Null_False(string? expected, string? actual)
    {
        Assert.False(SignatureHeader.FixedTimeEquals(expected, actual));
    }
}
