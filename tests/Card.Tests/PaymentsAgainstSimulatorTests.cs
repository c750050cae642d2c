using Connectors.Abstractions;

namespace Connectors.Card.Tests;

/// <summary>The connector against the card simulator: sale, authorize, capture, void, refunds, the document rule, USD.</summary>
public sealed class PaymentsAgainstSimulatorTests : SimulatorHarness
{
    [Fact]
    public async Task Authorize_Capture_PartialRefunds_ThenRefunded()
    {
        var payment = TestSupport.Payment(1000, capture: false);

        var authorized = await CreateAsync(payment);
        var captured = await CaptureAsync(payment, 1000);
        var half = await RefundAsync(Refund(payment, 500));
        var afterHalf = await StatusAsync(payment);
        var rest = await RefundAsync(Refund(payment, 500));
        var afterAll = await StatusAsync(payment);
        var tooMuch = await RefundAsync(Refund(payment, 100));

        Assert.Equal((PaymentStatus.Authorized, "1"), (authorized.Status, authorized.ProviderStatus));
        var sale = Simulator.Find(payment.ProviderReference)!;
        Assert.Equal(sale.Reference, authorized.ProviderTransactionId);
        Assert.Equal("423564******5682", sale.MaskedCardNumber);
        Assert.Equal("Visa", sale.Brand);
        Assert.Equal(PaymentStatus.Paid, captured.Status);
        Assert.Equal(TransferStatus.Completed, half.Status);
        Assert.Equal(PaymentStatus.Paid, afterHalf.Status);
        Assert.Equal(TransferStatus.Completed, rest.Status);
        Assert.Equal((PaymentStatus.Refunded, "10"), (afterAll.Status, afterAll.ProviderStatus));
        Assert.Equal((TransferStatus.Failed, "309"), (tooMuch.Status, tooMuch.Failure!.ProviderCode));
        Assert.Equal(1000, sale.VoidedAmount);
    }

    [Fact]
    public async Task PartialCapture_Once_TheSecondAnswersTheSale()
    {
        var payment = TestSupport.Payment(1000, capture: false);
        await CreateAsync(payment);

        var first = await CaptureAsync(payment, 600);
        var second = await CaptureAsync(payment, 400);

        Assert.Equal(PaymentStatus.Paid, first.Status);
        Assert.Equal(PaymentStatus.Paid, second.Status);
        Assert.Equal(600, Simulator.Find(payment.ProviderReference)!.CapturedAmount);
        Assert.Equal(2, (await ProviderCallsAsync(2, "PUT")).Count);
    }

    [Fact]
    public async Task Void_OfAnAuthorization_IsCanceled_AndARetrySendsNoSecondVoid()
    {
        var payment = TestSupport.Payment(1000, capture: false);
        await CreateAsync(payment);

        var canceled = await CancelAsync(payment);
        var again = await CancelAsync(payment);

        Assert.Equal((PaymentStatus.Canceled, "10"), (canceled.Status, canceled.ProviderStatus));
        Assert.Equal(PaymentStatus.Canceled, again.Status);
        Assert.Single(await ProviderCallsAsync(1, "PUT"));
    }

    [Fact]
    public async Task VoidOfACapturedSale_NextBrazilianDay_IsStatus11Refunded()
    {
        var payment = TestSupport.Payment(1000);
        await CreateAsync(payment);
        Clock.Advance(TimeSpan.FromDays(1));

        await RefundAsync(Refund(payment, 1000));
        var status = await StatusAsync(payment);

        Assert.Equal((PaymentStatus.Refunded, "11"), (status.Status, status.ProviderStatus));
    }

    [Theory]
    [InlineData("95643732041", true, PaymentStatus.Paid, null)]
    [InlineData("95643732041", false, PaymentStatus.Authorized, null)]
    [InlineData("95643732042", true, PaymentStatus.Failed, FailureCode.FraudSuspected)]
    [InlineData("95643732044", true, PaymentStatus.Failed, FailureCode.FraudSuspected)]
    [InlineData("95643732045", true, PaymentStatus.UnderReview, null)]
    [InlineData("16142765010", false, PaymentStatus.UnderReview, null)]
    public async Task Document_DecidesTheSale(string document, bool capture, PaymentStatus expected, FailureCode? failure)
    {
        var payment = TestSupport.Payment(1000, document, capture);

        var created = await CreateAsync(payment);
        var status = await StatusAsync(payment);

        Assert.Equal((expected, failure), (created.Status, created.Failure?.Code));
        Assert.Equal((expected, failure), (status.Status, status.Failure?.Code));
    }

