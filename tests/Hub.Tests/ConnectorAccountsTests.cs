using System.Net;
using System.Net.Http.Json;
using Hub.Common;
using Hub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Hub.Tests;

[Collection(HubCollection.Name)]
public sealed class ConnectorAccountsTests(HubFixture hub)
{
    [Fact]
    public async Task Credentials_AreWriteOnly_MaskedInRepliesAndEncryptedAtRest()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.FetchAsync($"/v1/connector-accounts/{hub.AccountA1}");
        var list = await client.FetchAsync("/v1/connector-accounts");
        var stored = await hub.App.WithSystemDbAsync(async db =>
        {
            Assert.True(PublicId.TryParse(PublicId.ConnectorAccount, hub.AccountA1, out var id));
            return await db.ConnectorAccounts.AsNoTracking().SingleAsync(a => a.Id == id);
        });

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("****" + hub.MtnCredentialsA1["apiKey"][^4..], reply.Json["credentials"]!["apiKey"]!.GetValue<string>());
        Assert.Equal($"http://localhost:{hub.App.Port}/v1/callbacks/mtn_momo/{hub.AccountA1}", reply.Json["callbackUrl"]!.GetValue<string>());
        foreach (var secret in hub.MtnCredentialsA1.Values)
        {
            Assert.DoesNotContain(secret, reply.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, list.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, stored.ProtectedCredentials, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Create_InvalidInput_Answers400WithEveryField()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.SendAsync(HttpMethod.Post, "/v1/connector-accounts",
            """{"connector":"nope","environment":"live","baseUrl":"ftp://x","credentials":{"a":{"b":1}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        var errors = reply.Json["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("connector", errors);
        Assert.Contains("environment", errors);
        Assert.Contains("baseUrl", errors);
        Assert.Contains("credentials.a", errors);
    }

    [Fact]
    public async Task Create_MissingCredential_IsRefusedByTheConnector()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var reply = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo", environment = "sandbox", baseUrl = hub.Simulator.Url,
            credentials = new { apiUser = "u" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Contains("credentials.apiKey", await reply.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ValidatesAgainstTheSchema_NamingEachBadField_AndKeepsPriority()
    {
        using var client = hub.Client(hub.MerchantA2Key);

        var bad = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo", environment = "sandbox", baseUrl = hub.Simulator.Url,
            credentials = new { apiUser = "u" }, settings = new { targetEnvironment = "mtncameroon" },
        });
        var badBody = await bad.Content.ReadAsStringAsync();
        var badPriority = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo", environment = "sandbox", baseUrl = hub.Simulator.Url,
            credentials = HubFixture.NewMtnCredentials(), priority = -1,
        });
        var good = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo", environment = "sandbox", baseUrl = hub.Simulator.Url,
            credentials = HubFixture.NewMtnCredentials(), settings = new { targetEnvironment = "mtncameroon" }, priority = 7,
        });
        var goodJson = System.Text.Json.Nodes.JsonNode.Parse(await good.Content.ReadAsStringAsync())!;
        var reordered = await client.SendAsync(HttpMethod.Put, $"/v1/connector-accounts/{goodJson["id"]!.GetValue<string>()}", """{"priority":3}""");
        var defaulted = await client.FetchAsync($"/v1/connector-accounts/{await hub.CreateMtnAccountAsync(hub.MerchantA2Key, HubFixture.NewMtnCredentials())}");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("credentials.apiKey", badBody, StringComparison.Ordinal);
        Assert.Contains("credentials.subscriptionKey", badBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badPriority.StatusCode);
        Assert.Contains("priority", await badPriority.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        Assert.Equal(7, goodJson["priority"]!.GetValue<int>());
        Assert.Equal(3, reordered.Json["priority"]!.GetValue<int>());
        Assert.Equal(100, defaulted.Json["priority"]!.GetValue<int>());
    }

    [Fact]
    public async Task Create_SettingOutsideItsAllowedValues_Answers400NamingIt()
    {
        using var client = hub.Client(hub.MerchantA2Key);

        var reply = await client.PostAsJsonAsync("/v1/connector-accounts", new
        {
            connector = "mtn_momo", environment = "sandbox", baseUrl = hub.Simulator.Url,
            credentials = HubFixture.NewMtnCredentials(), settings = new { targetEnvironment = "mars" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Contains("settings.targetEnvironment", await reply.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAndDelete_AreScopedAndTakeEffect()
    {
        using var owner = hub.Client(hub.MerchantA2Key);
        using var stranger = hub.Client(hub.MerchantB1Key);
        var id = await hub.CreateMtnAccountAsync(hub.MerchantA2Key, HubFixture.NewMtnCredentials());

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.FetchAsync($"/v1/connector-accounts/{id}")).Status);
        var disabled = await owner.SendAsync(HttpMethod.Put, $"/v1/connector-accounts/{id}", """{"enabled":false}""");
        Assert.False(disabled.Json["enabled"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Delete, $"/v1/connector-accounts/{id}")).Status);
        var deleted = await owner.SendAsync(HttpMethod.Delete, $"/v1/connector-accounts/{id}");
        Assert.True(deleted.Json["deleted"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.FetchAsync($"/v1/connector-accounts/{id}")).Status);
    }
}
