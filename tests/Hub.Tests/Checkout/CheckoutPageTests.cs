using System.Net;
using System.Text.Json.Nodes;
using Hub.Common;
using Hub.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Hub.Tests.Checkout;

/// <summary>The public page and its calls, through the hub on PostgreSQL with the MTN simulator (merchant A1 has MTN only).</summary>
[Collection(HubCollection.Name)]
public sealed class CheckoutPageTests(HubFixture hub)
{
    private const string PayByPhone = """{"method":"mobile_money","phone":"+237 6 71 23 45 67"}""";

    [Fact]
    public async Task Page_ShowsMerchantAmountAndMobileMoney_UnderAStrictPolicy()
    {
        using var merchant = hub.Client(hub.MerchantA1Key);
        var id = (await CheckoutSessionsApiTests.CreateAsync(merchant))["id"]!.GetValue<string>();

        var page = await hub.Client().FetchAsync($"/checkout/{id}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html", page.Message.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<p class=\"merchant\" id=\"merchant\">A1</p>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<p class=\"amount\" id=\"amount\">5 000 FCFA</p>", page.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"mobile_money\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"pix\"", page.Body, StringComparison.Ordinal); // A1 has no Pix account
        Assert.Contains("<label for=\"phone\">Phone number</label>", page.Body, StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\"", page.Body, StringComparison.Ordinal);
        var csp = page.Header("Content-Security-Policy")!;
        Assert.StartsWith("default-src 'none'; script-src 'nonce-", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", page.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr-CM,fr;q=0.9", "fr", "Numéro de téléphone")]
    [InlineData("pt-BR", "pt", "Número de telefone")]
    public async Task Page_SpeaksTheAcceptedLanguage(string acceptLanguage, string lang, string phoneLabel)
    {
        using var merchant = hub.Client(hub.MerchantA1Key);
        var id = (await CheckoutSessionsApiTests.CreateAsync(merchant))["id"]!.GetValue<string>();
        using var payer = hub.Client();
        payer.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);

        var page = await payer.FetchAsync($"/checkout/{id}");

