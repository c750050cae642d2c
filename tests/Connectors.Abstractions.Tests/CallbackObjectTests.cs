using System.Security.Authentication;

namespace Connectors.Abstractions.Tests;

public sealed class CallbackObjectTests
{
    private static readonly CallbackObject Payment = new()
    {
        Subject = CallbackSubject.Payment,
        Id = "pay_1",
        ProviderReference = "ref-1",
        ProviderTransactionId = "tx-1",
        Amount = new Money(5000, Currency.FromCode("XAF")),
    };

    [Theory]
    [InlineData("ref-1", true)]
    [InlineData("tx-1", true)]
    [InlineData("REF-1", false)]
    [InlineData("ref-2", false)]
    public void Matches_ReferenceOrTransactionIdExactly(string reference, bool expected) =>
        Assert.Equal(expected, Payment.Matches(reference));

    [Fact]
    public void Matches_NoTransactionIdYet_OnlyTheReference()
    {
        var fresh = Payment with { ProviderTransactionId = null };

        Assert.True(fresh.Matches("ref-1"));
        Assert.False(fresh.Matches("tx-1"));
    }

    [Fact]
    public void Hint_And_Verified_CarryTheirReferences()
    {
        var hint = new CallbackVerification.Hint([new CallbackReference(CallbackSubject.Payment, "ref-1")], "sha256:ab");
        var verified = new CallbackVerification.Verified(new CallbackUpdate { ProviderReference = "ref-1", Status = PaymentStatus.Paid });

        Assert.Equal("ref-1", Assert.Single(hint.References).ProviderReference);
        Assert.Equal(CallbackSubject.Payment, Assert.Single(verified.Updates).Subject);
        Assert.Single(new CallbackParse.About(new CallbackReference(CallbackSubject.Refund, "r")).References);
    }

    [Fact]
    public void ProviderCallFailure_TlsHandshake_NotSent() =>
        Assert.Equal(OperationOutcome.NotSent, ProviderCallFailure.Classify(new AuthenticationException("handshake"), CancellationToken.None));

    [Fact]
    public async Task IsProviderFailure_Default_FiveHundredsTimeoutsAndThrottling()
    {
        IConnector connector = new NullConnector();
        foreach (var (status, expected) in new[] { (500, true), (503, true), (408, true), (429, true), (400, false), (404, false), (200, false) })
        {
            using var response = new HttpResponseMessage((System.Net.HttpStatusCode)status);
            Assert.Equal(expected, await connector.IsProviderFailureAsync(response, CancellationToken.None));
        }
    }

    private sealed class NullConnector : IConnector
    {
        public ConnectorDescriptor Descriptor => throw new NotSupportedException();

        public IReadOnlyList<AccountValidationError> ValidateAccount(ConnectorAccount account) => [];

        public string NewProviderReference(string objectId) => objectId;

        public Task<PaymentResult> CreatePaymentAsync(ConnectorContext context, CreatePaymentRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<PaymentResult> GetPaymentStatusAsync(ConnectorContext context, PaymentStatusRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public CallbackParse ReadCallback(CallbackRequest request) => new CallbackParse.Malformed("none");

        public Task<CallbackVerification> VerifyCallbackAsync(ConnectorContext context, CallbackRequest request,
            IReadOnlyList<CallbackObject> objects, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
