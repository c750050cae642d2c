using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.OrangeMoney.Tests;

public sealed class MappingTests
{
    [Theory]
    [InlineData("+237699123456", "699123456")]
    [InlineData("+237655123456", "655123456")]
    [InlineData("+237671234567", "671234567")] // an MTN number is still a Cameroon mobile: routing is the hub's
    [InlineData("+23769912345", null)]
    [InlineData("+2376991234567", null)]
    [InlineData("237699123456", null)]
    [InlineData("+250788123456", null)]
    [InlineData("+237299123456", null)]
    [InlineData(null, null)]
    public void ToLocalMsisdn_NineDigitLocal(string? e164, string? expected) =>
        Assert.Equal(expected, OrangeMoneyMapping.ToLocalMsisdn(e164));

    [Fact]
    public void NotifUrl_CarriesReferenceAndSubject()
    {
        Assert.Equal("https://hub.example.com/v1/callbacks/orange_money/ca_1?ref=pay_1&for=payment",
            OrangeMoneyMapping.ToNotifUrl(new Uri("https://hub.example.com/v1/callbacks/orange_money/ca_1"), CallbackSubject.Payment, "pay_1"));
        Assert.Equal("https://hub.example.com/cb?x=1&ref=ref%201&for=refund",
            OrangeMoneyMapping.ToNotifUrl(new Uri("https://hub.example.com/cb?x=1"), CallbackSubject.Refund, "ref 1"));
    }

    [Fact]
    public void ConnectorData_RoundTrips()
    {
        var data = OrangeMoneyMapping.ToData("MP2212070A1B2C3D");

        Assert.Equal("""{"payToken":"MP2212070A1B2C3D"}""", data);
        Assert.Equal("MP2212070A1B2C3D", OrangeMoneyMapping.PayTokenOf(data));
        Assert.True(ConnectorDataLimits.Fits(data));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("""{"payToken":""}""")]
    [InlineData("""{"other":"x"}""")]
    public void ConnectorData_NotOurs_HasNoPayToken(string? data) => Assert.Null(OrangeMoneyMapping.PayTokenOf(data));

