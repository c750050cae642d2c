using System.Text;
using Connectors.Abstractions;

namespace Connectors.Conformance;

// Callbacks in two steps: ReadCallback (nothing trusted), then VerifyCallbackAsync.
public abstract partial class ConnectorConformance<TFixture>
{
    /// <summary>Bodies no provider sends, by name.</summary>
    public static TheoryData<string> GarbageBodies => Rows(Garbage.Keys);

    private static readonly Dictionary<string, byte[]> Garbage = new(StringComparer.Ordinal)
    {
        ["empty"] = [],
        ["not JSON"] = Encoding.UTF8.GetBytes("status=SUCCESSFUL&amount=100"),
        ["binary"] = [0xFF, 0xFE, 0x00, 0x01, 0x80, 0x7F, 0xC3, 0x28],
        ["JSON null"] = Encoding.UTF8.GetBytes("null"),
        ["JSON array"] = Encoding.UTF8.GetBytes("[1,2,3]"),
        ["truncated JSON"] = Encoding.UTF8.GetBytes("{\"status\":\"SUCC"),
        ["deep nesting"] = Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)),
    };

    /// <summary>A genuine callback names its object: step 1 reads the payment's reference (or the provider's id).</summary>
    [SkippableFact]
    public async Task Callback_Genuine_ReadsItsReference()
    {
        var (payment, callback, paid) = await GenuineCallbackAsync();

        var parse = Connector.ReadCallback(callback);

        var about = Assert.IsType<CallbackParse.About>(parse);
        var target = ObjectOf(payment, transactionId: paid.ProviderTransactionId);
        Assert.Contains(about.References, r => r.Subject == CallbackSubject.Payment && target.Matches(r.ProviderReference));
    }

    /// <summary>An unsigned provider's genuine callback is only a hint: the hub fetches the status, moves nothing by it.</summary>
    [SkippableFact]
    public async Task Callback_Unsigned_GenuineIsOnlyAHint()
    {
        Skip.If(Descriptor.CallbackTrust == CallbackTrust.Signed, $"{Descriptor.Id} signs its callbacks (see the Signed checks)");
        var (payment, callback, paid) = await GenuineCallbackAsync();

        var verification = await VerifyAsync(callback, ObjectOf(payment, transactionId: paid.ProviderTransactionId));

        var hint = Assert.IsType<CallbackVerification.Hint>(verification);
        var target = ObjectOf(payment, transactionId: paid.ProviderTransactionId);
        Assert.Contains(hint.References, r => target.Matches(r.ProviderReference));
    }

    /// <summary>An unsigned callback that was tampered with, or names another amount, is never more than a hint.</summary>
    [SkippableFact]
    public async Task Callback_Unsigned_SpoofedIsNeverVerified()
    {
        Skip.If(Descriptor.CallbackTrust == CallbackTrust.Signed, $"{Descriptor.Id} signs its callbacks (see the Signed checks)");
        var (payment, callback, paid) = await GenuineCallbackAsync();
        var other = ObjectOf(payment, new Money(payment.Amount.Minor + 1, payment.Amount.Currency), paid.ProviderTransactionId);

        var tampered = await VerifyAsync(Tamper(callback), ObjectOf(payment, transactionId: paid.ProviderTransactionId));
        var wrongAmount = await VerifyAsync(callback, other);

        Assert.IsNotType<CallbackVerification.Verified>(tampered);
        Assert.IsNotType<CallbackVerification.Verified>(wrongAmount);
    }

    /// <summary>A signed provider's genuine callback is verified, with its status and an event id for deduplication.</summary>
    [SkippableFact]
    public async Task Callback_Signed_GenuineIsVerified()
    {
        Skip.If(Descriptor.CallbackTrust == CallbackTrust.Unsigned, $"{Descriptor.Id}'s callbacks are unsigned: they are hints (see the Unsigned checks)");
        var (payment, callback, paid) = await GenuineCallbackAsync();
        var target = ObjectOf(payment, transactionId: paid.ProviderTransactionId);

        var verified = Assert.IsType<CallbackVerification.Verified>(await VerifyAsync(callback, target));

        var update = Assert.Single(verified.Updates, u => target.Matches(u.ProviderReference));
        Assert.Equal(PaymentStatus.Paid, update.Status);
        Assert.False(string.IsNullOrEmpty(update.ProviderEventId), "a verified update needs an event id (the kit's body digest will do)");
    }

    /// <summary>A signed callback whose body changed after signing is rejected as a bad signature.</summary>
    [SkippableFact]
    public async Task Callback_Signed_TamperedIsRejected()
    {
        Skip.If(Descriptor.CallbackTrust == CallbackTrust.Unsigned, $"{Descriptor.Id}'s callbacks are unsigned: nothing to tamper with");
        var (payment, callback, paid) = await GenuineCallbackAsync();

        var verification = await VerifyAsync(Tamper(callback), ObjectOf(payment, transactionId: paid.ProviderTransactionId));

        var rejected = Assert.IsType<CallbackVerification.Rejected>(verification);
        Assert.Equal(CallbackRejection.SignatureInvalid, rejected.Reason);
    }

    /// <summary>
    /// A replayed signed callback (the same bytes again) cannot move anything twice: it is rejected, or verified with
    /// the same event id, which the hub deduplicates per account.
    /// </summary>
    [SkippableFact]
    public async Task Callback_Signed_ReplayedIsDeduplicated()
    {
        Skip.If(Descriptor.CallbackTrust == CallbackTrust.Unsigned, $"{Descriptor.Id}'s callbacks are unsigned: a replay is one more hint");
        var (payment, callback, paid) = await GenuineCallbackAsync();
        var target = ObjectOf(payment, transactionId: paid.ProviderTransactionId);

        var first = Assert.IsType<CallbackVerification.Verified>(await VerifyAsync(callback, target));
        var second = await VerifyAsync(callback, target);

        if (second is CallbackVerification.Verified again)
        {
            Assert.Equal(first.Updates.Select(u => u.ProviderEventId), again.Updates.Select(u => u.ProviderEventId));
            Assert.All(again.Updates, u => Assert.False(string.IsNullOrEmpty(u.ProviderEventId)));
        }
        else
        {
            Assert.IsType<CallbackVerification.Rejected>(second);
        }
    }

    /// <summary>A signed callback older than the provider's timestamp tolerance is rejected.</summary>
    [SkippableFact]
    public async Task Callback_Signed_StaleIsRejected()
    {
        Skip.If(Descriptor.CallbackTrust == CallbackTrust.Unsigned, $"{Descriptor.Id}'s callbacks are unsigned: no timestamp to go stale");
        Skip.If(Fixture.CallbackTolerance is null, $"{Descriptor.Id}'s signature has no timestamp (the fixture's CallbackTolerance is null)");
        var (payment, callback, paid) = await GenuineCallbackAsync();

        Fixture.Clock.Advance(Fixture.CallbackTolerance!.Value + TimeSpan.FromMinutes(1));
        var verification = await VerifyAsync(callback, ObjectOf(payment, transactionId: paid.ProviderTransactionId));

        var rejected = Assert.IsType<CallbackVerification.Rejected>(verification);
        Assert.Equal(CallbackRejection.SignatureInvalid, rejected.Reason);
    }

    /// <summary>
    /// A genuine signed callback whose amount disagrees with the object's moves nothing: it is rejected, or verified
    /// with the amount it reports, which the hub compares and records as <c>amount_mismatch</c> (the contract's
    /// <see cref="CallbackUpdate.Amount"/>). A verified update that hides its amount cannot be checked, so it fails.
    /// </summary>
    [SkippableFact]
    public async Task Callback_Signed_WrongAmountIsAMismatch()
    {
        Skip.If(Descriptor.CallbackTrust == CallbackTrust.Unsigned, $"{Descriptor.Id}'s callbacks are unsigned: the hub re-fetches the amount");
        var (payment, callback, paid) = await GenuineCallbackAsync();
        var other = ObjectOf(payment, new Money(payment.Amount.Minor + 1, payment.Amount.Currency), paid.ProviderTransactionId);

        var verification = await VerifyAsync(callback, other);

        if (verification is CallbackVerification.Verified verified)
        {
            Assert.All(verified.Updates.Where(u => other.Matches(u.ProviderReference)), u =>
            {
                Assert.True(u.Amount is not null, "a verified update must report its amount so the hub can catch a mismatch");
                Assert.NotEqual(other.Amount, u.Amount!.Value);
            });
        }
        else
        {
            Assert.IsType<CallbackVerification.Rejected>(verification);
        }
    }

    /// <summary>Step 1 on a body no provider sends answers Malformed, and never throws.</summary>
    [SkippableTheory]
    [MemberData(nameof(GarbageBodies))]
    public void ReadCallback_Garbage_IsMalformed(string body)
    {
        RequireCallbacks();
        var request = new CallbackRequest("POST", "", [], [new("Content-Type", "application/json")], Garbage[body]);

        var parse = Connector.ReadCallback(request);

        Assert.IsType<CallbackParse.Malformed>(parse);
    }

    /// <summary>Step 2 on a genuine callback's URL and headers with a garbage body never throws and verifies nothing.</summary>
    [SkippableFact]
    public async Task VerifyCallback_Garbage_NeverVerifiesNorThrows()
    {
        var (payment, callback, paid) = await GenuineCallbackAsync();
        var target = ObjectOf(payment, transactionId: paid.ProviderTransactionId);

        foreach (var (name, body) in Garbage)
        {
            var garbage = new CallbackRequest(callback.Method, callback.Path, callback.Query, callback.Headers, body);
            var verification = await VerifyAsync(garbage, target);
            Assert.False(verification is CallbackVerification.Verified, $"a {name} body was verified");
        }
    }

    /// <summary>A paid default payment and the genuine callback about it.</summary>
    protected async Task<(CreatePaymentRequest Payment, CallbackRequest Callback, PaymentResult Paid)> GenuineCallbackAsync()
    {
        RequireCallbacks();
        var (payment, paid) = await PaidPaymentAsync();
        var callback = await Fixture.GenuineCallbackAsync(ObjectOf(payment, transactionId: paid.ProviderTransactionId), Fixture.Context());
        return (payment, callback, paid);
    }

    /// <summary>Step 2 as the hub calls it.</summary>
    protected async Task<CallbackVerification> VerifyAsync(CallbackRequest callback, CallbackObject target) =>
        await Connector.VerifyCallbackAsync(Fixture.Context(), callback, [target], CancellationToken.None);

    private void RequireCallbacks() =>
        Skip.IfNot(Descriptor.Has(ConnectorCapabilities.Callbacks), $"{Descriptor.Id} does not declare Callbacks");

    // The same request with one digit of the body changed (a JSON body stays JSON), or a byte appended.
    private static CallbackRequest Tamper(CallbackRequest callback)
    {
        var body = callback.Body.ToArray();
        var digit = Array.FindIndex(body, b => b is >= (byte)'0' and <= (byte)'9');
        if (digit >= 0)
        {
            body[digit] = (byte)(body[digit] == (byte)'9' ? '1' : body[digit] + 1);
        }
        else
        {
            body = [.. body, (byte)' '];
        }

        return new CallbackRequest(callback.Method, callback.Path, callback.Query, callback.Headers, body);
    }
}
