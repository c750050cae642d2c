using Connectors.Abstractions;

namespace Connectors.IremboPay.Tests;

/// <summary>Canonical ↔ wire: phones, providers, times, amounts, the invoice body, results from invoices.</summary>
public sealed class MappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 17, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("+250788123456", false, "0788123456")]
    [InlineData("+250788123456", true, "250788123456")]
    [InlineData("+250733000001", false, "0733000001")]
    [InlineData("+237671234567", false, null)]
    [InlineData("+25078812345", false, null)]
    [InlineData("0788123456", false, null)]
    [InlineData(null, false, null)]
    public void WirePhone_LocalOrInternational(string? e164, bool international, string? expected) =>
        Assert.Equal(expected, IremboPayMapping.ToWirePhone(e164, international));

    [Theory]
    [InlineData("+250788000001", "MTN")]
    [InlineData("+250791234567", "MTN")]
    [InlineData("+250721234567", "AIRTEL")]
    [InlineData("+250733000002", "AIRTEL")]
    [InlineData("+250751234567", null)]
    [InlineData("+237671234567", null)]
    public void PaymentProvider_ByPrefix(string e164, string? expected) =>
        Assert.Equal(expected, IremboPayMapping.PaymentProvider(e164));

    [Fact]
    public void Time_InIremboPayFormat_AndBack()
    {
        var time = new DateTimeOffset(2026, 11, 22, 19, 0, 0, TimeSpan.FromHours(2));

        Assert.Equal("2026-11-22T19:00:00.000+02:00", IremboPayMapping.FormatTime(time));
        Assert.Equal(time, IremboPayMapping.ParseTime("2026-11-22T19:00:00.000+02:00"));
    }

    [Theory]
    [InlineData("100", "RWF", 100L)]
    [InlineData("10.10", "EUR", 1010L)]
    [InlineData("10.5", "RWF", null)]
    [InlineData("100", "XYZ", null)]
    public void Amount_MajorUnitsToMoney(string amount, string currency, long? minor)
    {
        var money = IremboPayMapping.ToMoney(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency);

        Assert.Equal(minor, money?.Minor);
    }

    [Fact]
    public void Invoice_FromPaymentAndAccount()
    {
        var payment = TestSupport.Payment(5000, "+250788123456", expiresAt: new DateTimeOffset(2026, 11, 22, 19, 0, 0, TimeSpan.FromHours(2)))
            with { Description = "  Order 123 " };
        var options = IremboPayOptions.From(TestSupport.Account(new Uri("http://sim"), phoneFormat: "international"));

        var invoice = IremboPayMapping.ToInvoice(payment, options);

        Assert.Equal(payment.PaymentId, invoice.TransactionId);
        Assert.Equal("TST-RWF", invoice.PaymentAccountIdentifier);
        var item = Assert.Single(invoice.PaymentItems);
        Assert.Equal(("PC-aaf751b73f", 1, 5000m), (item.Code, item.Quantity, item.UnitAmount));
        Assert.Equal("2026-11-22T19:00:00.000+02:00", invoice.ExpiryAt);
        Assert.Equal("Order 123", invoice.Description);
        Assert.Equal("250788123456", invoice.Customer!.PhoneNumber);
        Assert.Equal("EN", invoice.Language);
    }

    [Fact]
    public void ProviderReference_IsTheHubId()
    {
        var connector = new IremboPayConnector();

        Assert.Equal("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", connector.NewProviderReference("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C"));
    }

    [Theory]
    [InlineData("NEW", 60, null, PaymentMethod.BankTransfer, PaymentStatus.Pending)]
    [InlineData("NEW", -1, null, PaymentMethod.MobileMoney, PaymentStatus.Expired)]
    [InlineData("NEW", -1, IremboPayClosure.Canceled, PaymentMethod.MobileMoney, PaymentStatus.Canceled)]
    [InlineData("NEW", -1, IremboPayClosure.PushRejected, PaymentMethod.MobileMoney, PaymentStatus.Failed)]
    [InlineData("PAID", -1, IremboPayClosure.Canceled, PaymentMethod.MobileMoney, PaymentStatus.Paid)]
    public void Result_FromInvoice_ExpiryOnTheContextClockAndClosures(string status, int expiresInSeconds, string? closure,
        PaymentMethod method, PaymentStatus expected)
    {
        var invoice = new IremboPayInvoice
        {
            InvoiceNumber = "880519183281",
            PaymentStatus = status,
            ExpiryAt = IremboPayMapping.FormatTime(Now.AddSeconds(expiresInSeconds)),
            PaymentLinkUrl = "https://checkout.example/880519183281",
            Amount = 1000,
            Currency = "RWF",
        };
        var data = new IremboPayData { Stage = IremboPayStage.Closed, Closure = closure, ErrorCode = "PAYMENT_PROVIDER_ERROR" };

        var result = IremboPayResults.FromInvoice(invoice, data, Now, method, "+250788123456");

        Assert.Equal(expected, result.Status);
        Assert.Equal(status, result.ProviderStatus);
        Assert.Equal("880519183281", result.ProviderTransactionId);
        Assert.Equal("880519183281", IremboPayData.Parse(result.ConnectorData)!.InvoiceNumber);
        if (expected == PaymentStatus.Pending)
        {
            Assert.Equal(new Uri("https://checkout.example/880519183281"), result.NextAction!.Url);
        }

        if (expected == PaymentStatus.Failed)
        {
            Assert.Equal("PAYMENT_PROVIDER_ERROR", result.Failure!.ProviderCode);
        }

        if (expected == PaymentStatus.Expired)
        {
            Assert.Equal(FailureCode.Expired, result.Failure!.Code);
        }
    }

    [Fact]
    public void Schema_ExamplesValidate_AndPhoneFormatIsConstrained()
    {
        var schema = new IremboPayConnector().Descriptor.Account;
        var credentials = schema.Credentials.Where(f => f.Example is not null).ToDictionary(f => f.Name, f => f.Example!);
        var settings = schema.Settings.Where(f => (f.Example ?? f.Default) is not null).ToDictionary(f => f.Name, f => (f.Example ?? f.Default)!);

        Assert.Empty(schema.Validate(credentials, settings));
        Assert.Equal(credentials["secretKey"], credentials["callbackSecret"]);
        var bad = new Dictionary<string, string>(settings) { ["phoneFormat"] = "e164" };
        Assert.Equal("settings.phoneFormat", Assert.Single(schema.Validate(credentials, bad)).Field);
        Assert.Equal(["local", "international"], schema.Settings.Single(f => f.Name == "phoneFormat").AllowedValues);
    }
}
