using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Connectors.Pix.Tests;

/// <summary>The webhook: the hmac token (constant time, rotation), batches, devoluções, and deduplication ids.</summary>
public sealed class WebhookTests
{
    private const string Txid = "pay01J9Z8K4M2TQ7W3X5Y6Z8A1B2C";
    private const string E2e = "E12345678202009091221kkkkkkkkkkk";

    // PROVIDERS §7.4's example, with our txid.
    private const string Body = """{"pix":[{"endToEndId":"E12345678202009091221kkkkkkkkkkk","txid":"pay01J9Z8K4M2TQ7W3X5Y6Z8A1B2C","valor":"110.00","horario":"2020-09-09T20:15:00.358Z","devolucoes":[{"id":"ref01J9Z8K4M2TQ7W3X5Y6Z8A1B2D","rtrId":"D12345678202009091221abcdf098765","valor":"10.00","status":"EM_PROCESSAMENTO"}]}]}""";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Read_Example_NamesTheChargeItsPixAndTheDevolucao()
    {
        var about = Assert.IsType<CallbackParse.About>(new PixConnector().ReadCallback(TestSupport.Webhook(Body)));

        Assert.Contains(new CallbackReference(CallbackSubject.Payment, Txid), about.References);
        Assert.Contains(new CallbackReference(CallbackSubject.Payment, E2e), about.References);
        Assert.Contains(new CallbackReference(CallbackSubject.Refund, "ref01J9Z8K4M2TQ7W3X5Y6Z8A1B2D"), about.References);
    }

    [Fact]
    public async Task Verify_RightToken_IsAHintWithTheEndToEndIdAsEvent()
    {
        var hint = Assert.IsType<CallbackVerification.Hint>(await VerifyAsync(TestSupport.Webhook(Body), Payment(), Refund()));

        Assert.Contains(hint.References, r => r.Subject == CallbackSubject.Payment && r.ProviderReference == Txid);
        Assert.Contains(hint.References, r => r.Subject == CallbackSubject.Refund);
        Assert.Equal(E2e + "|ref01J9Z8K4M2TQ7W3X5Y6Z8A1B2D:EM_PROCESSAMENTO", hint.ProviderEventId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("whsec_pix_sandbox_0002")]
    [InlineData("whsec_pix_sandbox_000")]
    [InlineData("WHSEC_PIX_SANDBOX_0001")]
    public async Task Verify_WrongOrMissingToken_IsRejected(string? token)
    {
        var rejected = Assert.IsType<CallbackVerification.Rejected>(await VerifyAsync(TestSupport.Webhook(Body, token), Payment()));

        Assert.Equal(CallbackRejection.SignatureInvalid, rejected.Reason);
        Assert.DoesNotContain(TestSupport.CallbackSecret, rejected.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_PreviousTokenInsideItsWindow_IsAccepted_AfterItIsRejected()
    {
        var account = TestSupport.Account(new Uri("http://127.0.0.1:1"),
            extraCredentials: new Dictionary<string, string> { ["callbackSecret"] = "new_token_0002", ["previousCallbackSecret"] = TestSupport.CallbackSecret },
            extraSettings: new Dictionary<string, string> { ["previousCallbackSecretUntil"] = "2026-12-02T01:00:00Z" });
        var context = TestSupport.Context("http://127.0.0.1:1", _clock, account);

        var inside = await new PixConnector().VerifyCallbackAsync(context, TestSupport.Webhook(Body), [Payment()], CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        var after = await new PixConnector().VerifyCallbackAsync(context, TestSupport.Webhook(Body), [Payment()], CancellationToken.None);

        Assert.IsType<CallbackVerification.Hint>(inside);
        Assert.IsType<CallbackVerification.Rejected>(after);
    }

    [Fact]
    public async Task Verify_Batch_NamesEveryKnownChargeAndOneEvent()
    {
        const string batch = """{"pix":[{"endToEndId":"E1","txid":"pay01J9Z8K4M2TQ7W3X5Y6Z8A1B2C","valor":"110.00"},{"endToEndId":"E2","txid":"pay01J9Z8K4M2TQ7W3X5Y6Z8A1B2E","valor":"5.00"},{"endToEndId":"E3","txid":"unknownTxid00000000000000000","valor":"1.00"}]}""";
        var other = Payment() with { Id = "pay_2", ProviderReference = "pay01J9Z8K4M2TQ7W3X5Y6Z8A1B2E" };

        var hint = Assert.IsType<CallbackVerification.Hint>(await VerifyAsync(TestSupport.Webhook(batch), Payment(), other));

        Assert.Equal(["pay01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", "pay01J9Z8K4M2TQ7W3X5Y6Z8A1B2E"],
            hint.References.Where(r => r.ProviderReference.StartsWith("pay", StringComparison.Ordinal)).Select(r => r.ProviderReference));
        Assert.Equal("E1;E2;E3", hint.ProviderEventId);
    }

    [Fact]
    public void EventId_SamePixWithADevolucaoEnding_IsANewEvent()
    {
        var received = new PixReceived { EndToEndId = E2e };
        var refunded = received with { Devolucoes = [new PixDevolucao { Id = "D1", Status = "DEVOLVIDO" }] };

        Assert.Equal(E2e, PixWebhooks.EventId([received]));
        Assert.NotEqual(PixWebhooks.EventId([received]), PixWebhooks.EventId([refunded]));
    }

    [Fact]
    public async Task Verify_NoKnownObject_IsUnknownReference()
    {
        var rejected = Assert.IsType<CallbackVerification.Rejected>(await VerifyAsync(TestSupport.Webhook(Body)));

        Assert.Equal(CallbackRejection.UnknownReference, rejected.Reason);
    }

    [Theory]
    [InlineData("GET", Body)]
    [InlineData("POST", """{"pix":[]}""")]
    [InlineData("POST", """{"pix":[{"valor":"1.00"}]}""")]
    [InlineData("POST", """{"pix":[{"txid":"x","devolucoes":5}]}""")]
    public void Read_NotAWebhook_IsMalformed(string method, string body) =>
        Assert.IsType<CallbackParse.Malformed>(new PixConnector().ReadCallback(TestSupport.Webhook(body, method: method)));

    private Task<CallbackVerification> VerifyAsync(CallbackRequest request, params CallbackObject[] objects) =>
        new PixConnector().VerifyCallbackAsync(TestSupport.Context("http://127.0.0.1:1", _clock), request, objects, CancellationToken.None);

    private static CallbackObject Payment() => new()
    {
        Subject = CallbackSubject.Payment,
        Id = "pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C",
        ProviderReference = Txid,
        Amount = new Money(11000, Currency.BRL),
    };

    private static CallbackObject Refund() => new()
    {
        Subject = CallbackSubject.Refund,
        Id = "ref_01J9Z8K4M2TQ7W3X5Y6Z8A1B2D",
        ProviderReference = "ref01J9Z8K4M2TQ7W3X5Y6Z8A1B2D",
        Amount = new Money(1000, Currency.BRL),
    };
}
