using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.Playwright;

namespace Checkout.Browser.Tests;

/// <summary>
/// Issue 12's bar for the hosted checkout, in headless Chromium: a payer opens the session's url, pays by mobile money
/// (the MTN simulator pays an even amount) or Pix (paid through the simulator's /__sim resolve control, what
/// <c>tools/sim resolve pix</c> calls), and lands on the merchant's returnUrl with payment= and status=paid.
/// </summary>
[Collection(WorldCollection.Name)]
public sealed class CheckoutPageBrowserTests(World world)
{
    private static readonly TimeSpan PaidWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MobileMoney_PhoneOperatorApprovePrompt_EndsOnReturnUrlPaid()
    {
        var url = await world.CreateSessionAsync(1002, "XAF"); // MTN's sandbox: even, paid 2 s after the prompt
        var page = await NewPhonePageAsync("en-US");

        await page.GotoAsync(url);
        Assert.Equal(World.MerchantName, await page.Locator("#merchant").InnerTextAsync());
        Assert.Equal("1 002 FCFA", await page.Locator("#amount").InnerTextAsync());
        await page.GetByLabel("Phone number").FillAsync("+237 6 71 23 45 67");
        await Assertions.Expect(page.Locator("#operator")).ToHaveTextAsync("Operator: MTN Mobile Money");
        await Screenshot(page, "mobile-money-1-phone");
        await page.Locator("#mm-pay").ClickAsync();
        await Assertions.Expect(page.Locator("#progress-title")).ToHaveTextAsync("Approve the prompt on your phone");
        await Screenshot(page, "mobile-money-2-approve");

        await page.WaitForURLAsync(world.Receiver.Url + "return?**", new() { Timeout = (float)PaidWithin.TotalMilliseconds });
        await Screenshot(page, "mobile-money-3-returned");
        var paymentId = await AssertReturnedPaidAsync(page.Url);
        Assert.Single(world.Mtn.Transactions, t => t.ExternalId == paymentId);
    }

