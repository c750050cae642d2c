using System.Text.Json;
using Connectors.Abstractions;
using Connectors.Kit;

namespace Connectors.IremboPay;

/// <summary>
/// IremboPay's payment notification: a POST of the envelope with the invoice as <c>data</c>, sent only once it is PAID,
/// signed with the account's key. A verified one is applied directly, with the invoice's amount for the hub's check.
/// </summary>
internal static class IremboPayCallbacks
{
    /// <summary>Step 1: the payment the notification names, by data.transactionId (ours) and data.invoiceNumber.</summary>
    public static CallbackParse Read(CallbackRequest request)
    {
        if (!string.Equals(request.Method, "POST", StringComparison.OrdinalIgnoreCase))
        {
            return new CallbackParse.Malformed($"IremboPay posts its notifications, it does not {request.Method} them");
        }

        if (Parse(request) is not { } invoice)
        {
            return new CallbackParse.Malformed("the body is not an IremboPay notification (an envelope with the invoice as data)");
        }

        var references = new[] { invoice.TransactionId, invoice.InvoiceNumber }
            .Where(r => !string.IsNullOrWhiteSpace(r))
            .Select(r => new CallbackReference(CallbackSubject.Payment, r!))
            .ToList();
        return references.Count > 0
            ? new CallbackParse.About(references)
            : new CallbackParse.Malformed("the notification names neither a transactionId nor an invoiceNumber");
    }

    /// <summary>
    /// Step 2: the signature (with the account's <c>callbackSecret</c>, and its previous one while rotating), then the
    /// invoice: a documented status, a readable amount, and a payment of this account it names.
    /// </summary>
    public static CallbackVerification Verify(IremboPayCallbackVerifier verifier, ConnectorContext context,
        CallbackRequest request, IReadOnlyList<CallbackObject> objects)
    {
        var verdict = verifier.Verify(request, CallbackSecrets.FromAccount(context.Account), context.Clock);
        if (!verdict.IsValid)
        {
            return verdict.ToRejected();
        }

        if (Parse(request) is not { } invoice)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed, "the signed body is not an IremboPay notification");
        }

        PaymentStatus status;
        try
        {
            // A notification is sent at payment time: its expiry does not turn it into anything but what it says.
            status = IremboPayStatusMap.ToPaymentStatus(invoice.PaymentStatus, pastExpiry: false);
        }
        catch (UnknownProviderStatusException)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed, "the notification carries a status IremboPay does not document");
        }

        if (IremboPayMapping.ToMoney(invoice.Amount, invoice.Currency) is not { } amount)
        {
            return new CallbackVerification.Rejected(CallbackRejection.Malformed, "the notification's amount or currency cannot be read");
        }

        var target = objects.FirstOrDefault(o => o.Subject == CallbackSubject.Payment
            && ((invoice.TransactionId is { } id && o.Matches(id)) || (invoice.InvoiceNumber is { } number && o.Matches(number))));
        if (target is null)
        {
            return new CallbackVerification.Rejected(CallbackRejection.UnknownReference, "no payment of this account has this invoice");
        }

        var data = IremboPayData.Parse(target.ConnectorData) ?? new IremboPayData { Stage = IremboPayStage.Pushed };
        return new CallbackVerification.Verified(new CallbackUpdate
        {
            // The hub's own reference and the invoice number: both keep finding the payment; IremboPay's
            // paymentReference (the operator's id) goes into the connector data instead.
            ProviderReference = target.ProviderReference,
            ProviderTransactionId = invoice.InvoiceNumber ?? target.ProviderTransactionId,
            // A retried notification is re-signed with a new t over the same invoice: the same event.
            ProviderEventId = invoice.InvoiceNumber is { } n ? $"{n}:{invoice.PaymentStatus}" : EventIds.FromBody(request.Body.Span),
            Status = status,
            ProviderStatus = invoice.PaymentStatus,
            Amount = amount,
            ConnectorData = (data with
            {
                InvoiceNumber = invoice.InvoiceNumber ?? data.InvoiceNumber,
                PaymentReference = invoice.PaymentReference ?? data.PaymentReference,
                PaymentMethod = invoice.PaymentMethod ?? data.PaymentMethod,
            }).Serialize(),
        });
    }

    private static IremboPayInvoice? Parse(CallbackRequest request)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize(request.Body.Span, IremboPayJsonContext.Default.IremboPayEnvelopeIremboPayInvoice);
            return envelope?.Data;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
