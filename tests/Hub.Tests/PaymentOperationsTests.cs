using System.Net;
using Hub.Tests.Infrastructure;

namespace Hub.Tests;

/// <summary>Cancel, capture and account-holder lookups are refused before any provider call where they cannot apply.</summary>
[Collection(HubCollection.Name)]
public sealed class PaymentOperationsTests(HubFixture hub)
{
    [Fact]
    public async Task CancelOfAnMtnPayment_IsNotSupported_AndNothingIsSent()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var created = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());
        var id = created.Json["id"]!.GetValue<string>();
        var calls = hub.Simulator.Server.LogEntries.Count;

        var cancel = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{id}/cancel");
        var after = await client.FetchAsync($"/v1/payments/{id}");

        Assert.Equal(HttpStatusCode.Conflict, cancel.Status);
        Assert.Equal("CANCEL_NOT_SUPPORTED", cancel.Json["code"]!.GetValue<string>());
        Assert.Equal("pending", after.Json["status"]!.GetValue<string>());
        Assert.Equal(calls, hub.Simulator.Server.LogEntries.Count);
    }

    [Fact]
    public async Task CaptureOfAPaymentThatCapturesAtOnce_IsAnInvalidState_AndBadAmountsAreNamed()
    {
        using var client = hub.Client(hub.MerchantA1Key);
        var created = await client.CreatePaymentAsync(Api.MtnPayment(1002), Api.NewKey());
        var id = created.Json["id"]!.GetValue<string>();

        var capture = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{id}/capture");
        var tooMuch = await client.SendAsync(HttpMethod.Post, $"/v1/payments/{id}/capture", """{"amount":5000}""");
        var missing = await client.SendAsync(HttpMethod.Post, "/v1/payments/pay_00000000000000000000000000/cancel");

        Assert.Equal(HttpStatusCode.Conflict, capture.Status);
        Assert.Equal("INVALID_STATE", capture.Json["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.Status);
        Assert.NotNull(tooMuch.Json["errors"]!["amount"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task AccountHolderLookup_NamesWhatIsMissingOrWrong()
    {
        using var client = hub.Client(hub.MerchantA1Key);

        var empty = await client.FetchAsync("/v1/account-holders");
        var bad = await client.FetchAsync("/v1/account-holders?phone=12&provider=nope");

        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.NotNull(empty.Json["errors"]!["phone"]);
        Assert.NotNull(empty.Json["errors"]!["provider"]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.NotNull(bad.Json["errors"]!["phone"]);
        Assert.Contains("no loaded connector", bad.Json["errors"]!["provider"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
