using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connectors.MtnMomo.Tests;

/// <summary>Payouts, refunds and lookups against plain WireMock stubs: what is sent, and what each MTN reply becomes.</summary>
public sealed class DisbursementConnectorTests : IDisposable
{
    private const string TokenPath = "/disbursement/token/";
    private const string TransferPath = "/disbursement/v1_0/transfer";
    private const string RefundPath = "/disbursement/v1_0/refund";

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly MtnMomoConnector _connector = new();

    private readonly PayoutRequest _payout = new()
    {
        PayoutId = "po_01JA0PAYOUT000000000000001",
        ProviderReference = new MtnMomoConnector().NewProviderReference("po_01JA0PAYOUT000000000000001"),
        Amount = new Money(2000, Currency.FromCode("XAF")),
        Method = PaymentMethod.MobileMoney,
        Recipient = new PayoutRecipient { Phone = "+237671234567" },
    };

    public void Dispose() => _server.Stop();

    [Fact]
    public async Task Payout_Accepted_SendsDisbursementHeadersAndBody()
    {
        StubToken();
        Stub(TransferPath, 202);

        var result = await PayoutAsync();

        Assert.Equal(TransferStatus.Pending, result.Status);
        var token = Assert.Single(Requests(TokenPath, "POST"));
        Assert.Equal(TestSupport.BasicCredentials(), token.Header("Authorization"));
        Assert.Equal(TestSupport.DisbursementSubscriptionKey, token.Header("Ocp-Apim-Subscription-Key"));
        var post = Assert.Single(Requests(TransferPath, "POST"));
        Assert.Equal(_payout.ProviderReference, post.Header("X-Reference-Id"));
        Assert.Equal($"{TestSupport.CallbackUrl}?ref={_payout.ProviderReference}&subject=payout", post.Header("X-Callback-Url"));
        Assert.Equal(TestSupport.DisbursementSubscriptionKey, post.Header("Ocp-Apim-Subscription-Key"));
        Assert.Equal("Bearer token-d", post.Header("Authorization"));
        Assert.Equal("mtncameroon", post.Header("X-Target-Environment"));
        Assert.Contains("\"payee\":{\"partyIdType\":\"MSISDN\",\"partyId\":\"237671234567\"}", post.RequestMessage!.Body,
            StringComparison.Ordinal);
        Assert.Empty(Requests("/collection/token/", "POST"));
    }

    [Theory]
    [InlineData(500, null)]
    [InlineData(500, """{"code":"INTERNAL_PROCESSING_ERROR"}""")]
    [InlineData(503, """{"code":"SERVICE_UNAVAILABLE"}""")]
    [InlineData(504, null)]
    public async Task Payout_ServerErrorWithoutBusinessCode_UnknownAndSentOnce(int status, string? body)
    {
        StubToken();
        Stub(TransferPath, status, body);

        var result = await PayoutAsync();

        Assert.Equal(OperationOutcome.Unknown, result.Outcome);
        Assert.Null(result.Status);
        Assert.Single(Requests(TransferPath, "POST"));
    }

