using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hub.Callbacks;

/// <summary>Verified refund and payout updates, applied under their own services' locks with their events.</summary>
internal sealed partial class CallbackIntake
{
    private async Task<CallbackVerdict> ApplyRefundAsync(ConnectorAccountRow account, FoundObject target, CallbackUpdate update,
        CancellationToken ct)
    {
        if (update.TransferStatus is not { } status)
        {
            return CallbackVerdict.Accept("unchanged", "the callback reports no refund status");
        }

        try
        {
            var applied = await refunds.ApplyAsync(target.Id, (refund, payment) =>
            {
                if (update.ProviderEventId is { } id)
                {
                    db.ProcessedCallbackEvents.Add(NewEvent(account, id));
                }

                return transfers.Apply(refund, payment, TransferResult.Known(status, update.ProviderStatus, update.Failure,
                    update.ProviderTransactionId) with { ConnectorData = update.ConnectorData });
            }, ct);
            return applied is { } a
                ? CallbackVerdict.Accept(a.Moved ? "applied" : "unchanged", $"refund is {Refunds.TransferStatusNames.ToApiString(a.Refund.Status)}")
                : CallbackVerdict.Reject("unknown_reference", ApiError.NotFound("The refund is gone."));
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return CallbackVerdict.Accept("duplicate", "this provider event was processed concurrently");
        }
    }

    private async Task<CallbackVerdict> ApplyPayoutAsync(ConnectorAccountRow account, FoundObject target, CallbackUpdate update,
        CancellationToken ct)
    {
        if (update.TransferStatus is not { } status)
        {
            return CallbackVerdict.Accept("unchanged", "the callback reports no payout status");
        }

        try
        {
            var applied = await payouts.ApplyAsync(target.Id, payout =>
            {
                if (update.ProviderEventId is { } id)
                {
                    db.ProcessedCallbackEvents.Add(NewEvent(account, id));
                }

                return transfers.Apply(payout, TransferResult.Known(status, update.ProviderStatus, update.Failure,
                    update.ProviderTransactionId) with { ConnectorData = update.ConnectorData });
            }, ct);
            return applied is { } a
                ? CallbackVerdict.Accept(a.Moved ? "applied" : "unchanged", $"payout is {Refunds.TransferStatusNames.ToApiString(a.Payout.Status)}")
                : CallbackVerdict.Reject("unknown_reference", ApiError.NotFound("The payout is gone."));
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return CallbackVerdict.Accept("duplicate", "this provider event was processed concurrently");
        }
    }
}
