using System.Net;
using System.Text;

namespace Connectors.Kit.Tests;

public sealed class TokenEndpointTests
{
    [Fact]
    public async Task OAuth2ClientCredentials_FormBodyAndBasicClientAuth()
    {
        var endpoint = new OAuth2ClientCredentials
        {
            Path = "/token", ClientId = "consumer-key", ClientSecret = "consumer-secret", RequestedScope = "cob.write cob.read",
        };

        using var request = endpoint.CreateRequest();

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("consumer-key:consumer-secret")),
            request.Headers.Authorization!.ToString());
        Assert.Equal("application/x-www-form-urlencoded", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("grant_type=client_credentials&scope=cob.write+cob.read", await request.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task JsonClientCredentials_JsonBodyAndAcceptAny()
    {
        var endpoint = new JsonClientCredentials { Path = "/auth/oauth2/token", ClientId = "id", ClientSecret = "secret" };

        using var request = endpoint.CreateRequest();

        Assert.Equal("*/*", request.Headers.Accept.Single().ToString());
        Assert.Null(request.Headers.Authorization);
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"client_id":"id","client_secret":"secret","grant_type":"client_credentials"}""",
            await request.Content.ReadAsStringAsync());
    }

    [Fact]
    public void BasicKeyToken_BasicUserKeyAndHeadersNoBody()
    {
        var endpoint = new BasicKeyToken
        {
            Path = "/collection/token/", User = "api-user", Key = "api-key",
            Headers = new Dictionary<string, string> { ["Ocp-Apim-Subscription-Key"] = "sub" },
        };

        using var request = endpoint.CreateRequest();

        Assert.Equal("/collection/token/", request.RequestUri!.ToString());
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("api-user:api-key")), request.Headers.Authorization!.ToString());
        Assert.Equal("sub", request.Headers.GetValues("Ocp-Apim-Subscription-Key").Single());
        Assert.Null(request.Content);
    }

    [Theory]
    [InlineData("""{"access_token":"t","token_type":"access_token","expires_in":3600}""", 3600)]
    [InlineData("""{"access_token":"t","expires_in":"180","token_type":"bearer"}""", 180)]
    [InlineData("""{"access_token":"t","scope":"am_application_scope default","token_type":"Bearer","expires_in":2496}""", 2496)]
    [InlineData("""{"access_token":"t"}""", 0)]
    public async Task ReadReply_Issued_LifetimeFromNumberOrString(string json, int seconds)
    {
        var result = await Read(HttpStatusCode.OK, json);

        Assert.Equal("t", result.AccessToken);
        Assert.Equal(TimeSpan.FromSeconds(seconds), result.Lifetime);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "", true, "unauthorized")]
    [InlineData(HttpStatusCode.Unauthorized, """{"error":"login_failed"}""", true, "login_failed")]
    [InlineData(HttpStatusCode.InternalServerError, """{"error":"login_failed"}""", true, "login_failed")]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"invalid_client"}""", true, "invalid_client")]
    [InlineData(HttpStatusCode.ServiceUnavailable, """{"code":"SERVICE_UNAVAILABLE"}""", false, "SERVICE_UNAVAILABLE")]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", false, null)]
    [InlineData(HttpStatusCode.OK, """{"token_type":"bearer"}""", false, null)]
    public async Task ReadReply_NoToken_RefusalOnlyForCredentialErrors(HttpStatusCode status, string body, bool refused,
        string? code)
    {
        var result = await Read(status, body);

        Assert.False(result.IsIssued);
        Assert.Equal(refused, result.CredentialsRefused);
        Assert.Equal(code, result.ErrorCode);
    }

    [Fact]
    public void TokenResult_ToString_NeverPrintsTheToken() =>
        Assert.DoesNotContain("secret-token", TokenResult.Issued("secret-token", TimeSpan.FromHours(1)).ToString(), StringComparison.Ordinal);

    private static async Task<TokenResult> Read(HttpStatusCode status, string body)
    {
        var endpoint = new BasicKeyToken { Path = "/token", User = "u", Key = "k" };
        using var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
        return await endpoint.ReadReplyAsync(response, CancellationToken.None);
    }
}
