using System.Net;
using System.Net.Sockets;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connectors.MtnMomo.Tests;

/// <summary>The connector against plain WireMock stubs: what it sends, and what each MTN reply becomes.</summary>
public sealed class ConnectorTests : IDisposable
{
    private const string TokenPath = "/collection/token/";
    private const string RequestToPayPath = "/collection/v1_0/requesttopay";

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly MtnMomoConnector _connector = new();
    private readonly CreatePaymentRequest _payment = TestSupport.Payment();

    private string StatusPath => $"{RequestToPayPath}/{_payment.ProviderReference}";

    public void Dispose() => _server.Stop();

    [Fact]
    public async Task Create_Accepted_PendingWithApproveOnPhone()
    {
        StubToken();
        StubRequestToPay(202);

        var result = await CreateAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Equal(PaymentStatus.Pending, result.Status);
        Assert.Equal("PENDING", result.ProviderStatus);
        Assert.Equal(NextActionType.ApproveOnPhone, result.NextAction!.Type);
        Assert.Equal("Approve the prompt on +237671234567", result.NextAction.Message);
    }

    [Fact]
    public async Task Create_Accepted_SendsMtnHeadersAndBody()
    {
        StubToken();
        StubRequestToPay(202);

        await CreateAsync();

        var token = Assert.Single(Requests(TokenPath, "POST"));
        Assert.Equal(TestSupport.BasicCredentials(), token.Header("Authorization"));
        Assert.Equal(TestSupport.SubscriptionKey, token.Header("Ocp-Apim-Subscription-Key"));

        var post = Assert.Single(Requests(RequestToPayPath, "POST"));
        Assert.Equal("6949e730-a9d4-4d8e-91f4-e5051b250be8", post.Header("X-Reference-Id"));
        Assert.Equal($"{TestSupport.CallbackUrl}?ref=6949e730-a9d4-4d8e-91f4-e5051b250be8", post.Header("X-Callback-Url"));
        Assert.Equal("mtncameroon", post.Header("X-Target-Environment"));
        Assert.Equal(TestSupport.SubscriptionKey, post.Header("Ocp-Apim-Subscription-Key"));
        Assert.Equal("Bearer token-1", post.Header("Authorization"));
        Assert.StartsWith("application/json", post.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal("""{"amount":"5000","currency":"XAF","externalId":"pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C","payer":{"partyIdType":"MSISDN","partyId":"237671234567"},"payerMessage":"Order 123","payeeNote":"Order 123"}""",
            post.RequestMessage!.Body);
    }

    [Fact]
    public async Task Create_NoTargetEnvironmentSetting_SendsSandbox()
    {
        StubToken();
        StubRequestToPay(202);

        await _connector.CreatePaymentAsync(TestSupport.Context(_server.Url!, _clock, targetEnvironment: null),
            TestSupport.Payment(1010, "EUR"), CancellationToken.None);

        var post = Assert.Single(Requests(RequestToPayPath, "POST"));
        Assert.Equal("sandbox", post.Header("X-Target-Environment"));
        Assert.Contains("\"amount\":\"10.10\",\"currency\":\"EUR\"", post.RequestMessage!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Conflict_ReturnsStatusFromGet()
    {
        StubToken();
        StubRequestToPay(409, """{"code":"RESOURCE_ALREADY_EXIST","message":"Duplicated reference id. Creation of resource failed."}""");
        StubStatus(200, System.Text.Encoding.UTF8.GetString(TestSupport.Fixture("mtn-successful.json")));

        var result = await CreateAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Equal(PaymentStatus.Paid, result.Status);
        Assert.Equal("1530828708", result.ProviderTransactionId);
        Assert.Single(Requests(RequestToPayPath, "POST"));
        var get = Assert.Single(Requests(StatusPath, "GET"));
        Assert.Equal("Bearer token-1", get.Header("Authorization"));
        Assert.Equal("mtncameroon", get.Header("X-Target-Environment"));
    }

    [Fact]
    public async Task Create_ConflictThenNotFound_Unknown()
    {
        StubToken();
        StubRequestToPay(409, """{"code":"RESOURCE_ALREADY_EXIST"}""");
        StubStatus(404, """{"code":"RESOURCE_NOT_FOUND"}""");

        var result = await CreateAsync();

        Assert.Equal(OperationOutcome.Unknown, result.Outcome);
        Assert.Single(Requests(RequestToPayPath, "POST"));
    }

    [Fact]
    public async Task Create_BadRequest_RefusedWithBodyCode()
    {
        StubToken();
        StubRequestToPay(400, """{"code":"INVALID_PAYER_MESSAGE","message":"payerMessage is invalid"}""");

        var result = await CreateAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal(FailureCode.ProviderError, result.Failure!.Code);
        Assert.Equal("INVALID_PAYER_MESSAGE", result.Failure.ProviderCode);
    }

    [Theory]
    [InlineData("NOT_ALLOWED", FailureCode.ProviderError)]
    [InlineData("INVALID_CALLBACK_URL_HOST", FailureCode.ProviderError)]
    [InlineData("INVALID_CURRENCY", FailureCode.ProviderError)]
    [InlineData("PAYER_NOT_FOUND", FailureCode.PayerNotFound)]
    public async Task Create_ServerErrorWithBusinessCode_Refused(string code, FailureCode expected)
    {
        StubToken();
        StubRequestToPay(500, $$"""{"code":"{{code}}","message":"refused"}""");

        var result = await CreateAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal(expected, result.Failure!.Code);
        Assert.Equal(code, result.Failure.ProviderCode);
    }

    [Theory]
    [InlineData(500, null)]
    [InlineData(500, "<html>Internal Server Error</html>")]
    [InlineData(500, """{"code":"INTERNAL_PROCESSING_ERROR"}""")]
    [InlineData(502, null)]
    [InlineData(503, """{"code":"SERVICE_UNAVAILABLE","message":"Service unavailable"}""")]
    [InlineData(504, null)]
    public async Task Create_ServerErrorWithoutBusinessCode_UnknownAndSentOnce(int status, string? body)
    {
        StubToken();
        StubRequestToPay(status, body);

        var result = await CreateAsync();

        Assert.Equal(OperationOutcome.Unknown, result.Outcome);
        Assert.Null(result.Status);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Detail, StringComparison.Ordinal);
        Assert.Single(Requests(RequestToPayPath, "POST"));
    }

    [Fact]
    public async Task Create_ReplySlowerThanTimeout_UnknownAndSentOnce()
    {
        StubToken();
        _server.Given(Request.Create().WithPath(RequestToPayPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithDelay(TimeSpan.FromMilliseconds(1500)));

        var result = await _connector.CreatePaymentAsync(
            TestSupport.Context(_server.Url!, TimeProvider.System, TimeSpan.FromMilliseconds(300)), _payment,
            CancellationToken.None);

        Assert.Equal(OperationOutcome.Unknown, result.Outcome);
        // WireMock journals a request once its delayed reply is written: poll for it, bounded.
        for (var i = 0; i < 100 && Requests(RequestToPayPath, "POST").Count == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Single(Requests(RequestToPayPath, "POST"));
    }

    [Fact]
    public async Task Create_CallerCancels_Throws()
    {
        StubToken();
        _server.Given(Request.Create().WithPath(RequestToPayPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithDelay(TimeSpan.FromMilliseconds(1500)));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _connector.CreatePaymentAsync(TestSupport.Context(_server.Url!, _clock), _payment, cancellation.Token));
    }

    [Fact]
    public async Task Create_ClosedPortWithCachedToken_NotSent()
    {
        StubToken();
        StubRequestToPay(202);
        await CreateAsync(); // caches the account's token
        var closed = $"http://127.0.0.1:{ClosedPort()}";

        var result = await _connector.CreatePaymentAsync(TestSupport.Context(closed, _clock),
            TestSupport.Payment(paymentId: "pay_second"), CancellationToken.None);

        Assert.Equal(OperationOutcome.NotSent, result.Outcome);
        Assert.Single(Requests(TokenPath, "POST"));
    }

    [Fact]
    public async Task Create_TokenEndpointUnreachable_NotSent()
    {
        var result = await _connector.CreatePaymentAsync(
            TestSupport.Context($"http://127.0.0.1:{ClosedPort()}", _clock), _payment, CancellationToken.None);

        Assert.Equal(OperationOutcome.NotSent, result.Outcome);
    }

    [Fact]
    public async Task Create_TokenEndpointFails_NotSentAndNoPost()
    {
        StubToken(status: 503, body: """{"code":"SERVICE_UNAVAILABLE"}""");
        StubRequestToPay(202);

        var result = await CreateAsync();

        Assert.Equal(OperationOutcome.NotSent, result.Outcome);
        Assert.Empty(Requests(RequestToPayPath, "POST"));
    }

    [Fact]
    public async Task Create_UnauthorizedOnce_OneTokenRefreshAndOneResend()
    {
        _server.Given(Request.Create().WithPath(TokenPath).UsingPost()).InScenario("tokens").WillSetStateTo("second")
            .RespondWith(TokenReply("token-1"));
        _server.Given(Request.Create().WithPath(TokenPath).UsingPost()).InScenario("tokens").WhenStateIs("second")
            .RespondWith(TokenReply("token-2"));
        _server.Given(Request.Create().WithPath(RequestToPayPath).UsingPost()).InScenario("auth").WillSetStateTo("refused")
            .RespondWith(Response.Create().WithStatusCode(401)
                .WithBody("""{"statusCode":401,"message":"Access denied due to invalid subscription key."}"""));
        _server.Given(Request.Create().WithPath(RequestToPayPath).UsingPost()).InScenario("auth").WhenStateIs("refused")
            .RespondWith(Response.Create().WithStatusCode(202));

        var result = await CreateAsync();

        Assert.Equal(PaymentStatus.Pending, result.Status);
        Assert.Equal(2, Requests(TokenPath, "POST").Count);
        var posts = Requests(RequestToPayPath, "POST");
        Assert.Equal(2, posts.Count);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], posts.Select(p => p.Header("Authorization")));
        Assert.All(posts, p => Assert.Equal(_payment.ProviderReference, p.Header("X-Reference-Id")));
        Assert.Equal(posts[0].RequestMessage!.Body, posts[1].RequestMessage!.Body);
    }

    [Fact]
    public async Task Create_UnauthorizedTwice_RefusedAfterOneResend()
    {
        StubToken();
        StubRequestToPay(401, """{"statusCode":401,"message":"Access denied due to invalid subscription key."}""");

        var result = await CreateAsync();

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal(FailureCode.ProviderError, result.Failure!.Code);
        Assert.Equal(2, Requests(RequestToPayPath, "POST").Count);
        Assert.Equal(2, Requests(TokenPath, "POST").Count);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(500)]
    public async Task Create_TokenLoginFailed_RefusedAndNoPost(int status)
    {
        StubToken(status: status, body: """{"error":"login_failed"}""");
        StubRequestToPay(202);

        var result = await CreateAsync();

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Equal(FailureCode.ProviderError, result.Failure!.Code);
        Assert.Equal("login_failed", result.Failure.ProviderCode);
        Assert.Empty(Requests(RequestToPayPath, "POST"));
    }

    [Fact]
    public async Task Create_TokenReusedUntilTenMinutesBeforeExpiry()
    {
        StubToken();
        StubRequestToPay(202);

        await CreateAsync();
        _clock.Advance(TimeSpan.FromMinutes(49));
        await CreateAsync();
        Assert.Single(Requests(TokenPath, "POST"));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await CreateAsync();
        Assert.Equal(2, Requests(TokenPath, "POST").Count);
    }

    [Fact]
    public async Task Create_NoPhone_RefusedWithoutCall()
    {
        var result = await _connector.CreatePaymentAsync(TestSupport.Context(_server.Url!, _clock),
            _payment with { Payer = new PaymentPayer() }, CancellationToken.None);

        Assert.Equal(PaymentStatus.Failed, result.Status);
        Assert.Empty(_server.LogEntries);
    }

    [Theory]
    [InlineData("mtn-successful.json", PaymentStatus.Paid, null)]
    [InlineData("mtn-failed-not-enough-funds.json", PaymentStatus.Failed, FailureCode.InsufficientFunds)]
    [InlineData("mtn-failed-reason-object.json", PaymentStatus.Failed, FailureCode.PayerDeclined)]
    [InlineData("mtn-pending.json", PaymentStatus.Pending, null)]
    public async Task GetStatus_Reply_Mapped(string fixture, PaymentStatus expected, FailureCode? failure)
    {
        StubToken();
        StubStatus(200, System.Text.Encoding.UTF8.GetString(TestSupport.Fixture(fixture)));

        var result = await StatusAsync();

        Assert.Equal(OperationOutcome.Completed, result.Outcome);
        Assert.Equal(expected, result.Status);
        Assert.Equal(failure, result.Failure?.Code);
    }

    [Fact]
    public async Task GetStatus_NotFound_IsTheNotFoundAnswer()
    {
        StubToken();
        StubStatus(404, """{"code":"RESOURCE_NOT_FOUND","message":"Requested resource was not found."}""");

        var result = await StatusAsync();

        Assert.Equal(OperationOutcome.NotFound, result.Outcome);
        Assert.Null(result.Status);
        Assert.Equal("MTN does not know this reference", result.Detail);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task GetStatus_ServerError_Unknown(int status)
    {
        StubToken();
        StubStatus(status, null);

        Assert.Equal(OperationOutcome.Unknown, (await StatusAsync()).Outcome);
    }

    [Fact]
    public async Task GetStatus_UnreadableBody_Unknown()
    {
        StubToken();
        StubStatus(200, "<html>maintenance</html>");

        Assert.Equal(OperationOutcome.Unknown, (await StatusAsync()).Outcome);
    }

    [Fact]
    public async Task GetStatus_UndocumentedStatus_Throws()
    {
        StubToken();
        StubStatus(200, """{"status":"REVERSED"}""");

        var e = await Assert.ThrowsAsync<UnknownProviderStatusException>(StatusAsync);
        Assert.Equal("REVERSED", e.ProviderStatus);
    }

    [Fact]
    public async Task GetStatus_Unreachable_Unknown()
    {
        var result = await _connector.GetPaymentStatusAsync(
            TestSupport.Context($"http://127.0.0.1:{ClosedPort()}", _clock), TestSupport.StatusRequest(_payment),
            CancellationToken.None);

        Assert.Equal(OperationOutcome.Unknown, result.Outcome);
    }

    [Theory]
    [InlineData(500, """{"code":"NOT_ALLOWED","message":"refused"}""", false)]
    [InlineData(500, """{"code":"INVALID_CURRENCY"}""", false)]
    [InlineData(500, """{"code":"PAYER_NOT_FOUND"}""", false)]
    [InlineData(500, null, true)]
    [InlineData(500, "<html>Internal Server Error</html>", true)]
    [InlineData(500, """{"code":"INTERNAL_PROCESSING_ERROR"}""", true)]
    [InlineData(503, """{"code":"SERVICE_UNAVAILABLE"}""", true)]
    [InlineData(502, null, true)]
    [InlineData(429, null, true)]
    [InlineData(408, null, true)]
    [InlineData(400, """{"code":"INVALID_PAYER_MESSAGE"}""", false)]
    [InlineData(409, """{"code":"RESOURCE_ALREADY_EXIST"}""", false)]
    [InlineData(202, null, false)]
    public async Task IsProviderFailure_DefinitiveFiveHundredsAreAnswersNotFailures(int status, string? body, bool expected)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (body is not null)
        {
            response.Content = new StringContent(body);
        }

        Assert.Equal(expected, await _connector.IsProviderFailureAsync(response, CancellationToken.None));
    }

    [Fact]
    public async Task Create_ManyCallsOneAccount_OneRefitClient()
    {
        StubToken();
        StubRequestToPay(202);
        var context = TestSupport.Context(_server.Url!, _clock);

        for (var i = 0; i < 3; i++)
        {
            await _connector.CreatePaymentAsync(context, TestSupport.Payment(paymentId: $"pay_{i}"), CancellationToken.None);
        }

        Assert.Equal(1, _connector.RefitClientCount);
        Assert.Equal(3, Requests(RequestToPayPath, "POST").Count);
    }

    private Task<PaymentResult> CreateAsync() =>
        _connector.CreatePaymentAsync(TestSupport.Context(_server.Url!, _clock), _payment, CancellationToken.None);

    private Task<PaymentResult> StatusAsync() =>
        _connector.GetPaymentStatusAsync(TestSupport.Context(_server.Url!, _clock), TestSupport.StatusRequest(_payment),
            CancellationToken.None);

    private void StubToken(string token = "token-1", int status = 200, string? body = null) =>
        _server.Given(Request.Create().WithPath(TokenPath).UsingPost())
            .RespondWith(status == 200 ? TokenReply(token) : Reply(status, body));

    private void StubRequestToPay(int status, string? body = null) =>
        _server.Given(Request.Create().WithPath(RequestToPayPath).UsingPost()).RespondWith(Reply(status, body));

    private void StubStatus(int status, string? body) =>
        _server.Given(Request.Create().WithPath(StatusPath).UsingGet()).RespondWith(Reply(status, body));

    private static IResponseBuilder TokenReply(string token) => Response.Create().WithStatusCode(200)
        .WithHeader("Content-Type", "application/json")
        .WithBody($$"""{"access_token":"{{token}}","token_type":"access_token","expires_in":3600}""");

    private static IResponseBuilder Reply(int status, string? body)
    {
        var response = Response.Create().WithStatusCode(status);
        return body is null ? response : response.WithHeader("Content-Type", "application/json").WithBody(body);
    }

    private List<ILogEntry> Requests(string path, string method) => _server.LogEntries
        .Where(e => e.RequestMessage?.Path == path && e.RequestMessage.Method == method)
        .OrderBy(e => e.RequestMessage!.DateTime)
        .ToList();

    private static int ClosedPort()
    {
        // A port that was free a moment ago: nothing listens, so the connection is refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
