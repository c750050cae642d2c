using System.Globalization;
using Simulators.Kit;
using WireMock;

namespace Simulators.Card;

// How a sale is decided and what the endpoints share: headers, path segments, query amounts, Brazil's day.
public sealed partial class CardSimulator
{
    private static SaleDecision Decide(SaleRequest sale, CardOverrideOutcome? forced, CardRuleSet rules)
    {
        if (forced?.Status is { } status)
        {
            return new SaleDecision(status, forced.ReturnCode ?? DefaultReturnCode(status), "Forced by the simulator",
                forced.Fraud, CardOutcomeRules.OverrideRule);
        }

        var decided = CardOutcomeRules.Decide(sale.Facts, rules);
        if (forced?.Fraud is { } fraud)
        {
            return fraud switch
            {
                "Review" => new SaleDecision(1, "4", "Operation Successful", fraud, CardOutcomeRules.OverrideRule),
                "Reject" => new SaleDecision(3, "05", "Not Authorized", fraud, CardOutcomeRules.OverrideRule),
                _ => decided with { Fraud = fraud, Rule = CardOutcomeRules.OverrideRule },
            };
        }

        // 3-D Secure: the page decides (§1.3 still applies there); fail_on_create refuses at once.
        return sale.Authenticate && decided.Rule != CardOutcomeRules.FailOnCreateRule
            ? new SaleDecision(0, "0", "Authentication required", null, decided.Rule)
            : decided;
    }

    private static string? DefaultReturnCode(int status) => status switch
    {
        1 => "4",
        2 => "6",
        3 => "05",
        _ => null,
    };

    private void Apply(CardRecord record, SaleDecision decision, DateTimeOffset now)
    {
        record.Status = decision.Status;
        record.ReturnCode = decision.ReturnCode;
        record.ReturnMessage = decision.ReturnMessage;
        record.Fraud = decision.Fraud;
        record.Rule = decision.Rule;
        if (decision.Status is 1 or 2)
        {
            record.AuthorizationCode ??= (100_000 + (_sequence * 7919 % 900_000)).ToString(CultureInfo.InvariantCulture);
        }

        if (decision.Status == 2 && record.CapturedAmount is null)
        {
            record.CapturedAmount = record.Amount;
            record.CapturedDate = now;
        }
    }

    /// <summary>MerchantId (a GUID) and MerchantKey: missing or a key of "invalid" → 401 with no body [S].</summary>
    private static IResponseMessage? Authorize(IRequestMessage request, out string merchantId)
    {
        merchantId = SimWire.Header(request, CardWire.MerchantIdHeader) ?? "";
        var key = SimWire.Header(request, CardWire.MerchantKeyHeader);
        if (merchantId.Length == 0 || string.IsNullOrEmpty(key) || key == "invalid")
        {
            return SimWire.Empty(401);
        }

        return Guid.TryParse(merchantId, out _) ? null : CardWire.Error(114, "The provided MerchantId is not in correct format");
    }

    private string? AuthenticationUrl(CardRecord record) =>
        record.AwaitingAuthentication ? $"{Url}/3ds/{record.Reference}" : null;

    private static long? AmountParameter(IRequestMessage request) =>
        request.Query?.FirstOrDefault(q => string.Equals(q.Key, "amount", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault()
            is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) ? amount : null;

    private static string Segment(IRequestMessage request, int index)
    {
        var parts = request.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > index ? Uri.UnescapeDataString(parts[index]) : "";
    }

    private static bool SameBrazilianDay(DateTimeOffset a, DateTimeOffset b) =>
        a.ToOffset(BrazilOffset).Date == b.ToOffset(BrazilOffset).Date;
}
