using System.Text;
using Connectors.Abstractions;
using Connectors.Kit;
using Microsoft.Extensions.Time.Testing;
using Simulators.Acme;

namespace Connectors.Acme.Tests;

/// <summary>Acme's signature scheme on a fixed vector, both sides: the simulator signs it, the connector verifies it.</summary>
public sealed class AcmeSignatureTests
{
    private const string Secret = "whsec_sandbox_acme_0001";
    private const string Body = """{"id":"ch_1","reference":"pay_01TEST","amount":1002,"currency":"XAF","status":"succeeded","failure_code":null}""";

    // hex(HMAC-SHA256("whsec_sandbox_acme_0001", "1767225600." + Body)), computed once with openssl.
    private const string Vector = "t=1767225600,v1=37dd2a700fae11c74524fd3e2b15c137e4510fead89061fc43548ab0a43e1c74";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1767225600);

    [Fact]
    public void Simulator_SignsTheVector() => Assert.Equal(Vector, AcmeWire.Signature(Secret, SignedAt, Body));

    [Fact]
    public void Verifier_AcceptsTheVector() =>
        Assert.Equal(SignatureCheck.Valid, Verify(Vector, Body, SignedAt.AddSeconds(10)).Check);

    [Fact]
    public void Verifier_RejectsATamperedBody() =>
        Assert.Equal(SignatureCheck.Mismatch, Verify(Vector, Body.Replace("1002", "9002", StringComparison.Ordinal), SignedAt).Check);

    [Fact]
    public void Verifier_RejectsAStaleSignature() =>
        Assert.Equal(SignatureCheck.Stale, Verify(Vector, Body, SignedAt.AddSeconds(301)).Check);

    [Fact]
    public void Verifier_RejectsAMissingHeader() =>
        Assert.Equal(SignatureCheck.Missing, Verify(null, Body, SignedAt).Check);

    private static SignatureVerdict Verify(string? header, string body, DateTimeOffset now)
    {
        var headers = new Dictionary<string, string>();
        if (header is not null)
        {
            headers[AcmeCallbackVerifier.SignatureHeaderName] = header;
        }

        var request = new CallbackRequest("POST", "", [], headers, Encoding.UTF8.GetBytes(body));
        return new AcmeCallbackVerifier().Verify(request, new CallbackSecrets(Secret), new FakeTimeProvider(now));
    }
}

/// <summary>The one status table, row by row.</summary>
public sealed class AcmeStatusMapTests
{
    [Theory]
    [InlineData("pending", PaymentStatus.Pending)]
    [InlineData("succeeded", PaymentStatus.Paid)]
    [InlineData("failed", PaymentStatus.Failed)]
    [InlineData("expired", PaymentStatus.Expired)]
    public void Status_Maps(string raw, PaymentStatus expected) => Assert.Equal(expected, AcmeStatusMap.ToPaymentStatus(raw));

    [Theory]
    [InlineData("settling")]
    [InlineData("SUCCEEDED")]
    [InlineData(null)]
    public void UndocumentedStatus_Throws(string? raw) =>
        Assert.Throws<UnknownProviderStatusException>(() => AcmeStatusMap.ToPaymentStatus(raw));

    [Theory]
    [InlineData("INSUFFICIENT_FUNDS", FailureCode.InsufficientFunds)]
    [InlineData("DECLINED", FailureCode.PayerDeclined)]
    [InlineData("PAYER_NOT_FOUND", FailureCode.PayerNotFound)]
    [InlineData("LIMIT_EXCEEDED", FailureCode.LimitExceeded)]
    [InlineData("EXPIRED", FailureCode.Expired)]
    [InlineData("NEW_CODE", FailureCode.ProviderError)]
    public void FailureCode_Maps(string raw, FailureCode expected)
    {
        var failure = AcmeStatusMap.ToFailure(raw);

        Assert.Equal(expected, failure.Code);
        Assert.Equal(raw, failure.ProviderCode);
        Assert.False(string.IsNullOrWhiteSpace(failure.Message));
    }

    [Fact]
    public void Options_NeverPrintTheKey()
    {
        var account = new ConnectorAccount
        {
            Id = "ca_1", Environment = ConnectorEnvironment.Sandbox, BaseUrl = new Uri("http://127.0.0.1:1"),
            Credentials = new Dictionary<string, string> { ["apiKey"] = "sk_live_secret_value" }, Settings = new Dictionary<string, string>(),
        };

        Assert.DoesNotContain("sk_live_secret_value", AcmeOptions.From(account).ToString(), StringComparison.Ordinal);
    }
}

/// <summary>The simulator's sandbox rules, decided without a server.</summary>
public sealed class AcmeOutcomeRulesTests
{
    [Theory]
    [InlineData(1002, "237699123456", 201, "succeeded", 2)]
    [InlineData(1000, "237699123456", 201, "succeeded", 0)]
    [InlineData(1001, "237699123456", 201, "failed", 1)]
    [InlineData(1002, "237699120000", 422, "failed", 0)]
    public void Rules_Decide(long amount, string phone, int httpStatus, string final, int delaySeconds)
    {
        var outcome = AcmeOutcomeRules.Decide(amount, phone, forced: null);

        Assert.Equal(httpStatus, outcome.HttpStatus);
        Assert.Equal(final, outcome.FinalStatus);
        Assert.Equal(TimeSpan.FromSeconds(delaySeconds), outcome.Delay);
    }

    [Fact]
    public void Override_ComesFirst()
    {
        var outcome = AcmeOutcomeRules.Decide(1002, "237699123456", new AcmeOverrideOutcome { Status = "failed", FailureCode = "DECLINED" });

        Assert.Equal(("failed", "DECLINED"), (outcome.FinalStatus, outcome.Code));
    }
}