    [Fact]
    public async Task Payout_ReplySlowerThanTimeout_UnknownAndSentOnce()
    {
        StubToken();
        _server.Given(Request.Create().WithPath(TransferPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithDelay(TimeSpan.FromMilliseconds(1500)));

        var result = await _connector.CreatePayoutAsync(
            TestSupport.Context(_server.Url!, TimeProvider.System, TimeSpan.FromMilliseconds(300)), _payout, CancellationToken.None);

        Assert.Equal(OperationOutcome.Unknown, result.Outcome);
        for (var i = 0; i < 100 && Requests(TransferPath, "POST").Count == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Single(Requests(TransferPath, "POST"));
    }

    [Fact]
    public async Task Payout_Conflict_ReturnsTheTransfersStatus()
    {
        StubToken();
        Stub(TransferPath, 409, """{"code":"RESOURCE_ALREADY_EXIST","message":"Duplicated reference id."}""");
        Stub($"{TransferPath}/{_payout.ProviderReference}", 200,
            """{"financialTransactionId":"363440463","externalId":"po_1","amount":"2000","currency":"XAF","payee":{"partyIdType":"MSISDN","partyId":"237671234567"},"status":"FAILED","reason":"PAYEE_NOT_ALLOWED_TO_RECEIVE"}""");

        var result = await PayoutAsync();

        Assert.Equal(TransferStatus.Failed, result.Status);
        Assert.Equal(FailureCode.InvalidAccount, result.Failure!.Code);
        Assert.Single(Requests(TransferPath, "POST"));
    }

    [Theory]
    [InlineData(400, """{"code":"BAD_REQUEST"}""", "BAD_REQUEST")]
    [InlineData(500, """{"code":"NOT_ALLOWED"}""", "NOT_ALLOWED")]
    [InlineData(500, """{"code":"PAYEE_NOT_FOUND"}""", "PAYEE_NOT_FOUND")]
    public async Task Payout_DefinitiveRefusal_Failed(int status, string body, string code)
    {
        StubToken();
        Stub(TransferPath, status, body);

        var result = await PayoutAsync();

        Assert.Equal(TransferStatus.Failed, result.Status);
        Assert.Equal(code, result.Failure!.ProviderCode);
    }

    [Fact]
    public async Task Payout_NoPhone_FailedWithoutCall()
    {
        var result = await _connector.CreatePayoutAsync(TestSupport.Context(_server.Url!, _clock),
            _payout with { Recipient = new PayoutRecipient { PixKey = "x" } }, CancellationToken.None);

        Assert.Equal(TransferStatus.Failed, result.Status);
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task Payout_TokenEndpointFails_NotSentAndNoPost()
    {
        StubToken(status: 503);
        Stub(TransferPath, 202);

        var result = await PayoutAsync();

        Assert.Equal(OperationOutcome.NotSent, result.Outcome);
        Assert.Empty(Requests(TransferPath, "POST"));
    }

    [Fact]
    public async Task PayoutStatus_NotFound_IsTheNotFoundAnswer()
    {
        StubToken();
        Stub($"{TransferPath}/{_payout.ProviderReference}", 404, """{"code":"RESOURCE_NOT_FOUND"}""");

        var result = await _connector.GetPayoutStatusAsync(TestSupport.Context(_server.Url!, _clock), new TransferStatusRequest
        {
            Id = _payout.PayoutId,
            ProviderReference = _payout.ProviderReference,
            Amount = _payout.Amount,
        }, CancellationToken.None);

        Assert.Equal(OperationOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task Refund_SendsReferenceIdToRefundAndReadsItsStatus()
    {
        var paymentReference = new MtnMomoConnector().NewProviderReference("pay_1");
        var refund = new RefundRequest
        {
            RefundId = "ref_1",
            ProviderReference = new MtnMomoConnector().NewProviderReference("ref_1"),
            PaymentProviderReference = paymentReference,
            Amount = new Money(400, Currency.FromCode("XAF")),
            PaymentAmount = new Money(1000, Currency.FromCode("XAF")),
        };
        StubToken();
        Stub(RefundPath, 202);
        Stub($"{RefundPath}/{refund.ProviderReference}", 200,
            """{"financialTransactionId":"1530828708","externalId":"ref_1","amount":"400","currency":"XAF","status":"SUCCESSFUL"}""");

        var created = await _connector.RefundAsync(TestSupport.Context(_server.Url!, _clock), refund, CancellationToken.None);
        var status = await _connector.GetRefundStatusAsync(TestSupport.Context(_server.Url!, _clock), new TransferStatusRequest
        {
            Id = refund.RefundId,
            ProviderReference = refund.ProviderReference,
            Amount = refund.Amount,
        }, CancellationToken.None);

        Assert.Equal(TransferStatus.Pending, created.Status);
        Assert.Equal((TransferStatus.Completed, "1530828708"), (status.Status!.Value, status.ProviderTransactionId!));
        var post = Assert.Single(Requests(RefundPath, "POST"));
        Assert.Contains($"\"referenceIdToRefund\":\"{paymentReference}\"", post.RequestMessage!.Body, StringComparison.Ordinal);
        Assert.EndsWith("&subject=refund", post.Header("X-Callback-Url"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, """{"result":false}""", false)]
    [InlineData(404, """{"code":"RESOURCE_NOT_FOUND"}""", false)]
    public async Task AccountHolder_NotActiveOrUnknown_NotActive(int status, string body, bool active)
    {
        StubToken(path: "/collection/token/");
        Stub("/collection/v1_0/accountholder/msisdn/237671234567/active", status, body);

        var result = await _connector.GetAccountHolderAsync(TestSupport.Context(_server.Url!, _clock),
            new AccountHolderRequest { Phone = "+237671234567" }, CancellationToken.None);

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Equal(active, result.IsActive);
        Assert.Empty(Requests("/collection/v1_0/accountholder/msisdn/237671234567/basicuserinfo", "GET"));
    }

    [Fact]
    public async Task AccountHolder_ActiveButNoUserInfo_ActiveWithoutName()
    {
        StubToken(path: "/collection/token/");
        Stub("/collection/v1_0/accountholder/msisdn/237671234567/active", 200, """{"result":true}""");
        Stub("/collection/v1_0/accountholder/msisdn/237671234567/basicuserinfo", 500, null);

        var result = await _connector.GetAccountHolderAsync(TestSupport.Context(_server.Url!, _clock),
            new AccountHolderRequest { Phone = "+237671234567" }, CancellationToken.None);

        Assert.True(result.IsActive);
        Assert.Null(result.Name);
    }

    [Fact]
    public async Task AccountHolder_ServerError_Unknown()
    {
        StubToken(path: "/collection/token/");
        Stub("/collection/v1_0/accountholder/msisdn/237671234567/active", 503, null);

        var result = await _connector.GetAccountHolderAsync(TestSupport.Context(_server.Url!, _clock),
            new AccountHolderRequest { Phone = "+237671234567" }, CancellationToken.None);

        Assert.Equal(OperationOutcome.Unknown, result.Outcome);
    }

    [Fact]
    public async Task AccountHolder_TokenRefusedOnce_LogsNoFullPhone()
    {
        StubToken(path: "/collection/token/");
        const string active = "/collection/v1_0/accountholder/msisdn/237671234567/active";
        _server.Given(Request.Create().WithPath(active).UsingGet()).InScenario("401").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(401));
        _server.Given(Request.Create().WithPath(active).UsingGet()).InScenario("401").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"result":true}"""));
        Stub("/collection/v1_0/accountholder/msisdn/237671234567/basicuserinfo", 200, """{"name":"Sand Box"}""");
        var logger = new ListLogger();
        var context = TestSupport.Context(_server.Url!, _clock);

        var result = await _connector.GetAccountHolderAsync(new ConnectorContext
        {
            Account = context.Account,
            CallbackUrl = context.CallbackUrl,
            HttpClient = context.HttpClient,
            Clock = context.Clock,
            Logger = logger,
        }, new AccountHolderRequest { Phone = "+237671234567" }, CancellationToken.None);

        Assert.Equal((true, "Sand Box"), (result.IsActive, result.Name));
        Assert.Contains(logger.Lines, l => l.Contains("refused the access token", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Lines, l => l.Contains("671234567", StringComparison.Ordinal));
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId,
            TState state, Exception? exception, Func<TState, Exception?, string> formatter) => Lines.Add(formatter(state, exception));
    }

    private Task<TransferResult> PayoutAsync() =>
        _connector.CreatePayoutAsync(TestSupport.Context(_server.Url!, _clock), _payout, CancellationToken.None);

    private void StubToken(int status = 200, string path = TokenPath) =>
        _server.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(status == 200
            ? Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"access_token":"token-d","token_type":"access_token","expires_in":3600}""")
            : Response.Create().WithStatusCode(status));

    private void Stub(string path, int status, string? body = null)
    {
        var response = Response.Create().WithStatusCode(status);
        _server.Given(Request.Create().WithPath(path).UsingAnyMethod())
            .RespondWith(body is null ? response : response.WithHeader("Content-Type", "application/json").WithBody(body));
    }

    private List<ILogEntry> Requests(string path, string method) => _server.LogEntries
        .Where(e => e.RequestMessage?.Path == path && e.RequestMessage.Method == method)
        .ToList();
}
