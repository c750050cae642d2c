using Simulators.Kit;
using WireMock;

namespace Simulators.Card;

// The card simulator's own controls (PROVIDERS §1.4, §8.3): portal settings, anti-fraud reviews, chargebacks.
public sealed partial class CardSimulator
{
    protected override void MapControls()
    {
        AddControl("POST", "/__sim/merchants", c =>
        {
            if (!c.TryRead<MerchantRequest>(out var merchant, out var problem))
            {
                return problem;
            }

            CardRuleSet? rules = merchant.CardRules switch
            {
                null => null,
                "infrapsp" => CardRuleSet.InfraPsp,
                "cielo" => CardRuleSet.Cielo,
                _ => (CardRuleSet)(-1),
            };
            if (string.IsNullOrWhiteSpace(merchant.MerchantId) || !Guid.TryParse(merchant.MerchantId, out _)
                || (merchant.CallbackUrl is not null && !Uri.TryCreate(merchant.CallbackUrl, UriKind.Absolute, out _))
                || merchant.Headers is { Count: > 3 } || rules == (CardRuleSet)(-1))
            {
                return SimWire.Problem(400, "INVALID_CONTROL",
                    "merchantId (a GUID) is required; callbackUrl must be an absolute URL; at most 3 headers; cardRules infrapsp or cielo.");
            }

            SetMerchant(merchant.MerchantId, merchant.CallbackUrl, merchant.Headers, rules, merchant.ChangeTypeAsString);
            return SimWire.Empty(204);
        });
        AddControl("GET", "/__sim/merchants", _ =>
        {
            lock (Gate)
            {
                // Header values are shown masked: they are the merchant's shared secrets.
                return SimWire.Object(200, _merchants.Select(m => new
                {
                    merchantId = m.Key,
                    callbackUrl = m.Value.CallbackUrl,
                    headers = m.Value.Headers.Keys.ToDictionary(k => k, _ => "****"),
                    cardRules = m.Value.Rules?.ToString().ToLowerInvariant(),
                    changeTypeAsString = m.Value.ChangeTypeAsString,
                }).ToList());
            }
        });
        AddControl("POST", "/__sim/transactions/{ref}/review", async c =>
        {
            if (!c.TryRead<ReviewRequest>(out var review, out var problem))
            {
                return problem;
            }

            if (review.Decision is not ("accept" or "reject"))
            {
                return SimWire.Problem(400, "INVALID_CONTROL", "decision must be accept or reject.");
            }

            return await ChangeAsync(c.Reference!, 3, record =>
            {
                if (record.Fraud != "Review")
                {
                    return "the sale is not under anti-fraud review.";
                }

                var accept = review.Decision == "accept";
                Apply(record, accept
                    ? new SaleDecision(record.CaptureRequested ? 2 : 1, record.CaptureRequested ? "6" : "4", "Operation Successful", "Accept", "review")
                    : new SaleDecision(10, record.ReturnCode, "Rejected by anti-fraud", "Reject", "review"), Clock.GetUtcNow());
                return null;
            });
        });
        AddControl("POST", "/__sim/transactions/{ref}/chargeback", async c =>
        {
            if (!c.TryRead<ChargebackRequest>(out var request, out var problem))
            {
                return problem;
            }

            return await ChangeAsync(c.Reference!, 7, record =>
            {
                var open = (record.CapturedAmount ?? 0) - record.VoidedAmount;
                var amount = request.Amount ?? open;
                if (record.Status != 2 || amount <= 0 || amount > open)
                {
                    return $"a chargeback needs a paid sale and an amount from 1 to {open}.";
                }

                record.Chargebacks.Add(new CardChargeback
                {
                    Id = Guid.NewGuid().ToString(),
                    Amount = amount,
                    ReasonCode = request.ReasonCode ?? "4837",
                    ReasonMessage = request.Reason ?? "No cardholder authorization",
                    Status = "Received",
                    Date = Clock.GetUtcNow(),
                });
                return null;
            });
        });
        AddChargebackMove("dispute", "Disputed");
        AddChargebackMove("win", "Won");
        AddChargebackMove("lose", "Lost");
    }

    /// <summary><c>…/chargeback/{move}</c>: the sale's latest undecided chargeback becomes <paramref name="status"/>; ChangeType 7.</summary>
    private void AddChargebackMove(string move, string status) =>
        AddControl("POST", $"/__sim/transactions/{{ref}}/chargeback/{move}", async c => await ChangeAsync(c.Reference!, 7, record =>
        {
            var open = record.Chargebacks.LastOrDefault(b => b.Status is "Received" or "Disputed");
            if (open is null)
            {
                return "the sale has no undecided chargeback.";
            }

            open.Status = status;
            return null;
        }));

    /// <summary>Changes a sale (found by PaymentId or MerchantOrderId) under the lock, then notifies with <paramref name="changeType"/>.</summary>
    private async Task<IResponseMessage> ChangeAsync(string reference, int changeType, Func<CardRecord, string?> change)
    {
        CardRecord? record;
        lock (Gate)
        {
            record = Find(reference);
            if (record is null)
            {
                return SimWire.Problem(404, "UNKNOWN_TRANSACTION", $"no transaction {reference}.");
            }

            if (change(record) is { } refused)
            {
                return SimWire.Problem(409, "INVALID_STATE", refused);
            }
        }

        await NotifyAsync(record, changeType);
        lock (Gate)
        {
            return SimWire.Object(200, Snapshot(record, Clock.GetUtcNow()));
        }
    }

    private sealed record MerchantRequest(string? MerchantId, string? CallbackUrl, Dictionary<string, string>? Headers,
        string? CardRules, bool ChangeTypeAsString);

    private sealed record ReviewRequest(string? Decision);

    private sealed record ChargebackRequest(long? Amount, string? Reason, string? ReasonCode);
}
