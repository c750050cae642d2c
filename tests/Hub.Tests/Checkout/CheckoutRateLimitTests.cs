using System.Net;
using Hub.Tests.Infrastructure;

namespace Hub.Tests.Checkout;

/// <summary>The public checkout routes are limited per address (Hub:CheckoutRateLimit): a script trying session ids or
/// sending push prompts gets 429 RATE_LIMIT_EXCEEDED with Retry-After, before anything is looked up or sent.</summary>
public sealed class CheckoutRateLimitTests
{
    [Fact]
    public async Task PastTheLimit_ACheckoutRequestIs429_WithRetryAfter_AndTheWindowFreesIt()
    {
        await using var world = await Reconciliation.ReconciliationHub.StartAsync(new Dictionary<string, string?>
        {
            ["Hub:CheckoutRateLimit:Limit"] = "3", ["Hub:CheckoutRateLimit:Window"] = "00:01:00",
        });
        using var payer = world.App.CreateClient();

        var allowed = new List<ApiReply>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add(await payer.FetchAsync("/checkout/cs_01M846Z9S7ER6BYBXBJRW0WYW1/status"));
        }

        var refused = await payer.SendAsync(HttpMethod.Post, "/checkout/cs_01M846Z9S7ER6BYBXBJRW0WYW1/pay",
            """{"method":"mobile_money","phone":"+237671234567"}""");
        world.HubClock.Advance(TimeSpan.FromMinutes(1));
        var later = await payer.FetchAsync("/checkout/cs_01M846Z9S7ER6BYBXBJRW0WYW1/status");

        Assert.All(allowed, r => Assert.Equal(HttpStatusCode.NotFound, r.Status)); // counted, and answered as usual
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("RATE_LIMIT_EXCEEDED", refused.Json["code"]!.GetValue<string>());
        Assert.True(int.Parse(refused.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal(HttpStatusCode.NotFound, later.Status);
    }
}
