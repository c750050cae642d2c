using System.Net;
using System.Net.Http.Json;
using System.Text;
using Connectors.Abstractions;

namespace Connectors.Card.Tests;

/// <summary>
/// The Notification Post end to end (3-D Secure, anti-fraud reviews, chargebacks), and card data kept out of the
/// simulator's journal, its callbacks and the connector's logs.
/// </summary>
public sealed class NotificationsAgainstSimulatorTests : SimulatorHarness
{
    private readonly HttpClient _qa = new();

    [Fact]
    public async Task ThreeDSecure_RedirectsToTheSimulatorsPage_WhichDecidesNotifiesAndReturns()
    {
        var payment = TestSupport.Payment(1000, capture: false, threeDSecure: true);

        var created = await CreateAsync(payment);
        using var page = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var reply = await page.GetAsync(created.NextAction!.Url);
        var status = await StatusAsync(payment);

        Assert.Equal(PaymentStatus.Pending, created.Status);
        Assert.Equal(NextActionType.Redirect, created.NextAction.Type);
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Equal(new Uri("https://shop.example.com/return"), reply.Headers.Location);
        var notification = Assert.Single(Notifications.Received);
        Assert.Equal(HubCallbackUrl, notification.Url);
        var verification = await VerifyAsync(notification.Body, payment, created.ProviderTransactionId!);
        Assert.IsType<CallbackVerification.Hint>(verification);
        Assert.Contains("\"ChangeType\":1", notification.Body, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Authorized, status.Status);
    }

    [Fact]
    public async Task ThreeDSecure_WithARejectingDocument_FailsAtThePage()
    {
        var payment = TestSupport.Payment(1000, "95643732042", threeDSecure: true);
        var created = await CreateAsync(payment);
        using var page = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        using var reply = await page.GetAsync(created.NextAction!.Url);
        var status = await StatusAsync(payment);

        Assert.Equal((PaymentStatus.Failed, FailureCode.FraudSuspected), (status.Status, status.Failure?.Code));
    }

