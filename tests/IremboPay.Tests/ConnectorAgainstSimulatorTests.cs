using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.IremboPay;
using Simulators.Kit;

namespace Connectors.IremboPay.Tests;

/// <summary>
/// The connector against the IremboPay simulator, on one fake clock: Copay's phones (MTN and Airtel, paid and failed),
/// the bank redirect paid with ?outcome=paid, cancel, fail_on_create, expiry, resumed creates.
/// </summary>
public sealed class ConnectorAgainstSimulatorTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly IremboPaySimulator _simulator;
    private readonly IremboPayConnector _connector = new();
    private readonly Dictionary<string, string> _saved = [];

    public ConnectorAgainstSimulatorTests()
    {
        _simulator = IremboPaySimulator.Start(new IremboPaySimulatorOptions { Port = 0, Clock = _clock });
    }

    public void Dispose() => _simulator.Dispose();

    [Theory]
    [InlineData("+250788000001", "MTN", "MTN_MOMO")]
    [InlineData("+250733000001", "AIRTEL", "AIRTEL_MONEY")]
    public async Task CopaySuccessPhone_PendingOnPhoneThenPaidAfterTheAmountDelay(string phone, string provider, string method)
    {
        var payment = TestSupport.Payment(1002, phone);

        var created = await CreateAsync(payment);
        var early = await StatusAsync(payment, created);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var paid = await StatusAsync(payment, created);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal(NextActionType.ApproveOnPhone, created.NextAction!.Type);
        Assert.Equal(PaymentStatus.Pending, early.Status);
        Assert.Equal(PaymentStatus.Paid, paid.Status);
        Assert.Equal("PAID", paid.ProviderStatus);
        var invoice = _simulator.Find(payment.ProviderReference)!;
        Assert.Equal(invoice.InvoiceNumber, created.ProviderTransactionId);
        Assert.Equal(invoice.InvoiceNumber, paid.ProviderTransactionId);
        Assert.Equal(provider, invoice.PushProvider);
        Assert.Equal("0" + phone[4..], invoice.PushAccountIdentifier);
        Assert.Equal("0" + phone[4..], invoice.CustomerPhone);
        Assert.Equal(1002L, invoice.AmountMinor);
        Assert.Equal("TST-RWF", invoice.PaymentAccountIdentifier);
        Assert.Equal(method, IremboPayData.Parse(paid.ConnectorData)!.PaymentMethod);
    }

    [Theory]
    [InlineData("+250788000002")]
    [InlineData("+250733000002")]
    [InlineData("+250781234567", 1001)]
    public async Task RejectedPush_FailedProviderError_AndTheInvoiceIsClosed(string phone, long amount = 1002)
    {
        var payment = TestSupport.Payment(amount, phone);

        var created = await CreateAsync(payment);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var later = await StatusAsync(payment, created);

        Assert.Equal(PaymentStatus.Failed, created.Status);
        Assert.Equal(FailureCode.ProviderError, created.Failure!.Code);
        Assert.Equal("PAYMENT_PROVIDER_ERROR", created.Failure.ProviderCode);
        Assert.Equal(PaymentStatus.Failed, later.Status);
        var invoice = _simulator.Find(payment.ProviderReference)!;
        Assert.True(invoice.IsExpired(_clock.GetUtcNow()), "a rejected push's invoice is closed so it can never be paid");
        Assert.Equal(["PAYMENT_PROVIDER_ERROR"], invoice.PushErrors);
    }

    [Fact]
    public async Task InternationalPhoneFormat_SendsTwelveDigits()
    {
        var account = TestSupport.Account(new Uri(_simulator.Url), phoneFormat: "international");
        var payment = TestSupport.Payment(1000, "+250788000001");

        var created = await _connector.CreatePaymentAsync(Context(account), payment, CancellationToken.None);

        Assert.Equal(PaymentStatus.Paid, (await StatusAsync(payment, created, account)).Status);
        var invoice = _simulator.Find(payment.ProviderReference)!;
        Assert.Equal("250788000001", invoice.CustomerPhone);
        Assert.Equal("250788000001", invoice.PushAccountIdentifier);
    }

    [Fact]
    public async Task Bank_RedirectToTheCheckoutPage_OutcomePaidPaysByBk()
    {
        var payment = TestSupport.Payment(1001, "+250788123456", PaymentMethod.BankTransfer);

        var created = await CreateAsync(payment);
        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal(NextActionType.Redirect, created.NextAction!.Type);
        using var browser = new HttpClient();
        var page = await browser.GetAsync(new Uri(created.NextAction.Url!, "?outcome=paid"));
        var paid = await StatusAsync(payment, created);

        Assert.True(page.IsSuccessStatusCode);
        Assert.StartsWith(_simulator.Url + "/checkout/", created.NextAction.Url!.ToString(), StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Paid, paid.Status);
        Assert.Equal("BK", IremboPayData.Parse(paid.ConnectorData)!.PaymentMethod);
        Assert.Null(_simulator.Find(payment.ProviderReference)!.PushProvider);
    }

    [Fact]
    public async Task Cancel_ExpiresTheInvoice_ALaterPushGetsInvoiceExpired()
    {
        var payment = TestSupport.Payment(1050, "+250788000001");
        var created = await CreateAsync(payment);

        var canceled = await _connector.CancelPaymentAsync(Context(), new CancelPaymentRequest
        {
            PaymentId = payment.PaymentId,
            ProviderReference = payment.ProviderReference,
            ProviderTransactionId = created.ProviderTransactionId,
            PaymentAmount = payment.Amount,
            Status = PaymentStatus.Pending,
            ConnectorData = created.ConnectorData,
        }, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var status = await StatusAsync(payment, canceled);
        var push = await PostPushAsync(created.ProviderTransactionId!, "0788000001", "MTN");

        Assert.Equal(PaymentStatus.Canceled, canceled.Status);
        Assert.Equal(PaymentStatus.Canceled, status.Status);
        Assert.Equal(400, (int)push.StatusCode);
        Assert.Contains("INVOICE_EXPIRED", await push.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_WithoutConnectorData_FindsTheInvoiceByTransactionId()
    {
        var payment = TestSupport.Payment(1000, "+250788123456", PaymentMethod.BankTransfer);
        await CreateAsync(payment);

        var canceled = await _connector.CancelPaymentAsync(Context(), new CancelPaymentRequest
        {
            PaymentId = payment.PaymentId, ProviderReference = payment.ProviderReference, PaymentAmount = payment.Amount,
            Status = PaymentStatus.Pending,
        }, CancellationToken.None);

        Assert.Equal(PaymentStatus.Canceled, canceled.Status);
    }

    [Fact]
    public async Task FailOnCreate_InvoiceRefusedBadData_NothingStored()
    {
        var payment = TestSupport.Payment(1002, "+250788000001", description: "please fail_on_create");

        var created = await CreateAsync(payment);

        Assert.Equal(PaymentStatus.Failed, created.Status);
        Assert.Equal("BAD_DATA", created.Failure!.ProviderCode);
        Assert.Null(_simulator.Find(payment.ProviderReference));
    }

    [Fact]
    public async Task ExpiresAt_BecomesExpiryAt_NewPastItIsExpired()
    {
        var payment = TestSupport.Payment(1000, "+250788123456", PaymentMethod.Card, expiresAt: _clock.GetUtcNow().AddMinutes(1));

        var created = await CreateAsync(payment);
        _clock.Advance(TimeSpan.FromSeconds(61));
        var expired = await StatusAsync(payment, created);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal(PaymentStatus.Expired, expired.Status);
        Assert.Equal(FailureCode.Expired, expired.Failure!.Code);
    }

    [Fact]
    public async Task ResendAfterCrash_ReadsTheInvoice_NoSecondInvoiceNorPush()
    {
        var payment = TestSupport.Payment(1010, "+250788000001");
        var created = await CreateAsync(payment);

        var resent = await new IremboPayConnector().CreatePaymentAsync(Context(), payment with { ConnectorData = created.ConnectorData },
            CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, resent.Status);
        Assert.Equal(1, Calls("POST", "/payments/invoices"));
        Assert.Equal(1, Calls("POST", "/payments/transactions/initiate"));
    }

    [Fact]
    public async Task InvoiceReplyLost_Unknown_ThenTheResumeGetsByTransactionIdAndPushesOnce()
    {
        _simulator.AddFault(new SimFault { Path = "/payments/invoices", Method = "POST", Kind = FaultKind.ConnectionReset, CommitThenFail = true });
        var payment = TestSupport.Payment(1002, "+250788000001");

        var lost = await CreateAsync(payment);
        var resumed = await CreateAsync(payment with { ConnectorData = _saved[payment.PaymentId] });

        Assert.Equal(OperationOutcome.Unknown, lost.Outcome);
        Assert.Equal(PaymentStatus.Pending, resumed.Status);
        Assert.Single(_simulator.Transactions);
        Assert.Equal(1, Calls("POST", "/payments/invoices"));
        Assert.Equal(1, Calls("GET", "/payments/invoices/" + payment.ProviderReference));
        Assert.Equal(1, Calls("POST", "/payments/transactions/initiate"));
    }

    [Fact]
    public async Task DuplicateTransactionId_409_ReadsTheExistingInvoice()
    {
        var payment = TestSupport.Payment(1000, "+250788123456", PaymentMethod.BankTransfer);
        await CreateAsync(payment);

        // A resend that lost its connector data: IremboPay's 409 DUPLICATE_TRANSACTION_ID, then a GET.
        var again = await new IremboPayConnector().CreatePaymentAsync(Context(), payment, CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, again.Status);
        Assert.Equal(_simulator.Find(payment.ProviderReference)!.InvoiceNumber, again.ProviderTransactionId);
        Assert.Single(_simulator.Transactions);
    }

    [Fact]
    public async Task PushTimedOut_Unknown_ThePushIsNeverSentAgain()
    {
        // Warm the connection path first, so only the push can be slow.
        await CreateAsync(TestSupport.Payment(1002, "+250788000001"));
        _simulator.AddFault(new SimFault { Path = "/payments/transactions/initiate", Kind = FaultKind.Timeout, DelaySeconds = 3600 });
        var payment = TestSupport.Payment(1002, "+250788000001");

        var timedOut = await _connector.CreatePaymentAsync(Context(timeout: TimeSpan.FromSeconds(2), paymentId: payment.PaymentId), payment,
            CancellationToken.None);
        var saved = _saved[payment.PaymentId];
        var resumed = await CreateAsync(payment with { ConnectorData = saved });

        Assert.Equal(OperationOutcome.Unknown, timedOut.Outcome);
        Assert.True(resumed.Status == PaymentStatus.Pending, $"{resumed.Outcome} {resumed.Detail} | {timedOut.Detail} | {saved}");
        Assert.True(Calls("POST", "/payments/transactions/initiate") <= 2, "the push went twice");
        Assert.Contains("pushing", saved, StringComparison.Ordinal);
        Assert.Null(_simulator.Find(payment.ProviderReference)!.PushProvider);
    }

    [Fact]
    public async Task InvalidSecret_401_FailedAuthenticationFailed()
    {
        var account = TestSupport.Account(new Uri(_simulator.Url), secretKey: "invalid");

        var created = await _connector.CreatePaymentAsync(Context(account), TestSupport.Payment(), CancellationToken.None);

        Assert.Equal(PaymentStatus.Failed, created.Status);
        Assert.Equal("AUTHENTICATION_FAILED", created.Failure!.ProviderCode);
        Assert.Empty(_simulator.Transactions);
    }

    [Fact]
    public async Task ServerError_OnTheInvoice_Unknown()
    {
        _simulator.AddFault(new SimFault { Path = "/payments/invoices", Method = "POST", Kind = FaultKind.Status503 });

        var created = await CreateAsync(TestSupport.Payment());

        Assert.Equal(OperationOutcome.Unknown, created.Outcome);
    }

    [Fact]
    public async Task NotAMobileNumberOfRwanda_RefusedBeforeAnyCall()
    {
        var created = await CreateAsync(TestSupport.Payment(1000, "+237671234567"));

        Assert.Equal(FailureCode.InvalidAccount, created.Failure!.Code);
        Assert.Empty(_simulator.Server.LogEntries);
    }

    [Fact]
    public async Task Status_UnknownInvoice_NotFound()
    {
        var result = await _connector.GetPaymentStatusAsync(Context(), TestSupport.StatusRequest(TestSupport.Payment()), CancellationToken.None);

        Assert.Equal(OperationOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task RawStatusOverride_Undocumented_Throws()
    {
        var payment = TestSupport.Payment(1002, "+250781234567");
        _simulator.AddOverride(new SimOverride<IremboPayOverrideOutcome>
        {
            Match = new OverrideMatch { Reference = payment.ProviderReference },
            Outcome = new IremboPayOverrideOutcome { Status = "SETTLING" },
        });
        var created = await CreateAsync(payment);

        await Assert.ThrowsAsync<UnknownProviderStatusException>(() => StatusAsync(payment, created));
    }

    private int Calls(string method, string path) => _simulator.Server.LogEntries.Count(e =>
        e.RequestMessage?.Method == method && e.RequestMessage.Path == path);

    private async Task<HttpResponseMessage> PostPushAsync(string invoiceNumber, string phone, string provider)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _simulator.Url + "/payments/transactions/initiate")
        {
            Content = new StringContent(new JsonObject
            {
                ["accountIdentifier"] = phone, ["paymentProvider"] = provider, ["invoiceNumber"] = invoiceNumber,
                ["transactionReference"] = "qa",
            }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("irembopay-secretKey", TestSupport.SecretKey);
        request.Headers.Add("X-API-Version", "2");
        return await http.SendAsync(request);
    }

    private ConnectorContext Context(ConnectorAccount? account = null, TimeSpan? timeout = null, string? paymentId = null) =>
        TestSupport.Context(_simulator.Url, _clock, account, timeout, (data, _) =>
        {
            if (paymentId is not null)
            {
                _saved[paymentId] = data;
            }

            return Task.CompletedTask;
        });

    private Task<PaymentResult> CreateAsync(CreatePaymentRequest payment) =>
        _connector.CreatePaymentAsync(Context(paymentId: payment.PaymentId), payment, CancellationToken.None);

    private Task<PaymentResult> StatusAsync(CreatePaymentRequest payment, PaymentResult last, ConnectorAccount? account = null) =>
        _connector.GetPaymentStatusAsync(Context(account), TestSupport.StatusRequest(payment, last), CancellationToken.None);
}
