using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.Card.Tests;

/// <summary>References, brands from the BIN (Elo and Hipercard before Visa), the sale body, results and chargebacks.</summary>
public sealed class MappingTests
{
    [Fact]
    public void Reference_IsThePaymentIdWithoutUnderscore()
    {
        Assert.Equal("pay01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", new CardConnector().NewProviderReference("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C"));
    }

    [Theory]
    [InlineData("4235647728025682", "Visa")]
    [InlineData("4389351648020055", "Elo")]
    [InlineData("4389358876174389", "Elo")]
    [InlineData("5448280000000007", "Master")]
    [InlineData("2221000000000009", "Master")]
    [InlineData("371341553758128", "Amex")]
    [InlineData("6062825624254001", "Hipercard")]
    [InlineData("5067224275805500", "Elo")]
    [InlineData("6504000000000000", "Elo")]
    [InlineData("9999000000000000", null)]
    public void Brand_FromBin(string number, string? brand) => Assert.Equal(brand, CardMapping.Brand(number));

    [Fact]
    public void Sale_CarriesTheRequestInCieloFields()
    {
        var payment = TestSupport.Payment(15700, capture: false) with { Installments = 2 };

        var json = JsonSerializer.Serialize(CardMapping.ToSale(payment, payment.Card!, "Visa"), CardJsonContext.Default.CieloSaleRequest);

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(payment.ProviderReference, root.GetProperty("MerchantOrderId").GetString());
        Assert.Equal("Ada N", root.GetProperty("Customer").GetProperty("Name").GetString());
        Assert.Equal("95643732041", root.GetProperty("Customer").GetProperty("Identity").GetString());
        Assert.Equal("CPF", root.GetProperty("Customer").GetProperty("IdentityType").GetString());
        var p = root.GetProperty("Payment");
        Assert.Equal("CreditCard", p.GetProperty("Type").GetString());
        Assert.Equal(15700, p.GetProperty("Amount").GetInt64());
        Assert.Equal("BRL", p.GetProperty("Currency").GetString());
        Assert.Equal(2, p.GetProperty("Installments").GetInt32());
        Assert.False(p.GetProperty("Capture").GetBoolean());
        Assert.False(p.GetProperty("Authenticate").GetBoolean());
        Assert.Equal("01/2035", p.GetProperty("CreditCard").GetProperty("ExpirationDate").GetString());
        Assert.Equal("Visa", p.GetProperty("CreditCard").GetProperty("Brand").GetString());
        Assert.Equal("ADA N", p.GetProperty("CreditCard").GetProperty("Holder").GetString());
    }

    [Fact]
    public void WireModels_NeverPrintTheCard()
    {
        var payment = TestSupport.Payment();
        var sale = CardMapping.ToSale(payment, payment.Card!, "Visa");

        var printed = $"{sale} {sale.Payment} {sale.Payment.CreditCard} {payment.Card}";

        Assert.DoesNotContain(TestSupport.VisaNumber, printed, StringComparison.Ordinal);
        Assert.Contains("423564******5682", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Sale_WithChargebacks_ReportsThem()
    {
        var payment = new CieloPayment
        {
            PaymentId = "24bc8366-fc31-4d6c-8555-17049a836a07",
            Status = 2,
            ReturnCode = "6",
            CapturedAmount = 1000,
            Chargebacks =
            [
                new CieloChargeback { Id = "cb1", Amount = 400, ReasonCode = "4837", ReasonMessage = "No cardholder authorization", Status = "Received", Date = "2026-12-01 21:14:05" },
                new CieloChargeback { Id = "cb2", Amount = 100, Status = "Lost" },
                new CieloChargeback { Id = "cb3", Amount = 100, Status = "Appealed" },
            ],
        };

        var result = CardMapping.FromSale(payment, Currency.BRL);

        Assert.Equal(PaymentStatus.Paid, result.Status);
        Assert.Equal("24bc8366-fc31-4d6c-8555-17049a836a07", result.ProviderTransactionId);
        Assert.Equal(2, result.Chargebacks.Count);
        var first = result.Chargebacks[0];
        Assert.Equal(("cb1", 400L, ChargebackStatus.Pending, "4837", "Received"),
            (first.ProviderReference, first.Amount.Minor, first.Status, first.ReasonCode, first.ProviderStatus));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 14, 5, TimeSpan.Zero), first.OpenedAt);
        Assert.Equal(ChargebackStatus.Lost, result.Chargebacks[1].Status);
    }

    [Fact]
    public void Sale_In3DSecure_RedirectsToTheAuthenticationUrl()
    {
        var result = CardMapping.FromSale(new CieloPayment
        {
            PaymentId = "24bc8366-fc31-4d6c-8555-17049a836a07", Status = 0, Authenticate = true,
            AuthenticationUrl = "https://auth.example.com/3ds/24bc8366",
        }, Currency.BRL);

        Assert.Equal(PaymentStatus.Pending, result.Status);
        Assert.Equal(NextActionType.Redirect, result.NextAction!.Type);
        Assert.Equal(new Uri("https://auth.example.com/3ds/24bc8366"), result.NextAction.Url);
        Assert.Equal("24bc8366-fc31-4d6c-8555-17049a836a07", CardData.Parse(result.ConnectorData)!.PaymentId);
    }

    [Fact]
    public void Sale_ReadsCielosWireFormat_CodesAsStringOrNumber()
    {
        var sale = JsonSerializer.Deserialize("""
            {"MerchantOrderId":"pay01","Payment":{"PaymentId":"24bc8366-fc31-4d6c-8555-17049a836a07","Status":1,"ReturnCode":4,
             "ReturnMessage":"Operation Successful","Amount":15700,"FraudAnalysis":{"Status":3,"StatusDescription":"Review"}}}
            """, CardJsonContext.Default.CieloSale)!;

        Assert.Equal("4", sale.Payment!.ReturnCode);
        Assert.Equal(PaymentStatus.UnderReview, CardMapping.FromSale(sale.Payment, Currency.BRL).Status);
    }

    [Fact]
    public void Account_ValidationNamesTheBadFields()
    {
        var account = TestSupport.Account(new Uri("http://127.0.0.1:1")) with
        {
            Credentials = new Dictionary<string, string>
            {
                ["merchantId"] = "not-a-guid", ["merchantKey"] = TestSupport.MerchantKey, ["notificationHeaders"] = "{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\"}",
            },
            Settings = new Dictionary<string, string> { ["queryBaseUrl"] = "ftp://x" },
        };

        var errors = new CardConnector().ValidateAccount(account).Select(e => e.Field).ToList();

        Assert.Equal(["credentials.merchantId", "settings.queryBaseUrl", "credentials.notificationHeaders"], errors);
        Assert.Empty(new CardConnector().ValidateAccount(TestSupport.Account(new Uri("http://127.0.0.1:1"),
            notificationHeaders: "{\"X-Notify-Token\":\"s3cret\"}", queryBaseUrl: "https://apiquerysandbox.cieloecommerce.cielo.com.br")));
    }
}