    [Theory]
    [InlineData("4024007153763191", 1, 2035, "123")]
    [InlineData("4235647728025682", 2, 2035, "123")]
    [InlineData("4235647728025682", 1, 2035, "999")]
    public async Task CardOutsideTheTestList_IsDeclined05(string number, int month, int year, string cvc)
    {
        var payment = TestSupport.Payment(1000, card: new PaymentCard { Number = number, ExpMonth = month, ExpYear = year, Cvc = cvc });

        var created = await CreateAsync(payment);

        Assert.Equal((PaymentStatus.Failed, FailureCode.CardDeclined, "05"), (created.Status, created.Failure?.Code, created.Failure?.ProviderCode));
    }

    [Theory]
    [InlineData("5448280000000007", "123", "Master")]
    [InlineData("4389351648020055", "123", "Elo")]
    [InlineData("371341553758128", "1234", "Amex")]
    public async Task EveryTestCard_IsPaid_WithItsBrand(string number, string cvc, string brand)
    {
        var payment = TestSupport.Payment(1000, card: new PaymentCard { Number = number, ExpMonth = 1, ExpYear = 2035, Cvc = cvc });

        var created = await CreateAsync(payment);

        Assert.Equal(PaymentStatus.Paid, created.Status);
        Assert.Equal(brand, Simulator.Find(payment.ProviderReference)!.Brand);
    }

    [Fact]
    public async Task UsdSale_IsPaid()
    {
        var payment = TestSupport.Payment(2500, currency: "USD");

        var created = await CreateAsync(payment);

        Assert.True(created.Status == PaymentStatus.Paid, $"{created.Outcome} {created.Detail} {string.Join("|", Logs.Lines)}");
        Assert.Equal("USD", Simulator.Find(payment.ProviderReference)!.Currency);
    }

    [Fact]
    public async Task FailOnCreate_IsAborted13()
    {
        var created = await CreateAsync(TestSupport.Payment(1000, name: "Ada fail_on_create"));

        Assert.Equal((PaymentStatus.Failed, FailureCode.ProviderError, "13"), (created.Status, created.Failure?.Code, created.Failure?.ProviderCode));
    }

    [Fact]
    public async Task WrongMerchantKey_IsRefused401_AndNothingIsCreated()
    {
        var payment = TestSupport.Payment();
        var account = TestSupport.Account(new Uri(Simulator.Url), merchantKey: "invalid");

        var created = await CreateAsync(payment, Context(payment.PaymentId, account));

        Assert.Equal((PaymentStatus.Failed, "401"), (created.Status, created.Failure?.ProviderCode));
        Assert.Null(Simulator.Find(payment.ProviderReference));
    }

    [Fact]
    public async Task Status_WithoutData_FindsTheSaleByMerchantOrderId_AtTheQueryHost()
    {
        var payment = TestSupport.Payment(1000, capture: false);
        await CreateAsync(payment);
        Saved.Clear();
        var account = TestSupport.Account(new Uri(Simulator.Url), queryBaseUrl: Simulator.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal));

        var status = await Connector.GetPaymentStatusAsync(TestSupport.Context(Simulator.Url, Clock, account),
            TestSupport.StatusRequest(payment), CancellationToken.None);

        Assert.Equal(PaymentStatus.Authorized, status.Status);
        await ProviderCallsAsync(3);
        var gets = Simulator.Server.LogEntries.Where(e => e.RequestMessage!.Method == "GET").Select(e => e.RequestMessage!.Url).ToList();
        Assert.Equal(2, gets.Count);
        Assert.All(gets, url => Assert.StartsWith("http://localhost:", url, StringComparison.Ordinal));
        Assert.Contains(gets, url => url.Contains("merchantOrderId=" + payment.ProviderReference, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryCall_CarriesTheMerchantHeadersAndAFreshRequestId()
    {
        var payment = TestSupport.Payment(1000, capture: false);
        await CreateAsync(payment);
        await StatusAsync(payment);

        await ProviderCallsAsync(2);
        var requests = Simulator.Server.LogEntries.Select(e => e.RequestMessage!).ToList();
        Assert.All(requests, r => Assert.Equal(TestSupport.MerchantId, r.Headers!["MerchantId"][0]));
        Assert.All(requests, r => Assert.Equal(TestSupport.MerchantKey, r.Headers!["MerchantKey"][0]));
        var ids = requests.Select(r => r.Headers!["RequestId"][0]).ToList();
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
