using Simulators.Kit;

namespace Simulators.MtnMomo;

/// <summary>What the simulator will do with a request to pay, a transfer or a refund.</summary>
public enum MtnMomoOutcomeKind
{
    /// <summary>Refused synchronously: <see cref="MtnMomoOutcome.HttpStatus"/> with an optional {"code","message"}.</summary>
    Rejected,

    /// <summary>202, PENDING, then SUCCESSFUL at t0 + <see cref="MtnMomoOutcome.Delay"/>.</summary>
    Successful,

    /// <summary>202, then FAILED with <see cref="MtnMomoOutcome.Reason"/> at t0 + <see cref="MtnMomoOutcome.Delay"/>.</summary>
    Failed,

    /// <summary>202, then PENDING for ever; no callback.</summary>
    PendingForever,

    /// <summary>202, PENDING; a GET at t0 + <see cref="MtnMomoOutcome.Delay"/> or later sees SUCCESSFUL; no callback.</summary>
    SuccessfulWhenAskedAfter,
}

/// <summary>The decision of <see cref="MtnMomoOutcomeRules.Decide"/>, with the rule that made it.</summary>
public sealed record MtnMomoOutcome(MtnMomoOutcomeKind Kind, string Rule)
{
    public TimeSpan Delay { get; init; }

    /// <summary>MTN's FAILED reason, a string such as NOT_ENOUGH_FUNDS.</summary>
    public string? Reason { get; init; }

    /// <summary>The HTTP status of the creation reply: 202 unless rejected.</summary>
    public int HttpStatus { get; init; } = 202;

    /// <summary>The {"code"} of a rejection; null for a bare status with no body.</summary>
    public string? Code { get; init; }

    public string? Message { get; init; }

    public static MtnMomoOutcome Reject(string rule, int httpStatus, string? code, string? message) =>
        new(MtnMomoOutcomeKind.Rejected, rule) { HttpStatus = httpStatus, Code = code, Message = message };

    public static MtnMomoOutcome Succeed(string rule, TimeSpan delay) =>
        new(MtnMomoOutcomeKind.Successful, rule) { Delay = delay };

    public static MtnMomoOutcome Fail(string rule, string reason, TimeSpan delay = default) =>
        new(MtnMomoOutcomeKind.Failed, rule) { Reason = reason, Delay = delay };
}

/// <summary>The facts of a request that the outcome rules look at.</summary>
/// <param name="AmountMinor">The amount in minor units of <paramref name="Currency"/> (EUR "10.10" is 1010).</param>
/// <param name="PartyId">The payer of a request to pay or the payee of a transfer; null for a refund.</param>
/// <param name="PayerMessage">The hub's free-text field, where <c>fail_on_create</c> is looked for.</param>
/// <param name="Override">A QA override that matched this request, if any; it wins over every rule.</param>
public sealed record MtnMomoRequestFacts(
    long AmountMinor,
    string Currency,
    string? PartyId,
    string? PayerMessage,
    MtnMomoOutcome? Override = null);

/// <summary>
/// The sandbox outcome rules (PROVIDERS.md §1.2–1.3, §3.4), as a pure function of the request: the first rule
/// that matches decides. Time enters only through the returned delay, applied on the simulator's clock.
/// </summary>
public static class MtnMomoOutcomeRules
{
    public const string OverrideRule = "override";
    public const string FailOnCreateRule = "fail_on_create";
    public const string MtnMagicPhoneRule = "mtn_magic_phone";
    public const string CopayPhoneRule = "copay_phone";
    public const string EvenAmountRule = "amount_even";
    public const string OddAmountRule = "amount_odd";

    /// <summary>MTN's sandbox polls 453 as PENDING until 30 s have passed.</summary>
    public static readonly TimeSpan AskAfter = TimeSpan.FromSeconds(30);

    public static MtnMomoOutcome Decide(MtnMomoRequestFacts facts)
    {
        if (facts.Override is { } forced)
        {
            return forced with { Rule = OverrideRule };
        }

        if (facts.PayerMessage?.Contains("fail_on_create", StringComparison.Ordinal) == true)
        {
            return MtnMomoOutcome.Reject(FailOnCreateRule, 500, "NOT_ALLOWED", "Authorization failed. Insufficient permissions.");
        }

        var last9 = SimWire.LastNineDigits(facts.PartyId);
        if (last9 is not null && MtnMagicPhone(last9, AmountDelay(facts.AmountMinor)) is { } magic)
        {
            return magic;
        }

        switch (last9)
        {
            // Copay's MTN test phones: a success phone still takes its delay from the amount.
            case "788000001":
                return MtnMomoOutcome.Succeed(CopayPhoneRule, AmountDelay(facts.AmountMinor));
            case "788000002":
                return MtnMomoOutcome.Fail(CopayPhoneRule, "APPROVAL_REJECTED");
        }

        return facts.AmountMinor % 2 == 0
            ? MtnMomoOutcome.Succeed(EvenAmountRule, AmountDelay(facts.AmountMinor))
            : MtnMomoOutcome.Fail(OddAmountRule, "NOT_ENOUGH_FUNDS");
    }