        Assert.Contains($"<html lang=\"{lang}\">", page.Body, StringComparison.Ordinal);
        Assert.Contains(phoneLabel, page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_UnknownSession_Is404()
    {
        var page = await hub.Client().FetchAsync("/checkout/cs_01M846Z9S7ER6BYBXBJRW0WYW1");
        var pay = await hub.Client().SendAsync(HttpMethod.Post, "/checkout/cs_nonsense/pay", PayByPhone);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal(HttpStatusCode.NotFound, pay.Status);
        Assert.Equal("NOT_FOUND", pay.Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Operator_ComesFromThePhonePrefixRouting()
    {
        using var merchant = hub.Client(hub.MerchantA1Key);
        var id = (await CheckoutSessionsApiTests.CreateAsync(merchant))["id"]!.GetValue<string>();
        using var payer = hub.Client();

        var mtn = await payer.SendAsync(HttpMethod.Post, $"/checkout/{id}/operator", """{"phone":"6 71 23 45 67"}""");
        var orange = await payer.SendAsync(HttpMethod.Post, $"/checkout/{id}/operator", """{"phone":"+237 6 91 23 45 67"}""");
        var garbage = await payer.SendAsync(HttpMethod.Post, $"/checkout/{id}/operator", """{"phone":"12"}""");

        Assert.Equal(HttpStatusCode.OK, mtn.Status);
        Assert.Equal("MTN Mobile Money", mtn.Json["operator"]!.GetValue<string>());
        Assert.Equal("mtn_momo", mtn.Json["provider"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode)422, orange.Status); // A1 has no Orange account
        Assert.Equal("NO_ROUTE", orange.Json["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
    }

    [Fact]
    public async Task Pay_DoubleClick_MakesOnePayment_ThenTheSessionCompletesAndReturnsToTheShop()
    {
        using var merchant = hub.Client(hub.MerchantA1Key);
        var id = (await CheckoutSessionsApiTests.CreateAsync(merchant))["id"]!.GetValue<string>();
        using var payer = hub.Client();

        var clicks = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => payer.SendAsync(HttpMethod.Post, $"/checkout/{id}/pay", PayByPhone)));
        var later = await payer.SendAsync(HttpMethod.Post, $"/checkout/{id}/pay", PayByPhone);

        var made = clicks.Where(c => c.Status is HttpStatusCode.Created or HttpStatusCode.OK).ToList();
        Assert.NotEmpty(made);
        Assert.All(clicks, c => Assert.Contains(c.Status, new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var paymentId = made[0].Json["id"]!.GetValue<string>();
        Assert.All(made, c => Assert.Equal(paymentId, c.Json["id"]!.GetValue<string>()));
        // A later click returns the same payment, or, once MTN paid it (5000 XAF pays at once), says the session is paid.
        Assert.True(later.Status == HttpStatusCode.Conflict
            ? later.Json["code"]?.GetValue<string>() == "INVALID_STATE"
            : later.Json["id"]?.GetValue<string>() == paymentId, $"{(int)later.Status} {later.Body}");
        Assert.Single(hub.Simulator.Transactions, t => t.ExternalId == paymentId);
        var payment = (await merchant.FetchAsync($"/v1/payments/{paymentId}")).Json;
        Assert.Equal("mtn_momo", payment["provider"]!.GetValue<string>());
        Assert.Equal("+237671234567", payment["payer"]!["phone"]!.GetValue<string>());
        Assert.Equal(id, payment["metadata"]!["checkoutSession"]!.GetValue<string>());
        Assert.Equal("order-42", payment["externalId"]!.GetValue<string>());

        var synced = await merchant.SendAsync(HttpMethod.Post, $"/v1/payments/{paymentId}/sync"); // 5000 XAF: paid at once
        var status = await payer.FetchAsync($"/checkout/{id}/status");
        var session = await merchant.FetchAsync($"/v1/checkout-sessions/{id}");
        var again = await payer.SendAsync(HttpMethod.Post, $"/checkout/{id}/pay", PayByPhone);

        Assert.Equal("paid", synced.Json["status"]!.GetValue<string>());
        Assert.Equal($"https://shop.example/return?order=42&payment={paymentId}&status=paid", status.Json["redirectUrl"]!.GetValue<string>());
        Assert.Equal("complete", session.Json["status"]!.GetValue<string>());
        Assert.Equal(paymentId, session.Json["paymentId"]!.GetValue<string>());
        Assert.Equal("paid", session.Json["paymentStatus"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("INVALID_STATE", again.Json["code"]!.GetValue<string>());
        PublicId.TryParse(PublicId.CheckoutSession, id, out var guid);
        var events = await hub.App.WithSystemDbAsync(db => db.Events.Where(e => e.ObjectId == guid).Select(e => e.Type).ToListAsync());
        Assert.Equal(["checkout_session.completed"], events);
    }

    [Fact]
    public async Task Pay_MethodNotOffered_OrNoPhone_Is400AndMakesNothing()
    {
        using var merchant = hub.Client(hub.MerchantA1Key);
        var id = (await CheckoutSessionsApiTests.CreateAsync(merchant))["id"]!.GetValue<string>();
        using var payer = hub.Client();

        var pix = await payer.SendAsync(HttpMethod.Post, $"/checkout/{id}/pay", """{"method":"pix"}""");
        var noPhone = await payer.SendAsync(HttpMethod.Post, $"/checkout/{id}/pay", """{"method":"mobile_money"}""");
        var badPhone = await payer.SendAsync(HttpMethod.Post, $"/checkout/{id}/pay", """{"method":"mobile_money","phone":"12"}""");

        Assert.Equal(HttpStatusCode.BadRequest, pix.Status);
        Assert.Equal(["method"], pix.Json["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(["phone"], noPhone.Json["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(["payer.phone"], badPhone.Json["errors"]!.AsObject().Select(e => e.Key));
        Assert.Null((await merchant.FetchAsync($"/v1/checkout-sessions/{id}")).Json["paymentId"]);
    }

    [Fact]
    public async Task Pay_CardWhereTheMerchantTakesNone_IsRefused()
    {
        using var merchant = hub.Client(hub.MerchantA1Key);
        var body = CheckoutSessionsApiTests.Session(methods: new JsonArray("card"));
        var id = (await CheckoutSessionsApiTests.CreateAsync(merchant, body))["id"]!.GetValue<string>();
        var page = await hub.Client().FetchAsync($"/checkout/{id}");

        // A1 takes no card, so the page offers nothing and a card payment is refused.
        Assert.Contains("No payment method is available", page.Body, StringComparison.Ordinal);
        var pay = await hub.Client().SendAsync(HttpMethod.Post, $"/checkout/{id}/pay",
            """{"method":"card","card":{"number":"4235647728025682","expMonth":1,"expYear":2020,"cvc":"123"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, pay.Status);
        Assert.Equal(["method"], pay.Json["errors"]!.AsObject().Select(e => e.Key));
    }
}
