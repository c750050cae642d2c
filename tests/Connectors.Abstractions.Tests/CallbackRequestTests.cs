using System.Text;

namespace Connectors.Abstractions.Tests;

public sealed class CallbackRequestTests
{
    private static CallbackRequest Request(byte[] body) => new(
        "POST",
        "/pix",
        [new("token", "q-secret"), new("Ref", "abc")],
        [new("X-Signature", "t=1,s=abc"), new("Content-Type", "application/json")],
        body);

    [Theory]
    [InlineData("X-Signature")]
    [InlineData("x-signature")]
    [InlineData("X-SIGNATURE")]
    public void Header_AnyCase_Found(string name)
    {
        var request = Request([]);

        Assert.Equal("t=1,s=abc", request.Header(name));
        Assert.True(request.Headers.TryGetValue(name, out var value));
        Assert.Equal("t=1,s=abc", value);
    }

    [Fact]
    public void Header_Absent_Null()
    {
        Assert.Null(Request([]).Header("X-Missing"));
    }

    [Fact]
    public void QueryValue_ExactCase_Found()
    {
        var request = Request([]);

        Assert.Equal("q-secret", request.QueryValue("token"));
        Assert.Equal("abc", request.QueryValue("Ref"));
        Assert.Equal("abc", request.Query["Ref"]);
    }

    [Theory]
    [InlineData("Token")]
    [InlineData("TOKEN")]
    [InlineData("ref")]
    public void QueryValue_OtherCase_Null(string name)
    {
        var request = Request([]);

        Assert.Null(request.QueryValue(name));
        Assert.False(request.Query.ContainsKey(name));
    }

    [Fact]
    public void Body_RawBytes_PreservedExactly()
    {
        // A BOM, JSON with spacing a serializer would drop, a non-ASCII character, a byte that is not UTF-8, a NUL
        // and a final CRLF: signatures are checked over exactly these bytes.
        byte[] body = [0xEF, 0xBB, 0xBF, .. "{ \"valor\" : \"10.10\", \"nome\":\"Jo\u00e3o\" }"u8, 0xFF, 0x00, 0x0D, 0x0A];

        var request = Request([.. body]);

        Assert.Equal(body, request.Body.ToArray());
        Assert.Equal("POST", request.Method);
        Assert.Equal("/pix", request.Path);
    }

    [Fact]
    public void BodyText_Utf8Body_Decoded()
    {
        var text = "{\"nome\":\"Jo\u00e3o\",\"valor\":\"10.10\"}";

        Assert.Equal(text, Request(Encoding.UTF8.GetBytes(text)).BodyText());
    }

    [Fact]
    public void Body_Empty_EmptyBytesAndText()
    {
        var request = Request([]);

        Assert.True(request.Body.IsEmpty);
        Assert.Equal("", request.BodyText());
    }

    [Fact]
    public void Headers_SameNameInTwoCases_LastWins()
    {
        var request = new CallbackRequest("POST", "", [], [new("X-Sig", "first"), new("x-sig", "second")], ReadOnlyMemory<byte>.Empty);

        Assert.Equal("second", request.Header("X-SIG"));
        Assert.Single(request.Headers);
    }
}