    [Fact]
    public async Task Pix_QrCopyCodeCountdown_PaidBySimResolve_EndsOnReturnUrlPaid()
    {
        var url = await world.CreateSessionAsync(1098, "BRL"); // the sandbox would pay it after 98 s: resolve does it now
        var page = await NewPhonePageAsync("pt-BR");

        await page.GotoAsync(url);
        Assert.Equal("R$ 10,98", await page.Locator("#amount").InnerTextAsync());
        await page.GetByLabel("Pix", new() { Exact = true }).CheckAsync();
        await page.Locator("#pix-pay").ClickAsync();
        var code = page.Locator("#pix-code");
        await Assertions.Expect(code).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^000201.+6304[0-9A-F]{4}$"));
        await Assertions.Expect(page.Locator("#pix-countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+:\d\d(:\d\d)?$"));
        // The PNG comes from the hub (GET /v1/payments/{id}/qr.png): wait for it to load (bounded), then check it did.
        await page.WaitForFunctionAsync("() => { const i = document.getElementById('pix-img'); return i && i.complete && i.naturalWidth > 0; }",
            null, new() { Timeout = 20_000 });
        Assert.True(await page.Locator("#pix-img").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the QR image did not load");
        await page.Locator("#pix-copy").ClickAsync();
        await Assertions.Expect(page.Locator("#pix-copy")).ToHaveTextAsync("Copiado");
        await Screenshot(page, "pix-1-qr");

        var paymentId = await page.EvaluateAsync<string>("() => document.getElementById('pix-img').src.split('/')[5]");
        using var merchant = world.MerchantClient();
        var txid = JsonNode.Parse(await merchant.GetStringAsync($"/v1/payments/{paymentId}"))!["providerReference"]!.GetValue<string>();
        using var sim = new HttpClient();
        var resolved = await sim.PostAsJsonAsync($"{world.Pix.Url}/__sim/transactions/{txid}/resolve", new { status = "CONCLUIDA" });
        Assert.True(resolved.IsSuccessStatusCode, await resolved.Content.ReadAsStringAsync());

        await page.WaitForURLAsync(world.Receiver.Url + "return?**", new() { Timeout = (float)PaidWithin.TotalMilliseconds });
        await Screenshot(page, "pix-2-returned");
        Assert.Equal(paymentId, await AssertReturnedPaidAsync(page.Url));
    }

    [Fact]
    public async Task Card_BrandLuhnAndExpiryInline_ThenPaidByTheCardSimulator_EndsOnReturnUrlPaid()
    {
        var url = await world.CreateSessionAsync(2000, "BRL"); // InfraPSP's sandbox: a test card, no document, even: approved
        var page = await NewPhonePageAsync("en-US");
        await page.GotoAsync(url);
        await page.GetByLabel("Card", new() { Exact = true }).CheckAsync();

        await page.Locator("#card-number").PressSequentiallyAsync("4235647728025683"); // one digit off: Luhn fails
        await Assertions.Expect(page.Locator("#card-brand")).ToHaveTextAsync("Visa");
        await Assertions.Expect(page.Locator("#card-number")).ToHaveValueAsync("4235 6477 2802 5683");
        await page.Locator("#card-expiry").FillAsync("01/35");
        await page.Locator("#card-cvc").FillAsync("123");
        await page.Locator("#card-pay").ClickAsync();
        await Assertions.Expect(page.Locator("#card-error")).ToHaveTextAsync("This card number is not valid");
        await page.Locator("#card-number").FillAsync("4235647728025682");
        await page.Locator("#card-expiry").FillAsync("01/20");
        await page.Locator("#card-pay").ClickAsync();
        await Assertions.Expect(page.Locator("#card-error")).ToHaveTextAsync("This expiry date is not valid or has passed");
        Assert.Empty(world.Card.Transactions); // nothing left the page
        await Screenshot(page, "card-1-inline-check");
        // The hub checks again: the same expired card sent straight to the page's endpoint is refused there.
        using var direct = new HttpClient();
        var refused = await direct.PostAsJsonAsync(url + "/pay",
            new { method = "card", card = new { number = "4235647728025682", expMonth = 1, expYear = 2020, cvc = "123" } });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal(["card.expYear"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty(world.Card.Transactions);

        await page.Locator("#card-expiry").FillAsync("01/35");
        await page.GetByLabel("Name on the card").FillAsync("ADA N");
        await page.Locator("#card-pay").ClickAsync();

        await page.WaitForURLAsync(world.Receiver.Url + "return?**", new() { Timeout = (float)PaidWithin.TotalMilliseconds });
        await Screenshot(page, "card-2-returned");
        var paymentId = await AssertReturnedPaidAsync(page.Url);
        using var merchant = world.MerchantClient();
        var payment = JsonNode.Parse(await merchant.GetStringAsync($"/v1/payments/{paymentId}"))!;
        Assert.Equal("5682", payment["card"]!["last4"]!.GetValue<string>());
        Assert.DoesNotContain("4235647728025682", payment.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task French_PageSpeaksFrench_AndTheCardStepChecksInline()
    {
        var url = await world.CreateSessionAsync(5000, "XAF");
        var page = await NewPhonePageAsync("fr-FR");

        await page.GotoAsync(url);

        Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("5 000 FCFA", await page.Locator("#amount").InnerTextAsync());
        await Assertions.Expect(page.GetByLabel("Numéro de téléphone")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("legend")).ToHaveTextAsync("Choisissez comment payer");
        await Screenshot(page, "french-page");
        // Keyboard only: the phone field takes focus from the method choice by Tab.
        await page.Locator("input[name=method]").First.FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("phone", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "the page scrolls sideways at 375 px");
    }

    private async Task<IPage> NewPhonePageAsync(string locale)
    {
        var context = await world.Browser.NewContextAsync(new()
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 375, Height = 812 },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>The return URL kept the merchant's query and gained payment= and status=paid; the payment is paid.</summary>
    private async Task<string> AssertReturnedPaidAsync(string returned)
    {
        var query = HttpUtility.ParseQueryString(new Uri(returned).Query);
        Assert.Equal("42", query["order"]);
        Assert.Equal("paid", query["status"]);
        var paymentId = query["payment"]!;
        Assert.StartsWith("pay_", paymentId, StringComparison.Ordinal);
        using var merchant = world.MerchantClient();
        var payment = JsonNode.Parse(await merchant.GetStringAsync($"/v1/payments/{paymentId}"))!;
        Assert.Equal("paid", payment["status"]!.GetValue<string>());
        return paymentId;
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(World.ScreenshotDirectory, name + ".png"), FullPage = true });
}
