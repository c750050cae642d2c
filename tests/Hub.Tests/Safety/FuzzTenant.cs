using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Hub.Common;
using Hub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Tests.Safety;

/// <summary>
/// What the fuzzer's paths point at: a tenant with a merchant, their test keys, a manual connector account, a payment,
/// a webhook endpoint and an event, so that generated requests reach handlers on real objects and not only 404s.
/// </summary>
internal sealed class FuzzTenant
{
    private readonly List<string> _ids = [];

    public string TenantKey { get; private set; } = "";

    public string MerchantKey { get; private set; } = "";

    public string MerchantId { get; private set; } = "";

    public string AccountId { get; private set; } = "";

    public static async Task<FuzzTenant> SeedAsync(HubApp app)
    {
        var tenant = new FuzzTenant();
        await app.WithServicesAsync(async services =>
        {
            var admin = services.GetRequiredService<Hub.Tenancy.TenantAdmin>();
            var t = await admin.CreateTenantAsync("Fuzz", CancellationToken.None);
            var merchant = await admin.CreateMerchantAsync(t.Id, "Fuzz shop", CancellationToken.None);
            tenant.MerchantId = PublicId.Format(PublicId.Merchant, merchant.Id);
            tenant.MerchantKey = await admin.CreateKeyAsync(t.Id, merchant.Id, false, null, CancellationToken.None);
            tenant.TenantKey = await admin.CreateKeyAsync(t.Id, null, false, null, CancellationToken.None);
            return 0;
        });

        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.MerchantKey);
        var account = await client.SendAsync(HttpMethod.Post, "/v1/connector-accounts", """{"connector":"manual","environment":"sandbox"}""");
        Assert.True(account.Status == System.Net.HttpStatusCode.Created, account.Body);
        tenant.AccountId = account.Json["id"]!.GetValue<string>();
        var payment = await client.CreatePaymentAsync(
            """{"amount":150000,"currency":"XAF","method":"bank_transfer","provider":"manual","transactionReference":"FUZZ-1","description":"fuzz"}""", Api.NewKey());
        Assert.True(payment.Status == System.Net.HttpStatusCode.Created, payment.Body);
        var endpoint = await client.SendAsync(HttpMethod.Post, "/v1/webhook-endpoints", """{"url":"http://127.0.0.1:9/hook","events":["payment.*"]}""");
        Assert.True(endpoint.IsSuccess(), endpoint.Body);
        var events = await client.FetchAsync("/v1/events");
        tenant._ids.AddRange([tenant.AccountId, payment.Json["id"]!.GetValue<string>(), endpoint.Json["id"]!.GetValue<string>(), tenant.MerchantId]);
        tenant._ids.AddRange(events.Json["data"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()).Take(2));
        return tenant;
    }

    /// <summary>A plausible value for a route parameter: a real object's id, a loaded connector, or a well-formed unknown id.</summary>
    public string ValueFor(string parameter, int n) => parameter switch
    {
        "connector" => (string[])["manual", "mtn_momo", "card", "pix", "airtel", "orange_money", "irembopay"] is var c ? c[n % c.Length] : "",
        "account" => n % 4 == 0 ? "ca_01J9ZZZZZZZZZZZZZZZZZZZZZZ" : AccountId,
        _ => n % 5 == 0 ? "pay_01J9ZZZZZZZZZZZZZZZZZZZZZZ" : _ids[n % _ids.Count],
    };
}

internal static class ApiReplyExtensions
{
    public static bool IsSuccess(this ApiReply reply) => (int)reply.Status is >= 200 and < 300;
}
