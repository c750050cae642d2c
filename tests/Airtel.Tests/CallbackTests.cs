using System.Security.Cryptography;
using System.Text;
using Connectors.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulators.Airtel;

namespace Connectors.Airtel.Tests;

/// <summary>
/// Airtel's callback (PROVIDERS §5.3): the hash over the transaction's raw text, checked on the kit's template against
/// the test vector, in constant time, with secret rotation; a verified callback is still only a hint (re-queried).
/// </summary>
public sealed class CallbackTests
{
    private const string Transaction =
        """{"id":"pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C","message":"Paid RWF 5,000 to MERCHANT. Trans ID MP210603.1234.L06941.","status_code":"TS","airtel_money_id":"MP210603.1234.L06941"}""";

    // §5.3's test vector: secret airtel_cb_secret_example.
    private const string VectorHash = "aW37C1CBYCaYqT146FmgFMkvNeIpIpjfBgtIMm5r+ZM=";
    private const string Body = $$"""{"transaction":{{Transaction}},"hash":"{{VectorHash}}"}""";

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly AirtelConnector _connector = new();

    [Fact]
    public void Vector_HashBeginsAsPublished() => Assert.StartsWith("aW37C1CB", VectorHash, StringComparison.Ordinal);

    /// <summary>The simulator's signer writes exactly §5.3's callback for §5.3's values: the same bytes, the same hash.</summary>
    [Fact]
    public void Simulator_SignsTheVector()
    {
        var transaction = AirtelWire.CallbackTransaction("pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C",
            AirtelWire.PaidMessage(5000, "MP210603.1234.L06941"), "TS", "MP210603.1234.L06941");

        Assert.Equal(Transaction, transaction);
        Assert.Equal(Body, AirtelWire.CallbackBody(transaction, "airtel_cb_secret_example"));
    }

    [Fact]
    public void Read_NamesOurIdAndAirtelsId()
    {
        var about = Assert.IsType<CallbackParse.About>(_connector.ReadCallback(TestSupport.Callback(Body)));

        Assert.Equal(
            [new(CallbackSubject.Payment, "pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C"), new(CallbackSubject.Payment, "MP210603.1234.L06941")],
            about.References);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("{\"transaction\":\"x\"}")]
    [InlineData("{\"transaction\":{\"status_code\":\"TS\"}}")]
    [InlineData("{\"transaction\":")]
    public void Read_Garbage_IsMalformed(string body) =>
        Assert.IsType<CallbackParse.Malformed>(_connector.ReadCallback(TestSupport.Callback(body)));

    [Fact]
    public void Read_NotAPost_IsMalformed() =>
        Assert.IsType<CallbackParse.Malformed>(_connector.ReadCallback(TestSupport.Callback(Body, "GET")));

    /// <summary>The vector verifies, and is still only a hint: the hub re-queries Airtel; the event id is the body's digest.</summary>
    [Fact]
    public async Task Vector_Verified_IsAHintToRequery()
    {
        var hint = Assert.IsType<CallbackVerification.Hint>(await VerifyAsync(Body));

        Assert.Contains(hint.References, r => r.ProviderReference == "pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C");
        Assert.Equal(Kit.EventIds.FromBody(Encoding.UTF8.GetBytes(Body)), hint.ProviderEventId);
        Assert.Equal(CallbackTrust.Unsigned, _connector.Descriptor.CallbackTrust);
    }

    [Theory]
    [InlineData("\"TS\"", "\"TF\"")]
    [InlineData("5,000", "5,001")]
    [InlineData("L06941\"}", "L06942\"}")]
    public async Task Tampered_IsRejected(string from, string to)
    {
        var tampered = Body.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Body, tampered);

        var rejected = Assert.IsType<CallbackVerification.Rejected>(await VerifyAsync(tampered));

