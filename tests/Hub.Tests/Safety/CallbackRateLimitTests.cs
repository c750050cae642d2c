using System.Net;
using Hub.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hub.Tests.Safety;

/// <summary>
/// Issue 10, item 7: provider callbacks are anonymous, so they are limited per source (remote address) and connector,
/// Hub:CallbackRateLimit:Limit per window. Past it: 429 RATE_LIMIT_EXCEEDED with Retry-After, the callback neither
/// processed nor stored; another source, or another connector, keeps its own budget.
/// </summary>
public sealed class CallbackRateLimitTests : IAsyncLifetime
{
    private const string SourceHeader = "X-Test-Remote-Address";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 20, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private HubApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new HubApp(_database.ConnectionString, HubApp.RepoPluginsPath(),
            settings: new Dictionary<string, string?>
            {
                ["Hub:CallbackRateLimit:Limit"] = "3", ["Hub:CallbackRateLimit:Window"] = "00:01:00",
                ["Hub:Webhooks:Enabled"] = "false", ["Hub:Reconciliation:Enabled"] = "false",
            },
            configureServices: s =>
            {
                s.AddSingleton<TimeProvider>(_clock);
                s.AddSingleton<IStartupFilter>(new RemoteAddressFromHeader());
            });
        await _app.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task PastTheLimit_ASourceGets429_NothingIsProcessed_AndOtherSourcesAreNotAffected()
    {
        using var client = _app.CreateClient();
        var account = "ca_" + Guid.NewGuid().ToString("N");

        var replies = new List<ApiReply>();
        for (var i = 0; i < 5; i++)
        {
            replies.Add(await PostAsync(client, "10.1.1.1", "mtn_momo", account));
        }

        // Unknown account: 404 (processed, counted, not stored) for the first three, then the limit.
        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests],
            replies.Select(r => r.Status));
        var refused = replies[3];
        Assert.Equal("application/problem+json", refused.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal("RATE_LIMIT_EXCEEDED", refused.Json["code"]!.GetValue<string>());
        Assert.Equal("40", refused.Header("Retry-After"));

        // Another address, and another connector from the same address, have their own windows.
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "10.2.2.2", "mtn_momo", account)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "10.1.1.1", "manual", account)).Status);

        // Inventing connector ids buys no budget: every id the hub did not load is one "unknown" partition.
        var invented = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            invented.Add((await PostAsync(client, "10.3.3.3", "nope" + i, account)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, invented[3]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, invented.Take(3));

        // The window ends: the first source is served again.
        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, "10.1.1.1", "mtn_momo", account)).Status);
    }

    [Fact]
    public async Task ARefusedCallback_ForAKnownAccount_IsNotStored()
    {
        var account = await _app.WithServicesAsync(async services =>
        {
            var admin = services.GetRequiredService<Hub.Tenancy.TenantAdmin>();
            var tenant = await admin.CreateTenantAsync("T", CancellationToken.None);
            var merchant = await admin.CreateMerchantAsync(tenant.Id, "M", CancellationToken.None);
            return await admin.CreateKeyAsync(tenant.Id, merchant.Id, false, null, CancellationToken.None);
        });
        using var merchant = _app.CreateClient();
        merchant.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", account);
        var created = await merchant.SendAsync(HttpMethod.Post, "/v1/connector-accounts",
            """{"connector":"manual","environment":"sandbox"}""");
        Assert.True(created.Status == HttpStatusCode.Created, created.Body);
        var id = created.Json["id"]!.GetValue<string>();

        using var client = _app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await PostAsync(client, "10.9.9.9", "manual", id)).Status);
        }

        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var stored = await _app.WithSystemDbAsync(db => db.Callbacks.CountAsync());
        Assert.Equal(3, stored);
    }

    private static async Task<ApiReply> PostAsync(HttpClient client, string source, string connector, string account)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/callbacks/{connector}/{account}")
        {
            Content = new StringContent("""{"status":"SUCCESSFUL"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(SourceHeader, source);
        var response = await client.SendAsync(request);
        return new ApiReply(response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>The test server has no socket: the remote address comes from a test header, first in the pipeline.</summary>
    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate following) =>
            {
                if (http.Request.Headers[SourceHeader].ToString() is { Length: > 0 } address)
                {
                    http.Connection.RemoteIpAddress = IPAddress.Parse(address);
                }

                return following(http);
            });
            next(app);
        };
    }
}
