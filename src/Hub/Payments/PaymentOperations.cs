using Connectors.Abstractions;
using Hub.Common;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Providers;
using Microsoft.EntityFrameworkCore;

namespace Hub.Payments;

/// <summary>
/// Cancel and capture (API.md Payments). What the connector cannot do is refused before any provider call
/// (<c>CANCEL_NOT_SUPPORTED</c>); a status the operation does not start from is <c>INVALID_STATE</c>; the provider's answer
/// goes through the state machine; no answer leaves the payment as it is, for a retry or the reconciler.
/// </summary>
[ScopedService]
internal sealed class PaymentOperations(
    HubDbContext db,
    ConnectorRegistry registry,
    ConnectorInvoker invoker,
    PaymentStateMachine stateMachine)
{
    private static readonly PaymentStatus[] Cancellable =
        [PaymentStatus.Created, PaymentStatus.Pending, PaymentStatus.Authorized, PaymentStatus.UnderReview];

    public async Task<Result<PaymentResponse>> CancelAsync(string id, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, ct);
        if (!loaded.IsSuccess)
        {
            return loaded.Error!;
        }

        var (payment, connector, account) = loaded.Value!;
        if (!connector.Descriptor.Has(ConnectorCapabilities.Cancel))
        {
            return ApiError.CancelNotSupported(
                $"{payment.Provider} cannot cancel a payment: it ends when the payer declines or the request expires.");
        }

        if (!Cancellable.Contains(payment.Status))
        {
            return ApiError.InvalidState($"A {payment.Status.ToApiString()} payment cannot be canceled (only created, pending, authorized or under_review).");
        }

        var result = await invoker.CancelPaymentAsync(connector, account, new CancelPaymentRequest
        {
            PaymentId = id,
            ProviderReference = payment.ProviderReference,
            ProviderTransactionId = payment.ProviderTransactionId,
            PaymentAmount = payment.ToMoney(),
            Status = payment.Status,
            ConnectorData = payment.ConnectorData,
        }, CancellationToken.None);
        return await ApplyAsync(payment, result, "cancel", ct);
    }

    public async Task<Result<PaymentResponse>> CaptureAsync(string id, BodyReader body, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, ct);
        if (!loaded.IsSuccess)
        {
            return loaded.Error!;
        }

        var (payment, connector, account) = loaded.Value!;
        var amount = body.Integer("amount", message: "must be an integer in minor units");
        if (amount is <= 0 || amount > payment.Amount)
        {
            body.AddError("amount", $"must be from 1 to the authorized {payment.Amount}");
        }

        if (body.HasErrors)
        {
            return body.ToError();
        }

        if (!connector.Descriptor.Has(ConnectorCapabilities.Capture))
        {
            return ApiError.InvalidState($"{payment.Provider} payments are captured at once; there is nothing to capture.");
        }

        if (payment.Status != PaymentStatus.Authorized)
        {
            return ApiError.InvalidState($"Only an authorized payment can be captured; this one is {payment.Status.ToApiString()}.");
        }

        var result = await invoker.CapturePaymentAsync(connector, account, new CapturePaymentRequest
        {
            PaymentId = id,
            ProviderReference = payment.ProviderReference,
            ProviderTransactionId = payment.ProviderTransactionId,
            PaymentAmount = payment.ToMoney(),
            Amount = new Money(amount ?? payment.Amount, payment.ToMoney().Currency),
            Status = payment.Status,
            ConnectorData = payment.ConnectorData,
        }, CancellationToken.None);
        return await ApplyAsync(payment, result, "capture", ct);
    }

    /// <summary>
    /// A manual payment's decision (API.md Manual payments): the merchant or its tenant approves (→ paid) or rejects
    /// (→ failed, payer_declined) a payment waiting in under_review. Only for connectors no provider decides for.
    /// </summary>
    public async Task<Result<PaymentResponse>> DecideAsync(string id, bool approve, BodyReader? body, CancellationToken ct)
    {
        var reason = body?.String("reason", maxLength: 500);
        if (body is { HasErrors: true })
        {
            return body.ToError();
        }

        var loaded = await LoadAsync(id, ct);
        if (!loaded.IsSuccess)
        {
            return loaded.Error!;
        }

        var (payment, connector, _) = loaded.Value!;
        if (!connector.Descriptor.Has(ConnectorCapabilities.ManualApproval))
        {
            return ApiError.InvalidState($"{payment.Provider} payments are decided by the provider, not approved by hand.");
        }

        if (payment.Status != PaymentStatus.UnderReview)
        {
            return ApiError.InvalidState($"Only an under_review payment can be {(approve ? "approved" : "rejected")}; this one is {payment.Status.ToApiString()}.");
        }

        var result = approve
            ? PaymentResult.Known(PaymentStatus.Paid, "approved")
            : PaymentResult.Refused(new Failure(FailureCode.PayerDeclined, reason ?? "rejected by the merchant", null), "rejected");
        var updated = await stateMachine.UpdateAsync(payment.Id, p => p.Status == PaymentStatus.UnderReview
            && stateMachine.Apply(p, result, SourceMerchant), CancellationToken.None, payment);
        return updated is { Result: true, Payment: var moved }
            ? PaymentResponses.ToResponse(moved)
            : ApiError.InvalidState("The payment was decided meanwhile.");
    }

    public const string SourceMerchant = "merchant";

    private async Task<Result<PaymentResponse>> ApplyAsync(Payment payment, PaymentResult result, string operation, CancellationToken ct)
    {
        if (result.Outcome == OperationOutcome.NotSent)
        {
            return ApiError.ProviderUnavailable($"{payment.Provider} could not be reached ({result.Detail}); nothing was sent. Try again.");
        }

        if (result.Outcome != OperationOutcome.Completed)
        {
            // Sent, no answer: the payment stays as it is, and a sync or the reconciler tells what the provider did.
            return ApiError.ProviderError($"{payment.Provider} gave no answer to the {operation} ({result.Detail}); sync the payment to see where it stands.");
        }

        var updated = await stateMachine.UpdateAsync(payment.Id, p => stateMachine.Apply(p, result, PaymentStateMachine.SourceProvider),
            CancellationToken.None, payment);
        return PaymentResponses.ToResponse(updated?.Payment ?? payment);
    }

    private async Task<Result<(Payment, LoadedConnector, ConnectorAccountRow)>> LoadAsync(string id, CancellationToken ct)
    {
        if (!PublicId.TryParse(PublicId.Payment, id, out var guid)
            || await db.Payments.Include(p => p.StatusHistory).FirstOrDefaultAsync(p => p.Id == guid, ct) is not { } payment)
        {
            return ApiError.NotFound($"No payment {id}.");
        }

        if (!registry.TryGet(payment.Provider, out var connector))
        {
            return ApiError.ProviderUnavailable($"The {payment.Provider} connector is not loaded on this hub.");
        }

        var account = await db.ConnectorAccounts.IgnoreQueryFilters().AsNoTracking().FirstAsync(a => a.Id == payment.ConnectorAccountId, ct);
        return (payment, connector, account);
    }
}