        Assert.Equal(CallbackRejection.SignatureInvalid, rejected.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("aW37C1CBYCaYqT146FmgFMkvNeIpIpjfBgtIMm5r+ZM")]
    [InlineData("bW37C1CBYCaYqT146FmgFMkvNeIpIpjfBgtIMm5r+ZM=")]
    public async Task WrongOrMissingHash_IsRejected(string hash)
    {
        var body = hash.Length == 0 ? $$"""{"transaction":{{Transaction}}}""" : Body.Replace(VectorHash, hash, StringComparison.Ordinal);

        var verification = await VerifyAsync(body);

        Assert.IsType<CallbackVerification.Rejected>(verification);
    }

    /// <summary>The hash is over the text as sent: the same transaction with spaces, signed so, verifies; re-serializing would not.</summary>
    [Fact]
    public async Task Hash_IsOverTheRawText()
    {
        const string spaced = """{ "id": "pay_01J9Z8K4M2TQ7W3X5Y6Z8A1B2C", "message": "Paid", "status_code": "TS", "airtel_money_id": "MP1" }""";
        var hash = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestSupport.CallbackSecret), Encoding.UTF8.GetBytes(spaced)));

        Assert.IsType<CallbackVerification.Hint>(await VerifyAsync($$"""{"transaction":{{spaced}},"hash":"{{hash}}"}"""));
    }

    [Fact]
    public async Task WrongSecret_IsRejected() =>
        Assert.IsType<CallbackVerification.Rejected>(await VerifyAsync(Body, Account("another_secret")));

    /// <summary>Rotation: the previous secret is accepted until settings.previousCallbackSecretUntil, then refused.</summary>
    [Fact]
    public async Task PreviousSecret_AcceptedInsideItsWindowOnly()
    {
        var rotating = Account("the_new_secret", previous: TestSupport.CallbackSecret, until: Now.AddHours(1));

        var inside = await VerifyAsync(Body, rotating);
        _clock.Advance(TimeSpan.FromHours(2));
        var after = await VerifyAsync(Body, rotating);

        Assert.IsType<CallbackVerification.Hint>(inside);
        Assert.IsType<CallbackVerification.Rejected>(after);
    }

    /// <summary>"Callback with authentication" off (no secret on the account): any callback is a hint, never more.</summary>
    [Fact]
    public async Task NoSecret_IsAHint() =>
        Assert.IsType<CallbackVerification.Hint>(await VerifyAsync($$"""{"transaction":{{Transaction}}}""", Account(null)));

    [Fact]
    public async Task StatusOtherThanTsOrTf_IsMalformed()
    {
        var transaction = Transaction.Replace("\"TS\"", "\"TIP\"", StringComparison.Ordinal);
        var hash = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestSupport.CallbackSecret), Encoding.UTF8.GetBytes(transaction)));

        var rejected = Assert.IsType<CallbackVerification.Rejected>(await VerifyAsync($$"""{"transaction":{{transaction}},"hash":"{{hash}}"}"""));

        Assert.Equal(CallbackRejection.Malformed, rejected.Reason);
    }

    private Task<CallbackVerification> VerifyAsync(string body, ConnectorAccount? account = null) =>
        _connector.VerifyCallbackAsync(TestSupport.Context("http://127.0.0.1:9", _clock, account ?? Account(TestSupport.CallbackSecret)),
            TestSupport.Callback(body), [], CancellationToken.None);

    private static ConnectorAccount Account(string? secret, string? previous = null, DateTimeOffset? until = null)
    {
        var account = TestSupport.Account(new Uri("http://127.0.0.1:9"), callbackSecret: secret);
        var credentials = new Dictionary<string, string>(account.Credentials);
        var settings = new Dictionary<string, string>(account.Settings);
        if (previous is not null)
        {
            credentials["previousCallbackSecret"] = previous;
            settings["previousCallbackSecretUntil"] = until!.Value.ToString("O");
        }

        return account with { Credentials = credentials, Settings = settings };
    }
}