    [Fact]
    public async Task Chargeback_OpenedThenLost_IsReportedWithChangeType7()
    {
        var payment = TestSupport.Payment(1000);
        var paid = await CreateAsync(payment);
        await NextNotificationAsync();
        while (Notifications.Received.TryDequeue(out _))
        {
        }

        await PostAsync($"/__sim/transactions/{payment.ProviderReference}/chargeback", """{"amount":400,"reason":"Fraud: card absent"}""");
        var opened = await StatusAsync(payment);
        await PostAsync($"/__sim/transactions/{paid.ProviderTransactionId}/chargeback/lose", "{}");
        var lost = await StatusAsync(payment);

        var report = Assert.Single(opened.Chargebacks);
        Assert.Equal((400L, ChargebackStatus.Pending, "4837", "Fraud: card absent"),
            (report.Amount.Minor, report.Status, report.ReasonCode, report.Reason));
        Assert.Equal(PaymentStatus.Paid, opened.Status);
        Assert.Equal((report.ProviderReference, ChargebackStatus.Lost), (lost.Chargebacks[0].ProviderReference, lost.Chargebacks[0].Status));
        Assert.Equal(2, Notifications.Received.Count);
        Assert.All(Notifications.Received, n => Assert.Contains("\"ChangeType\":7", n.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Chargeback_OnASaleNotPaid_IsRefused()
    {
        var payment = TestSupport.Payment(1000, capture: false);
        await CreateAsync(payment);

        using var reply = await _qa.PostAsync(new Uri($"{Simulator.Url}/__sim/transactions/{payment.ProviderReference}/chargeback"),
            new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, reply.StatusCode);
    }

    [Theory]
    [InlineData("accept", true, PaymentStatus.Paid)]
    [InlineData("accept", false, PaymentStatus.Authorized)]
    [InlineData("reject", true, PaymentStatus.Failed)]
    public async Task Review_SettledByQa_SendsChangeType3(string decision, bool capture, PaymentStatus expected)
    {
        var payment = TestSupport.Payment(1000, "95643732045", capture);
        var review = await CreateAsync(payment);

        await PostAsync($"/__sim/transactions/{payment.ProviderReference}/review", $$"""{"decision":"{{decision}}"}""");
        var settled = await StatusAsync(payment);

        Assert.Equal(PaymentStatus.UnderReview, review.Status);
        Assert.Equal(expected, settled.Status);
        Assert.Contains(Notifications.Received, n => n.Body.Contains("\"ChangeType\":3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notification_WithStaticHeadersAndAStringChangeType_IsAHint()
    {
        Simulator.SetMerchant(TestSupport.MerchantId, HubCallbackUrl, new Dictionary<string, string> { ["X-Notify-Token"] = "s3cret" },
            changeTypeAsString: true);
        var payment = TestSupport.Payment(1000);
        var created = await CreateAsync(payment);

        var notification = await NextNotificationAsync();
        var account = TestSupport.Account(new Uri(Simulator.Url), notificationHeaders: """{"X-Notify-Token":"s3cret"}""");
        var verification = await VerifyAsync(notification.Body, payment, created.ProviderTransactionId!, account, notification.Headers);

        Assert.Equal("s3cret", notification.Headers["X-Notify-Token"]);
        Assert.Contains("\"ChangeType\":\"1\"", notification.Body, StringComparison.Ordinal);
        Assert.IsType<CallbackVerification.Hint>(verification);
    }

    [Fact]
    public async Task CardData_NeverInTheJournalTheCallbacksTheRepliesOrTheLogs()
    {
        var payment = TestSupport.Payment(1000, capture: false);
        var created = await CreateAsync(payment);
        await CaptureAsync(payment, 1000);
        await RefundAsync(Refund(payment, 100));
        await StatusAsync(payment);
        using var admin = await _qa.GetAsync(new Uri($"{Simulator.Url}/__admin/requests"));
        var adminJournal = await admin.Content.ReadAsStringAsync();
        var transactions = await _qa.GetStringAsync(new Uri($"{Simulator.Url}/__sim/transactions"));
        await ProviderCallsAsync(5);

        var journal = string.Join("\n", Simulator.Server.LogEntries.Select(e =>
            $"{e.RequestMessage!.Body} {e.RequestMessage!.Url} {e.ResponseMessage!.BodyData?.BodyAsString}"));
        var everything = string.Join("\n", journal, adminJournal, transactions, string.Join("\n", Logs.Lines),
            string.Join("\n", Notifications.Received.Select(n => n.Body)), created.ConnectorData, created.Detail);

        Assert.Contains("POST /1/sales/", string.Join(",", ProviderCalls()), StringComparison.Ordinal);
        Assert.Contains("423564******5682", journal, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSupport.VisaNumber, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("SecurityCode", journal + adminJournal, StringComparison.Ordinal);
        Assert.NotEmpty(Logs.Lines);
    }

    private async Task PostAsync(string path, string body)
    {
        using var reply = await _qa.PostAsync(new Uri(Simulator.Url + path), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(reply.IsSuccessStatusCode, $"{path}: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
    }

    private async Task<(string Url, string Body, IReadOnlyDictionary<string, string> Headers)> NextNotificationAsync()
    {
        for (var i = 0; i < 300; i++)
        {
            if (Notifications.Received.TryPeek(out var first))
            {
                return first;
            }

            await Task.Delay(10);
        }

        throw new InvalidOperationException("no notification came");
    }

    private Task<CallbackVerification> VerifyAsync(string body, CreatePaymentRequest payment, string paymentId,
        ConnectorAccount? account = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = TestSupport.Notification(body, headers);
        Assert.IsType<CallbackParse.About>(Connector.ReadCallback(request));
        return Connector.VerifyCallbackAsync(TestSupport.Context(Simulator.Url, Clock, account), request,
        [
            new CallbackObject
            {
                Subject = CallbackSubject.Payment, Id = payment.PaymentId, ProviderReference = payment.ProviderReference,
                ProviderTransactionId = paymentId, Amount = payment.Amount,
            },
        ], CancellationToken.None);
    }
}
