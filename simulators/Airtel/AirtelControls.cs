using Simulators.Kit;

namespace Simulators.Airtel;

/// <summary>Forces the outcome of the calls it matches (<c>POST /__sim/overrides</c>): <see cref="OverrideMatch.Reference"/>
/// is transaction.id (a refund: the airtel_money_id it refunds), <see cref="OverrideMatch.Operation"/> "collection",
/// "disbursement", "refund" or "kyc".</summary>
public sealed record AirtelOverride : SimOverride<AirtelOverrideOutcome>;

public sealed record AirtelOverrideOutcome
{
    /// <summary>
    /// The status once due: TS, TF, TA, TIP (for ever), or any text (to test a connector against a status Airtel does
    /// not document). For "kyc": NOT_FOUND or BARRED. Ignored when <see cref="HttpStatus"/> is set.
    /// </summary>
    public string Status { get; init; } = AirtelWire.Successful;

    /// <summary>The DP response code (a TF's reason, "DP00800001002"); null: the status's usual one.</summary>
    public string? Code { get; init; }

    /// <summary>data.transaction.message.</summary>
    public string? Message { get; init; }

    public int DelaySeconds { get; init; }

    /// <summary>A synchronous refusal instead of the 200 (e.g. 400), with <see cref="ResultCode"/> (default ESB000001).</summary>
    public int? HttpStatus { get; init; }

    /// <summary>A refusal's ESB result code.</summary>
    public string? ResultCode { get; init; }

    public CallbackMode? CallbackMode { get; init; }

    /// <summary>As the outcome rules take it.</summary>
    public AirtelOutcome ToOutcome() => HttpStatus is { } status and not 200
        ? AirtelOutcome.Reject(AirtelOutcomeRules.OverrideRule, status, ResultCode ?? AirtelWire.EsbError, Code, Message)
        : AirtelOutcome.Settle(AirtelOutcomeRules.OverrideRule, Status, TimeSpan.FromSeconds(DelaySeconds), Code, Message);
}

/// <summary>The portal settings (<c>GET</c>/<c>POST /__sim/portal</c>): the collection callback URL and the hash.</summary>
public sealed record AirtelPortal
{
    public string? CallbackUrl { get; init; }

    public string? HashSecret { get; init; }

    public bool? CallbackAuthentication { get; init; }
}
