using System.Net;
using System.Text;
using Hub.Common;
using Hub.Tests.Infrastructure;

namespace Hub.Tests.Safety;

/// <summary>Issue 10, defects 4 and 5: one strict check of the raw bytes, a 400 naming the field, never a 500.</summary>
public sealed class StrictJsonTests
{
    [Theory]
    [InlineData("""{"amount":1,"amount":2}""", "amount", "more than once")]
    [InlineData("""{"payer":{"phone":"1","phone":"2"}}""", "payer.phone", "more than once")]
    [InlineData("""{"items":[{"a":1},{"a":1,"a":2}]}""", "items[1].a", "more than once")]
    [InlineData("""{"description":"a\u0000b"}""", "description", "NUL")]
    [InlineData("""{"metadata":{"note":"x\u0007"}}""", "metadata.note", "U+0007")]
    [InlineData("""{"metadata":{"n\u0000":"x"}}""", "metadata.n\0", "NUL")]
    [InlineData("""{"description":"\ud800"}""", "description", "lone surrogate")]
    [InlineData("""{"tags":["ok","\udc00x"]}""", "tags[1]", "lone surrogate")]
    [InlineData("""{"amount":1,}""", "body", "not valid JSON")]
    public void Refuses_NamingThePath(string json, string field, string message)
    {
        var error = StrictJson.Validate(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(error);
        Assert.Equal(field, error.Field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_InvalidUtf8_AndDeepNesting()
    {
        byte[] invalid = [(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}'];
        var deep = new string('[', 40) + new string(']', 40);

        Assert.Contains("UTF-8", StrictJson.Validate(invalid)!.Message, StringComparison.Ordinal);
        Assert.Contains("deeper", StrictJson.Validate(Encoding.UTF8.GetBytes(deep))!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"amount":1,"description":"Line 1\nLine 2\tend","payer":{"name":"Zoë 😀"},"list":[1,2,{"a":1}],"b":{"a":1}}""")]
    [InlineData("""{"a":{"x":1},"b":{"x":1}}""")]
    public void Accepts_OrdinaryBodies(string json) => Assert.Null(StrictJson.Validate(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void CallbackBodies_AreCheckedWhenJson_AndLeftToTheConnectorOtherwise()
    {
        Assert.NotNull(StrictJson.CheckCallbackBody("application/json", """{"status":"SUCCESSFUL","status":"FAILED"}"""u8));
        Assert.NotNull(StrictJson.CheckCallbackBody(null, """ {"a":"\u0000"}"""u8));
        Assert.Null(StrictJson.CheckCallbackBody("application/x-www-form-urlencoded", "a=1&a=2"u8));
        Assert.Null(StrictJson.CheckCallbackBody("application/json", """{"status":"SUCCESSFUL"}"""u8));
    }
}

/// <summary>The same through the API: 400 VALIDATION_ERROR naming the field, and the identical retry answers the same.</summary>
[Collection(HubCollection.Name)]
public sealed class HostileBodyTests(HubFixture hub)
{
    [Theory]
    [InlineData("""{"amount":100,"amount":200,"currency":"XAF","method":"mobile_money","payer":{"phone":"+237671234567"}}""", "amount")]
    [InlineData("""{"amount":100,"currency":"XAF","method":"mobile_money","payer":{"phone":"+237671234567"},"description":"a\u0000b"}""", "description")]
    [InlineData("""{"amount":100,"currency":"XAF","method":"mobile_money","payer":{"phone":"+237671234567"},"metadata":{"note":"\u0000"}}""", "metadata.note")]
    public async Task Payments_RefuseTheBody_AndTheIdenticalRetryAnswersTheSame400(string json, string field)
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var key = Api.NewKey();

        var first = await client.CreatePaymentAsync(json, key);
        var retry = await client.CreatePaymentAsync(json, key);

        foreach (var reply in new[] { first, retry })
        {
            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.Equal("VALIDATION_ERROR", reply.Json["code"]!.GetValue<string>());
            Assert.NotNull(reply.Json["errors"]![field]);
        }

        Assert.Equal(first.Body.Split("traceId")[0], retry.Body.Split("traceId")[0]);
    }

    [Fact]
    public async Task ConnectorAccounts_RefuseDuplicateMembers()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.SendAsync(HttpMethod.Post, "/v1/connector-accounts",
            """{"connector":"mtn_momo","connector":"x","environment":"sandbox","baseUrl":"http://localhost:1"}""");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.NotNull(reply.Json["errors"]!["connector"]);
    }

    [Fact]
    public async Task ListFilters_RefuseNul_NamingTheParameter()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.FetchAsync("/v1/payments?externalId=%00abc");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("VALIDATION_ERROR", reply.Json["code"]!.GetValue<string>());
        Assert.NotNull(reply.Json["errors"]!["externalId"]);
    }
}
