using Simulators.Kit;
using WireMock;

namespace Simulators.Airtel;

// The full refund (by airtel_money_id, at most once) and the KYC lookup.
public sealed partial class AirtelSimulator
{
    /// <summary>POST /standard/v1/payments/refund: the whole of a paid collection, by its airtel_money_id; at most once.</summary>
    private IResponseMessage Refund(IRequestMessage request)
    {
        if (Authorize(request) is { } denied)
        {
            return denied;
        }

        if (AirtelBody.RefundedId(SimWire.Body(request)) is not { Length: > 0 } airtelId)
        {
            return AirtelWire.Error(AirtelWire.EsbValidation, "transaction.airtel_money_id is required");
        }

        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            var payment = Store.All.FirstOrDefault(r => r.Operation == AirtelOutcomeRules.Collection
                && string.Equals(r.AirtelMoneyId, airtelId, StringComparison.Ordinal));
            if (payment is null)
            {
                return AirtelWire.NotFound();
            }

            var key = "refund:" + airtelId;
            if (Store.Contains(key))
            {
                return AirtelWire.Error(AirtelWire.EsbDuplicate, "The transaction has already been refunded");
            }

            if (payment.StatusAt(now).Status != AirtelWire.Successful)
            {
                return AirtelWire.Error(AirtelWire.EsbError, "Only a successful transaction can be refunded");
            }

            var forced = TakeOverride(new OverrideFacts(airtelId, payment.Msisdn, payment.Amount, AirtelOutcomeRules.Refund));
            var outcome = AirtelOutcomeRules.Decide(new AirtelRequestFacts(AirtelOutcomeRules.Refund, payment.AmountMinor,
                payment.Msisdn, null, forced?.ToOutcome()));
            if (outcome.Kind == AirtelOutcomeKind.Rejected)
            {
                return AirtelWire.Error(outcome.ResultCode ?? AirtelWire.EsbError, outcome.Message ?? "Refund failed", outcome.Code,
                    outcome.HttpStatus);
            }

            var record = new AirtelRecord
            {
                Reference = key,
                Operation = AirtelOutcomeRules.Refund,
                TransactionId = payment.TransactionId,
                AirtelMoneyId = airtelId,
                Amount = payment.Amount,
                AmountMinor = payment.AmountMinor,
                Msisdn = payment.Msisdn,
                ReferenceText = null,
                RefundOf = airtelId,
                Outcome = outcome,
                CreatedAt = now,
                FinalAt = now + outcome.Delay,
            };
            Store.TryAdd(record);
            var (status, code) = record.StatusAt(now);
            payment.Refunded = status == AirtelWire.Successful;
            // The refund reply's word for done is "SUCCESS".
            return AirtelWire.Success(new
            {
                transaction = new { airtel_money_id = airtelId, status = status == AirtelWire.Successful ? "SUCCESS" : status },
            }, code);
        }
    }

    /// <summary>GET /standard/v1/users/{msisdn}: [S] every 9-digit msisdn is a user unless an override says NOT_FOUND or BARRED.</summary>
    private IResponseMessage User(IRequestMessage request)
    {
        if (Authorize(request) is { } denied)
        {
            return denied;
        }

        var msisdn = Uri.UnescapeDataString(request.Path[(request.Path.LastIndexOf('/') + 1)..]);
        var forced = TakeOverride(new OverrideFacts(msisdn, msisdn, null, AirtelOutcomeRules.Kyc));
        if (msisdn.Length != 9 || !msisdn.All(char.IsAsciiDigit) || forced?.Status == "NOT_FOUND")
        {
            return AirtelWire.Envelope(200, null, "User not found", AirtelWire.EsbNotFound, AirtelWire.KycNotFound, false);
        }

        return AirtelWire.Success(new
        {
            first_name = "Test",
            last_name = "Subscriber",
            msisdn,
            is_barred = forced?.Status == "BARRED",
        }, AirtelWire.KycFound);
    }
}