    [Fact]
    public void PayRequest_EveryValueIsAString()
    {
        var account = TestSupport.Account(new Uri("https://api-s1.orange.cm"));
        var options = OrangeMoneyOptions.From(account);

        var body = OrangeMoneyMapping.ToPayRequest(options, "https://hub.example/cb?ref=pay_1&for=payment",
            new Money(5000, Currency.XAF), "699123456", "pay_1", "Order 123", "MP2212");
        var json = JsonSerializer.Serialize(body, OrangeMoneyJsonContext.Default.OrangeMoneyPayRequest);

        Assert.Equal(
            """{"notifUrl":"https://hub.example/cb?ref=pay_1\u0026for=payment","channelUserMsisdn":"691234567","amount":"5000","subscriberMsisdn":"699123456","pin":"2222","orderId":"pay_1","description":"Order 123","payToken":"MP2212"}""",
            json);
        Assert.DoesNotContain("2222", body.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("699123456", body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PayRequest_NoDescription_TakesTheOrderId()
    {
        var options = OrangeMoneyOptions.From(TestSupport.Account(new Uri("https://api-s1.orange.cm")));

        var body = OrangeMoneyMapping.ToPayRequest(options, "https://hub/cb", new Money(5000, Currency.XAF), "699123456",
            "pay_1", "  \t ", "MP1");

        Assert.Equal("pay_1", body.Description);
        Assert.Equal("a b", OrangeMoneyMapping.ToDescription("a\nb"));
        Assert.Equal(OrangeMoneyMapping.MaxDescriptionLength, OrangeMoneyMapping.ToDescription(new string('x', 400))!.Length);
    }

    [Fact]
    public void StatusReply_PendingCarriesApproveOnPhone()
    {
        var reply = OrangeMoneyClient.Read("""
            {"message":"Transaction retrieved successfully","data":{"id":48463325,"createtime":"1670442691","subscriberMsisdn":"699123456","amount":5000,"payToken":"MP2212","txnid":"MP221207.2051.B56929","txnmode":"12345","inittxnmessage":"…","inittxnstatus":"200","confirmtxnstatus":null,"confirmtxnmessage":null,"status":"PENDING"}}
            """)!;

        var result = OrangeMoneyMapping.ToPaymentResult(OrangeMoneyAnswer.Of(reply.Data!, reply.Message, "MP2212"), null);

        Assert.Equal(PaymentStatus.Pending, result.Status);
        Assert.Equal("PENDING", result.ProviderStatus);
        Assert.Equal(NextActionType.ApproveOnPhone, result.NextAction!.Type);
        Assert.EndsWith("+237699123456", result.NextAction.Message, StringComparison.Ordinal);
        Assert.Equal("MP221207.2051.B56929", result.ProviderTransactionId);
        Assert.Equal("""{"payToken":"MP2212"}""", result.ConnectorData);
        Assert.Equal("5000", reply.Data!.Amount);
        Assert.Equal("48463325", reply.Data.Id);
    }

    [Fact]
    public void StatusReply_Successfull_IsPaid()
    {
        var reply = OrangeMoneyClient.Read("""
            {"message":"Transaction retrieved successfully","data":{"amount":5000,"payToken":"MP2212","txnid":"MP221207.2051.B56929","inittxnstatus":"200","confirmtxnstatus":"200","confirmtxnmessage":"Successful Payment of 5000 XAF, Transaction ID:MP221207.2051.B56929","status":"SUCCESSFULL"}}
            """)!;

        var result = OrangeMoneyMapping.ToPaymentResult(OrangeMoneyAnswer.Of(reply.Data!, reply.Message, "MP2212"), null);

        Assert.Equal(PaymentStatus.Paid, result.Status);
        Assert.Null(result.Failure);
        Assert.Null(result.NextAction);
    }

    [Fact]
    public void Reply_WsoFault_IsRead()
    {
        var reply = OrangeMoneyClient.Read("""{"fault":{"code":900901,"message":"Invalid Credentials","description":"Make sure…"}}""")!;

        Assert.Equal("900901", reply.Fault!.Code);
        Assert.Null(reply.Data);
        Assert.Null(OrangeMoneyClient.Read("<html>502</html>"));
        Assert.Null(OrangeMoneyClient.Read(""));
    }

    [Fact]
    public void Account_ChannelUserMustBeNineDigits()
    {
        var good = TestSupport.Account(new Uri("https://api-s1.orange.cm"));
        var bad = good with { Settings = new Dictionary<string, string> { ["channelUserMsisdn"] = "237691234567" } };

        Assert.Empty(new OrangeMoneyConnector().ValidateAccount(good));
        Assert.Equal("settings.channelUserMsisdn", Assert.Single(new OrangeMoneyConnector().ValidateAccount(bad)).Field);
        Assert.DoesNotContain(TestSupport.ConsumerSecret, OrangeMoneyOptions.From(good).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptor_DeclaresOrangeCameroon()
    {
        var d = new OrangeMoneyConnector().Descriptor;

        Assert.Equal("orange_money", d.Id);
        Assert.Equal(["XAF"], d.Currencies);
        Assert.Equal(["23769", "237655", "237656", "237657", "237658", "237659"], d.PhonePrefixes);
        Assert.Equal(ConnectorCapabilities.Refund | ConnectorCapabilities.PartialRefund | ConnectorCapabilities.Payout
            | ConnectorCapabilities.Callbacks | ConnectorCapabilities.Polling, d.Capabilities);
        Assert.Equal(CallbackTrust.Unsigned, d.CallbackTrust);
        Assert.Equal(["consumerKey", "consumerSecret", "apiUser", "apiPassword", "pin"], d.Account.Credentials.Select(f => f.Name));
        Assert.Equal("691234567", Assert.Single(d.Account.Settings).Example);
    }

    [Fact]
    public void ProviderReference_IsTheHubId() =>
        Assert.Equal("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", new OrangeMoneyConnector().NewProviderReference("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C"));
}
