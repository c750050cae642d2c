using System.Net;
using System.Text.Json.Nodes;
using Hub.Persistence;
using Hub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Hub.Tests.Webhooks;

/// <summary>One database for the class: a development hub (private networks allowed) and a production one beside it.</summary>
public sealed class WebhookApiFixture : IAsyncLifetime
{
    internal WebhookHarness Harness { get; private set; } = null!;

    internal HubApp Production { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Harness = await WebhookHarness.StartAsync();
        Production = Harness.StartHub(allowPrivateNetworks: false);
    }

    public async Task DisposeAsync() => await Harness.DisposeAsync();
}

public sealed class WebhookEndpointsApiTests(WebhookApiFixture fixture) : IClassFixture<WebhookApiFixture>
{
    private WebhookHarness Harness => fixture.Harness;

    [Fact]
    public async Task Create_ValidEndpoint_Returns201WithTheSecretOnlyThere()
    {
        using var client = Harness.Client(Harness.MerchantKey);

        var created = await client.SendAsync(HttpMethod.Post, "/v1/webhook-endpoints",
            """{"url":"https://merchant.example/hooks","events":["payment.*","refund.completed"],"description":"orders"}""");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var json = created.Json;
        var id = json["id"]!.GetValue<string>();
        Assert.StartsWith("we_", id, StringComparison.Ordinal);
        Assert.Equal("webhook_endpoint", json["object"]!.GetValue<string>());
        Assert.Equal("https://merchant.example/hooks", json["url"]!.GetValue<string>());
        Assert.Equal(["payment.*", "refund.completed"], json["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("orders", json["description"]!.GetValue<string>());
        Assert.Equal("active", json["status"]!.GetValue<string>());
        var secret = json["secret"]!.GetValue<string>();
        Assert.Equal(24, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotNull(json["createdAt"]);

        var fetched = await client.FetchAsync($"/v1/webhook-endpoints/{id}");
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.False(fetched.Json.AsObject().ContainsKey("secret"));
        Assert.DoesNotContain(secret, fetched.Body, StringComparison.Ordinal);
        var list = await client.FetchAsync("/v1/webhook-endpoints?pageSize=100");
        Assert.Contains(list.Json["data"]!.AsArray(), e => e!["id"]!.GetValue<string>() == id);
        Assert.DoesNotContain("whsec_", list.Body, StringComparison.Ordinal);
        Assert.NotNull(list.Json["pagination"]!["total"]);

        // Encrypted at rest: the row does not hold the secret in clear.
        var stored = await Harness.Hub.WithSystemDbAsync(db => db.WebhookEndpoints.AsNoTracking().SingleAsync(w => w.Url == "https://merchant.example/hooks"));
        Assert.DoesNotContain(secret["whsec_".Length..], stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(Harness.Hub.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"events":["payment.*"]}""", "url")]
    [InlineData("""{"url":"merchant.example/hooks","events":["payment.*"]}""", "url")]
    [InlineData("""{"url":"ftp://merchant.example/hooks","events":["payment.*"]}""", "url")]
    [InlineData("""{"url":"https://user:pw@merchant.example/hooks","events":["payment.*"]}""", "url")]
    [InlineData("""{"url":"https://merchant.example/hooks"}""", "events")]
    [InlineData("""{"url":"https://merchant.example/hooks","events":[]}""", "events")]
    [InlineData("""{"url":"https://merchant.example/hooks","events":"payment.*"}""", "events")]
    [InlineData("""{"url":"https://merchant.example/hooks","events":["payment.paid","payment.nope"]}""", "events[1]")]
    [InlineData("""{"url":"https://merchant.example/hooks","events":["nope.*"]}""", "events[0]")]
    [InlineData("""{"url":"https://merchant.example/hooks","events":[7]}""", "events[0]")]
    [InlineData("""{"url":"https://merchant.example/hooks","events":["*"],"status":"paused"}""", "status")]
    [InlineData("""[1]""", "body")]
    public async Task Create_Invalid_ReturnsValidationErrorOnTheField(string body, string field)
    {
        using var client = Harness.Client(Harness.MerchantKey);

        var reply = await client.SendAsync(HttpMethod.Post, "/v1/webhook-endpoints", body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("VALIDATION_ERROR", reply.Json["code"]!.GetValue<string>());
        Assert.True(reply.Json["errors"]!.AsObject().ContainsKey(field), reply.Body);
    }

    [Theory]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://localhost:8443/hooks")]
    [InlineData("https://10.1.2.3/hooks")]
    [InlineData("https://172.20.0.5/hooks")]
    [InlineData("https://192.168.0.10/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.1.1/hooks")]
    [InlineData("https://0.0.0.0/hooks")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://[fe80::1]/hooks")]
    [InlineData("https://[fd00:ec2::254]/hooks")]
    [InlineData("https://[::ffff:127.0.0.1]/hooks")]
    [InlineData("http://93.184.215.14/hooks")]
    public async Task Create_InProduction_RefusesPrivateAddressesAndPlainHttp(string url)
    {
        using var client = Harness.Client(Harness.MerchantKey, fixture.Production);

        var reply = await client.SendAsync(HttpMethod.Post, "/v1/webhook-endpoints",
            new JsonObject { ["url"] = url, ["events"] = new JsonArray("*") }.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("VALIDATION_ERROR", reply.Json["code"]!.GetValue<string>());
        Assert.True(reply.Json["errors"]!.AsObject().ContainsKey("url"), reply.Body);
    }

    [Fact]
    public async Task Create_InProductionPublicHttps_IsAcceptedAndInDevelopmentLoopbackToo()
    {
        using var production = Harness.Client(Harness.MerchantKey, fixture.Production);
        var publicUrl = await production.SendAsync(HttpMethod.Post, "/v1/webhook-endpoints",
            """{"url":"https://93.184.215.14/hooks","events":["*"]}""");
        Assert.Equal(HttpStatusCode.Created, publicUrl.Status);

        using var development = Harness.Client(Harness.MerchantKey);
        var loopback = await development.SendAsync(HttpMethod.Post, "/v1/webhook-endpoints",
            """{"url":"http://127.0.0.1:9/hooks","events":["*"]}""");
        Assert.Equal(HttpStatusCode.Created, loopback.Status);
        var metadata = await development.SendAsync(HttpMethod.Post, "/v1/webhook-endpoints",
            """{"url":"http://169.254.169.254/latest/meta-data","events":["*"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, metadata.Status);
    }

    [Fact]
    public async Task Update_ChangesFieldsAndStatus()
    {
        var (id, _) = await Harness.CreateEndpointAsync("https://merchant.example/update", "payment.paid");
        using var client = Harness.Client(Harness.MerchantKey);

        var disabled = await client.SendAsync(HttpMethod.Put, $"/v1/webhook-endpoints/{id}",
            """{"url":"https://merchant.example/v2","events":["payout.*"],"description":"payouts","status":"disabled"}""");

        Assert.Equal(HttpStatusCode.OK, disabled.Status);
        Assert.Equal("https://merchant.example/v2", disabled.Json["url"]!.GetValue<string>());
        Assert.Equal(["payout.*"], disabled.Json["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("payouts", disabled.Json["description"]!.GetValue<string>());
        Assert.Equal("disabled", disabled.Json["status"]!.GetValue<string>());
        Assert.False(disabled.Json.AsObject().ContainsKey("secret"));

        var active = await client.SendAsync(HttpMethod.Put, $"/v1/webhook-endpoints/{id}", """{"status":"active"}""");
        Assert.Equal("active", active.Json["status"]!.GetValue<string>());
        Assert.Null(active.Json["disabledReason"]);
        Assert.Equal("https://merchant.example/v2", active.Json["url"]!.GetValue<string>());

        var invalid = await client.SendAsync(HttpMethod.Put, $"/v1/webhook-endpoints/{id}", """{"events":["payment.bogus"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal(["payout.*"], (await client.FetchAsync($"/v1/webhook-endpoints/{id}")).Json["events"]!.AsArray()
            .Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public async Task Delete_RetiresTheEndpoint()
    {
        var (id, _) = await Harness.CreateEndpointAsync("https://merchant.example/delete", "*");
        using var client = Harness.Client(Harness.MerchantKey);

        var deleted = await client.SendAsync(HttpMethod.Delete, $"/v1/webhook-endpoints/{id}");

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.True(deleted.Json["deleted"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.FetchAsync($"/v1/webhook-endpoints/{id}")).Status);
        Assert.DoesNotContain(id, (await client.FetchAsync("/v1/webhook-endpoints?pageSize=100")).Body, StringComparison.Ordinal);
        var row = await Harness.Hub.WithSystemDbAsync(db => db.WebhookEndpoints.AsNoTracking().SingleAsync(w => w.Url == "https://merchant.example/delete"));
        Assert.NotNull(row.DeletedAt);
        Assert.Equal("disabled", row.Status);
    }

    [Fact]
    public async Task AnotherMerchant_GetsNotFoundEverywhere()
    {
        var (id, _) = await Harness.CreateEndpointAsync("https://merchant.example/mine", "*");
        using var stranger = Harness.Client(Harness.OtherMerchantKey);

        ApiReply[] replies =
        [
            await stranger.FetchAsync($"/v1/webhook-endpoints/{id}"),
            await stranger.SendAsync(HttpMethod.Put, $"/v1/webhook-endpoints/{id}", """{"status":"disabled"}"""),
            await stranger.SendAsync(HttpMethod.Delete, $"/v1/webhook-endpoints/{id}"),
            await stranger.SendAsync(HttpMethod.Post, $"/v1/webhook-endpoints/{id}/rotate-secret"),
            await stranger.FetchAsync($"/v1/webhook-endpoints/{id}/deliveries"),
        ];

        Assert.All(replies, r =>
        {
            Assert.Equal(HttpStatusCode.NotFound, r.Status);
            Assert.Equal("NOT_FOUND", r.Json["code"]!.GetValue<string>());
        });
        Assert.DoesNotContain(id, (await stranger.FetchAsync("/v1/webhook-endpoints")).Body, StringComparison.Ordinal);
        using var owner = Harness.Client(Harness.MerchantKey);
        Assert.Equal("active", (await owner.FetchAsync($"/v1/webhook-endpoints/{id}")).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unauthenticated_Returns401() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await Harness.Client(null).FetchAsync("/v1/webhook-endpoints")).Status);

    [Fact]
    public async Task Events_ListFilterAndGet_OnlyTheMerchantsOwn()
    {
        var paymentId = await Harness.CreatePaymentAsync();
        using var client = Harness.Client(Harness.MerchantKey);

        var created = await client.FetchAsync("/v1/events?type=payment.created&pageSize=100");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        var ev = Assert.Single(created.Json["data"]!.AsArray(), e => e!["data"]!["id"]!.GetValue<string>() == paymentId)!;
        Assert.All(created.Json["data"]!.AsArray(), e => Assert.Equal("payment.created", e!["type"]!.GetValue<string>()));
        var id = ev["id"]!.GetValue<string>();
        Assert.StartsWith("evt_", id, StringComparison.Ordinal);

        var fetched = await client.FetchAsync($"/v1/events/{id}");
        Assert.Equal(HttpStatusCode.OK, fetched.Status);
        Assert.Equal("event", fetched.Json["object"]!.GetValue<string>());
        Assert.Equal("payment.created", fetched.Json["type"]!.GetValue<string>());
        Assert.Equal("created", fetched.Json["data"]!["status"]!.GetValue<string>());
        Assert.NotNull(fetched.Json["createdAt"]);

        var future = Harness.Clock.GetUtcNow().AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var none = await client.FetchAsync($"/v1/events?createdAtGte={Uri.EscapeDataString(future)}");
        Assert.Empty(none.Json["data"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.FetchAsync("/v1/events?type=payment.bogus")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.FetchAsync("/v1/events?createdAtLte=yesterday")).Status);

        using var stranger = Harness.Client(Harness.OtherMerchantKey);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.FetchAsync($"/v1/events/{id}")).Status);
        Assert.DoesNotContain(id, (await stranger.FetchAsync("/v1/events?pageSize=100")).Body, StringComparison.Ordinal);
    }
}