    /// <summary>The last two digits of the amount in minor units, in seconds: 1002 → 2 s, 1010 → 10 s, 3000 → 0 s.</summary>
    public static TimeSpan AmountDelay(long amountMinor) => TimeSpan.FromSeconds(amountMinor % 100);

    // 46733123450–454 are MTN's own sandbox numbers; 455–463 follow MTN's Java SDK, one reason each. Reasons that MTN
    // returns as a business error of the POST (NOT_ALLOWED, INVALID_CALLBACK_URL_HOST, INVALID_CURRENCY,
    // INTERNAL_PROCESSING_ERROR with a code, SERVICE_UNAVAILABLE) are synchronous; the rest are FAILED reasons.
    private static MtnMomoOutcome? MtnMagicPhone(string last9, TimeSpan amountDelay) => last9 switch
    {
        "733123450" => MtnMomoOutcome.Fail(MtnMagicPhoneRule, "INTERNAL_PROCESSING_ERROR"),
        "733123451" => MtnMomoOutcome.Fail(MtnMagicPhoneRule, "APPROVAL_REJECTED"),
        "733123452" => MtnMomoOutcome.Fail(MtnMagicPhoneRule, "EXPIRED"),
        "733123453" => new MtnMomoOutcome(MtnMomoOutcomeKind.SuccessfulWhenAskedAfter, MtnMagicPhoneRule) { Delay = AskAfter },
        "733123454" => new MtnMomoOutcome(MtnMomoOutcomeKind.PendingForever, MtnMagicPhoneRule),
        "733123455" => MtnMomoOutcome.Fail(MtnMagicPhoneRule, "PAYER_NOT_FOUND"),
        "733123456" => MtnMomoOutcome.Fail(MtnMagicPhoneRule, "PAYER_LIMIT_REACHED"),
        "733123457" => MtnMomoOutcome.Fail(MtnMagicPhoneRule, "PAYEE_NOT_FOUND"),
        "733123458" => MtnMomoOutcome.Reject(MtnMagicPhoneRule, 500, "NOT_ALLOWED", "Authorization failed. Insufficient permissions."),
        "733123459" => MtnMomoOutcome.Reject(MtnMagicPhoneRule, 500, "INVALID_CALLBACK_URL_HOST", "Callback URL with different host than the one configured for the API user."),
        "733123460" => MtnMomoOutcome.Reject(MtnMagicPhoneRule, 500, "INVALID_CURRENCY", "Currency not supported."),
        "733123461" => MtnMomoOutcome.Reject(MtnMagicPhoneRule, 500, "INTERNAL_PROCESSING_ERROR", "An internal error occurred while processing."),
        "733123462" => MtnMomoOutcome.Reject(MtnMagicPhoneRule, 503, "SERVICE_UNAVAILABLE", "Service is unavailable."),
        "733123463" => MtnMomoOutcome.Fail(MtnMagicPhoneRule, "COULD_NOT_PERFORM_TRANSACTION"),
        _ => null,
    };
}

/// <summary>MTN amounts are strings in major units; the rules read them in minor units of the currency.</summary>
public static class MtnMomoAmounts
{
    /// <summary>ISO 4217 exponents of the currencies MTN's environments use; any other is taken as 2.</summary>
    public static int Exponent(string currency) => currency switch
    {
        "XAF" or "XOF" or "RWF" or "UGX" or "GNF" => 0,
        _ => 2,
    };

    /// <summary>"10.10" EUR → 1010; "1002" XAF → 1002; "5000.00" XAF → 5000. False for a malformed amount or
    /// non-zero digits beyond the currency's exponent ("10.5" XAF).</summary>
    public static bool TryToMinor(string? amount, string currency, out long minor)
    {
        minor = 0;
        if (string.IsNullOrEmpty(amount) || amount.Length > 18)
        {
            return false;
        }

        var dot = amount.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? amount : amount[..dot];
        var fraction = dot < 0 ? "" : amount[(dot + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || (dot >= 0 && (fraction.Length == 0 || !fraction.All(char.IsAsciiDigit))))
        {
            return false;
        }

        var exponent = Exponent(currency);
        if (fraction.Length > exponent)
        {
            if (fraction[exponent..].Any(c => c != '0'))
            {
                return false;
            }

            fraction = fraction[..exponent];
        }

        minor = long.Parse(whole + fraction.PadRight(exponent, '0'), System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }
}
