using System.Net;
using System.Text.Json;
using Simulators.MtnMomo;

namespace Simulators.Tests;

/// <summary>MTN's wire format over real HTTP: tokens, request to pay, status, errors.</summary>
public sealed class MtnMomoWireTests : IDisposable
{
    private readonly MtnMomoHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Token_ValidCredentials_ReturnsAccessToken()
    {
        using var response = await _h.TokenAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("eyJ0", json.RootElement.GetProperty("access_token").GetString());
        Assert.Equal("access_token", json.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(3600, json.RootElement.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task Token_InvalidApiKey_Returns401LoginFailed()
    {
        using var response = await _h.TokenAsync(apiKey: "invalid");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"error":"login_failed"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Token_MissingSubscriptionKey_Returns401FromGateway()
    {
        using var response = await _h.TokenAsync(withSubscriptionKey: false);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, json.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Contains("subscription key", json.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task RequestToPay_Valid_Returns202WithEmptyBody()
    {
        var token = await _h.AccessTokenAsync();

        using var response = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Single(_h.Simulator.Transactions);
    }

    [Fact]
    public async Task RequestToPay_ReusedReference_Returns409ResourceAlreadyExist()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        using var first = await _h.RequestToPayAsync(reference, token);

        using var second = await _h.RequestToPayAsync(reference, token);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(
            """{"code":"RESOURCE_ALREADY_EXIST","message":"Duplicated reference id. Creation of resource failed."}""",
            await second.Content.ReadAsStringAsync());
        Assert.Single(_h.Simulator.Transactions);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("")]
    public async Task RequestToPay_BadReference_Returns400(string reference)
    {
        var token = await _h.AccessTokenAsync();

        using var response = await _h.PostAsync("/collection/v1_0/requesttopay", MtnMomoHarness.PaymentBody(), reference == "" ? null : reference, token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_h.Simulator.Transactions);
    }

    [Theory]
    [InlineData("Fish & chips", "note")]
    [InlineData("Order", "A&B")]
    public async Task RequestToPay_AmpersandInMessages_Returns400(string payerMessage, string payeeNote)
    {
        var token = await _h.AccessTokenAsync();

        using var response = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token,
            MtnMomoHarness.PaymentBody(payerMessage: payerMessage, payeeNote: payeeNote));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_h.Simulator.Transactions);
    }

    [Theory]
    [InlineData("""{"amount":1002,"currency":"EUR","payer":{"partyIdType":"MSISDN","partyId":"1"}}""")]
    [InlineData("""{"amount":"10.02","currency":"EUR","payer":{"partyIdType":"PHONE","partyId":"1"}}""")]
    [InlineData("""{"amount":"10.02","currency":"EUR"}""")]
    [InlineData("""{"amount":"ten","currency":"EUR","payer":{"partyIdType":"MSISDN","partyId":"1"}}""")]
    [InlineData("not json")]
    public async Task RequestToPay_MalformedBody_Returns400(string body)
    {
        var token = await _h.AccessTokenAsync();

        using var response = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RequestToPay_WithoutToken_Returns401()
    {
        using var response = await _h.PostAsync("/collection/v1_0/requesttopay", MtnMomoHarness.PaymentBody(), MtnMomoHarness.NewReference(), token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("""{"statusCode":401,"message":"Access denied due to invalid subscription key."}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RequestToPay_ExpiredToken_Returns401()
    {
        var token = await _h.AccessTokenAsync();
        _h.Clock.Advance(TimeSpan.FromSeconds(3600));

        using var response = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RequestToPay_DisbursementToken_Returns401()
    {
        var token = await _h.AccessTokenAsync("disbursement");

        using var response = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("sandbox", "5000", "XAF")]
    [InlineData("mtncameroon", "10.02", "EUR")]
    [InlineData("mtnelsewhere", "5000", "XAF")]
    public async Task RequestToPay_CurrencyNotOfEnvironment_Returns500InvalidCurrency(string environment, string amount, string currency)
    {
        var token = await _h.AccessTokenAsync();

        using var response = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token,
            MtnMomoHarness.PaymentBody(amount: amount, currency: currency), environment: environment);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("INVALID_CURRENCY", json.RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("mtncameroon", "5000", "XAF")]
    [InlineData("mtnrwanda", "5000", "RWF")]
    [InlineData("mtnghana", "50.00", "GHS")]
    public async Task RequestToPay_CurrencyOfEnvironment_Returns202(string environment, string amount, string currency)
    {
        var token = await _h.AccessTokenAsync();

        using var response = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token,
            MtnMomoHarness.PaymentBody(amount: amount, currency: currency), environment: environment);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task RequestToPay_CallbackHostNotTheApiUsers_Returns500InvalidCallbackUrlHost()
    {
        var token = await _h.AccessTokenAsync();

        using var response = await _h.PostAsync("/collection/v1_0/requesttopay", MtnMomoHarness.PaymentBody(),
            MtnMomoHarness.NewReference(), token, "https://hub.example/v1/callbacks/mtn_momo/ca_1?ref=x");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("INVALID_CALLBACK_URL_HOST", json.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task RequestToPay_FailOnCreate_Returns500NotAllowedAndStoresNothing()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();

        using var response = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(payerMessage: "fail_on_create"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("NOT_ALLOWED", json.RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _h.StatusAsync(reference, token)).Status);
    }

    [Fact]
    public async Task RequestToPay_MagicPhone462_Returns503ServiceUnavailable()
    {
        var token = await _h.AccessTokenAsync();

        using var response = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token, MtnMomoHarness.PaymentBody(phone: "46733123462"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"SERVICE_UNAVAILABLE\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetStatus_EvenAmount_PendingUntilDelayThenSuccessful()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        using var created = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.02"), withCallback: false);

        var before = await _h.StatusAsync(reference, token);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var almost = await _h.StatusAsync(reference, token);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await _h.StatusAsync(reference, token);

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(
            """{"externalId":"pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C","amount":"10.02","currency":"EUR","payer":{"partyIdType":"MSISDN","partyId":"237671234567"},"payerMessage":"Order 123","payeeNote":"Order 123","status":"PENDING"}""",
            before.Body);
        Assert.Contains("\"status\":\"PENDING\"", almost.Body);
        using var json = JsonDocument.Parse(after.Body);
        Assert.Equal("SUCCESSFUL", json.RootElement.GetProperty("status").GetString());
        Assert.Matches("^[0-9]+$", json.RootElement.GetProperty("financialTransactionId").GetString());
        Assert.False(json.RootElement.TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task GetStatus_OddAmount_FailedNotEnoughFundsAtOnce()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        using var created = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(amount: "10.01"), withCallback: false);

        var (status, body) = await _h.StatusAsync(reference, token);

        Assert.Equal(HttpStatusCode.OK, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("FAILED", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("NOT_ENOUGH_FUNDS", json.RootElement.GetProperty("reason").GetString());
        Assert.False(json.RootElement.TryGetProperty("financialTransactionId", out _));
    }

    [Fact]
    public async Task GetStatus_MagicPhone453_SuccessfulOnlyWhenAskedAfter30Seconds()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        using var created = await _h.RequestToPayAsync(reference, token, MtnMomoHarness.PaymentBody(phone: "46733123453"));

        _h.Clock.Advance(TimeSpan.FromSeconds(29));
        var early = await _h.StatusAsync(reference, token);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var late = await _h.StatusAsync(reference, token);

        Assert.Contains("\"status\":\"PENDING\"", early.Body);
        Assert.Contains("\"status\":\"SUCCESSFUL\"", late.Body);
        await MtnMomoHarness.SettleAsync();
        Assert.Empty(_h.Simulator.Callbacks);
    }

    [Fact]
    public async Task GetStatus_UnknownReference_Returns404ResourceNotFound()
    {
        var token = await _h.AccessTokenAsync();

        var (status, body) = await _h.StatusAsync(MtnMomoHarness.NewReference(), token);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("""{"code":"RESOURCE_NOT_FOUND","message":"Requested resource was not found."}""", body);
    }

    [Fact]
    public async Task Transfer_EvenAmount_SuccessfulAfterDelayWithPayee()
    {
        var token = await _h.AccessTokenAsync("disbursement");
        var reference = MtnMomoHarness.NewReference();
        var body = """{"amount":"10.04","currency":"EUR","externalId":"po_1","payee":{"partyIdType":"MSISDN","partyId":"237671234567"},"payerMessage":"Payout","payeeNote":"Payout"}""";

        using var created = await _h.PostAsync("/disbursement/v1_0/transfer", body, reference, token);
        _h.Clock.Advance(TimeSpan.FromSeconds(4));
        var (status, json) = await _h.StatusAsync(reference, token, "disbursement/v1_0/transfer");

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"237671234567\"}", json);
        Assert.Contains("\"status\":\"SUCCESSFUL\"", json);
    }

    [Fact]
    public async Task Refund_OfSuccessfulPayment_Returns202AndFollowsAmountRule()
    {
        var collection = await _h.AccessTokenAsync();
        var disbursement = await _h.AccessTokenAsync("disbursement");
        var payment = MtnMomoHarness.NewReference();
        using var paid = await _h.RequestToPayAsync(payment, collection, MtnMomoHarness.PaymentBody(amount: "10.00"), withCallback: false);
        var refund = MtnMomoHarness.NewReference();
        var body = $$"""{"amount":"5.01","currency":"EUR","externalId":"rf_1","payerMessage":"Refund","payeeNote":"Refund","referenceIdToRefund":"{{payment}}"}""";

        using var refunded = await _h.PostAsync("/disbursement/v1_0/refund", body, refund, disbursement);
        var (status, json) = await _h.StatusAsync(refund, disbursement, "disbursement/v1_0/refund");

        Assert.Equal(HttpStatusCode.Accepted, refunded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"reason\":\"NOT_ENOUGH_FUNDS\"", json);
    }

    [Fact]
    public async Task Refund_PartialAndRepeated_NeverBeyondThePaidAmount()
    {
        var collection = await _h.AccessTokenAsync();
        var disbursement = await _h.AccessTokenAsync("disbursement");
        var payment = MtnMomoHarness.NewReference();
        using var paid = await _h.RequestToPayAsync(payment, collection, MtnMomoHarness.PaymentBody(amount: "10.00"), withCallback: false);
        string Body(string amount, string currency = "EUR") =>
            $$"""{"amount":"{{amount}}","currency":"{{currency}}","externalId":"rf","referenceIdToRefund":"{{payment}}"}""";

        using var first = await _h.PostAsync("/disbursement/v1_0/refund", Body("4.00"), MtnMomoHarness.NewReference(), disbursement);
        using var tooMuch = await _h.PostAsync("/disbursement/v1_0/refund", Body("7.00"), MtnMomoHarness.NewReference(), disbursement);
        using var rest = await _h.PostAsync("/disbursement/v1_0/refund", Body("6.00"), MtnMomoHarness.NewReference(), disbursement);
        using var more = await _h.PostAsync("/disbursement/v1_0/refund", Body("0.02"), MtnMomoHarness.NewReference(), disbursement);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, tooMuch.StatusCode);
        Assert.Contains("\"code\":\"NOT_ALLOWED\"", await tooMuch.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, rest.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, more.StatusCode);
    }

    [Theory]
    [InlineData("250788000001", "\"status\":\"SUCCESSFUL\"")]
    [InlineData("250788000002", "\"reason\":\"APPROVAL_REJECTED\"")]
    public async Task Transfer_RwandaToCopayPayees_CopayRuleInRwf(string payee, string expected)
    {
        var token = await _h.AccessTokenAsync("disbursement");
        var reference = MtnMomoHarness.NewReference();
        var body = """{"amount":"1003","currency":"RWF","externalId":"po_1","payee":{"partyIdType":"MSISDN","partyId":"PAYEE"}}"""
            .Replace("PAYEE", payee, StringComparison.Ordinal);

        using var created = await _h.PostAsync("/disbursement/v1_0/transfer", body, reference, token, environment: "mtnrwanda");
        using var euro = await _h.PostAsync("/disbursement/v1_0/transfer", body.Replace("RWF", "EUR", StringComparison.Ordinal),
            MtnMomoHarness.NewReference(), token, environment: "mtnrwanda");
        _h.Clock.Advance(TimeSpan.FromSeconds(3));
        var (_, json) = await _h.StatusAsync(reference, token, "disbursement/v1_0/transfer");

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.Contains(expected, json, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, euro.StatusCode);
        Assert.Contains("INVALID_CURRENCY", await euro.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiUser_ProvisionedWithHost_ChecksItsKeyAndCallbackHost()
    {
        var apiUser = MtnMomoHarness.NewReference();
        using var user = await _h.PostAsync("/v1_0/apiuser", """{"providerCallbackHost":"hub.example"}""", apiUser, token: null);
        using var keyResponse = await _h.PostAsync($"/v1_0/apiuser/{apiUser}/apikey", "", referenceId: null, token: null);
        using var keyJson = JsonDocument.Parse(await keyResponse.Content.ReadAsStringAsync());
        var apiKey = keyJson.RootElement.GetProperty("apiKey").GetString()!;

        using var wrongKey = await _h.TokenAsync(apiUser: apiUser, apiKey: "not-the-key");
        using var rightKey = await _h.TokenAsync(apiUser: apiUser, apiKey: apiKey);
        using var tokenJson = JsonDocument.Parse(await rightKey.Content.ReadAsStringAsync());
        var token = tokenJson.RootElement.GetProperty("access_token").GetString()!;
        using var localhostCallback = await _h.RequestToPayAsync(MtnMomoHarness.NewReference(), token);
        using var hubCallback = await _h.PostAsync("/collection/v1_0/requesttopay", MtnMomoHarness.PaymentBody(),
            MtnMomoHarness.NewReference(), token, "https://hub.example/v1/callbacks/mtn_momo/ca_1?ref=1");
        using var fetched = await _h.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/v1_0/apiuser/{apiUser}")
        {
            Headers = { { "Ocp-Apim-Subscription-Key", MtnMomoHarness.SubscriptionKey } },
        });

        Assert.Equal(HttpStatusCode.Created, user.StatusCode);
        Assert.Equal(HttpStatusCode.Created, keyResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightKey.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, localhostCallback.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, hubCallback.StatusCode);
        Assert.Equal("""{"providerCallbackHost":"hub.example","targetEnvironment":"sandbox"}""", await fetched.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AccountHolder_MagicPhone455_IsNotActive()
    {
        var token = await _h.AccessTokenAsync();

        using var active = await _h.GetAsync("/collection/v1_0/accountholder/msisdn/237671234567/active", token);
        using var inactive = await _h.GetAsync("/collection/v1_0/accountholder/msisdn/46733123455/active", token);

        Assert.Equal("""{"result":true}""", await active.Content.ReadAsStringAsync());
        Assert.Equal("""{"result":false}""", await inactive.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Journal_CountsEveryProviderCall()
    {
        var token = await _h.AccessTokenAsync();
        var reference = MtnMomoHarness.NewReference();
        using var created = await _h.RequestToPayAsync(reference, token);
        await _h.StatusAsync(reference, token);

        var journal = _h.Simulator.Server.LogEntries.ToList();
        Assert.Equal(3, journal.Count);
        Assert.Single(journal, e => e.RequestMessage?.Path == "/collection/v1_0/requesttopay");
    }

    [Fact]
    public async Task AdminApi_IsOn()
    {
        using var response = await _h.Http.GetAsync("/__admin/mappings");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
