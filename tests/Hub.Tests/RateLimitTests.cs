using System.Net;
using Hub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests;

/// <summary>Each API key gets Hub:RateLimit:Limit requests per window; past it, 429 with Retry-After until the window ends.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 30, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private HubApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new HubApp(_database.ConnectionString,
            settings: new Dictionary<string, string?>
            {
                ["Hub:RateLimit:Limit"] = "3", ["Hub:RateLimit:Window"] = "00:01:00",
                ["Hub:Webhooks:Enabled"] = "false", ["Hub:Reconciliation:Enabled"] = "false",
            },
            configureServices: s => s.AddSingleton<TimeProvider>(_clock));
        await _app.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task PastTheLimit_Answers429WithRetryAfter_UntilTheWindowEnds_PerKey()
    {
        var (first, second) = await _app.WithServicesAsync(async services =>
        {
            var admin = services.GetRequiredService<Hub.Tenancy.TenantAdmin>();
            var tenant = await admin.CreateTenantAsync("T", CancellationToken.None);
            var merchant = await admin.CreateMerchantAsync(tenant.Id, "M", CancellationToken.None);
            return (await admin.CreateKeyAsync(tenant.Id, merchant.Id, false, null, CancellationToken.None),
                await admin.CreateKeyAsync(tenant.Id, merchant.Id, false, null, CancellationToken.None));
        });
        using var client = Client(first);
        using var other = Client(second);

        var replies = new List<ApiReply>();
        for (var i = 0; i < 4; i++)
        {
            replies.Add(await client.FetchAsync("/v1/payments"));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], replies.Select(r => r.Status));
        Assert.Equal(["2", "1", "0", "0"], replies.Select(r => r.Header("X-RateLimit-Remaining")));
        Assert.All(replies, r => Assert.Equal("3", r.Header("X-RateLimit-Limit")));
        Assert.All(replies, r => Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 1, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), r.Header("X-RateLimit-Reset")));
        Assert.Equal("RATE_LIMIT_EXCEEDED", replies[3].Json["code"]!.GetValue<string>());
        Assert.Equal("30", replies[3].Header("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await other.FetchAsync("/v1/payments")).Status);

        _clock.Advance(TimeSpan.FromSeconds(30));
        var next = await client.FetchAsync("/v1/payments");
        Assert.Equal(HttpStatusCode.OK, next.Status);
        Assert.Equal("2", next.Header("X-RateLimit-Remaining"));
    }

    private HttpClient Client(string key)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
