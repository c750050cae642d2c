using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Simulators.Kit;
using WireMock;

namespace Simulators.IremboPay;

// The mobile-money push and the hosted checkout page: what pays an invoice.
public sealed partial class IremboPaySimulator
{
    private async Task<IResponseMessage> PushAsync(IRequestMessage request, HttpContext context)
    {
        if (Authorize(request, out var secretKey) is { } denied)
        {
            return denied;
        }

        string? accountIdentifier, provider, invoiceNumber;
        try
        {
            using var json = JsonDocument.Parse(SimWire.Body(request));
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return IremboPayWire.Error(400, "BAD_DATA", "The body must be a JSON object");
            }

            accountIdentifier = String(json.RootElement, "accountIdentifier");
            provider = String(json.RootElement, "paymentProvider");
            invoiceNumber = String(json.RootElement, "invoiceNumber");
        }
        catch (JsonException)
        {
            return IremboPayWire.Error(400, "BAD_DATA", "The body is not valid JSON");
        }

        IremboPayRecord record;
        IremboPayOutcome outcome;
        var scheduled = false;
        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            if (string.IsNullOrWhiteSpace(invoiceNumber))
            {
                return IremboPayWire.Error(400, "INVOICE_MISSING", "invoiceNumber is required");
            }

            if (!_byInvoice.TryGetValue(invoiceNumber, out record!) || record.SecretKey != secretKey)
            {
                return IremboPayWire.InvoiceNotFound();
            }

            var refusal = record.IsPaid(now) ? "INVOICE_ALREADY_PAID"
                : record.IsExpired(now) ? "INVOICE_EXPIRED"
                : record.Currency != "RWF" ? "BAD_DATA"
                : IremboPayOutcomeRules.CheckPush(accountIdentifier, provider);
            if (refusal is not null)
            {
                return Refuse(record, IremboPayOutcome.Reject(record.Rule, refusal));
            }

            var forced = record.Forced is { PushError: not null } or { Status: not null } ? record.Forced
                : TakeOverride(new OverrideFacts(record.Reference, accountIdentifier,
                    record.Amount.ToString(CultureInfo.InvariantCulture), "push"));
            outcome = IremboPayOutcomeRules.DecidePush(record.AmountMinor, accountIdentifier, ToPushOutcome(forced));
            record.Rule = outcome.Rule;
            if (outcome.Kind == IremboPayOutcomeKind.Rejected)
            {
                return Refuse(record, outcome);
            }

            record.PushProvider = provider;
            record.PushAccountIdentifier = accountIdentifier;
            record.PushReferenceId = $"{record.InvoiceNumber}-{record.PushErrors.Count + 1}";
            record.PayMethod = provider == "MTN" ? "MTN_MOMO" : "AIRTEL_MONEY";
            if (outcome.Kind == IremboPayOutcomeKind.Paid && record.PayAt is null)
            {
                record.PayAt = record.CallbackMode == CallbackMode.Early ? now : now + outcome.Delay;
                scheduled = true;
            }
        }

        if (scheduled && record.CallbackMode == CallbackMode.Early)
        {
            // QA's early: the notification is answered before the push's reply leaves.
            await ResolveAsync(record.Reference, "PAID");
        }
        else if (scheduled)
        {
            ScheduleNotification(record, context);
        }

        return IremboPayWire.Ok(200, "Transaction initiated successfully", json =>
        {
            json.WriteString("accountIdentifier", accountIdentifier);
            json.WriteString("paymentProvider", provider);
            json.WriteString("invoiceNumber", record.InvoiceNumber);
            json.WriteNumber("amount", record.Amount);
            json.WriteString("referenceId", record.PushReferenceId);
        });
    }

    /// <summary>
    /// The hosted checkout page (the invoice's paymentLinkUrl): <c>?outcome=paid</c> pays it now by bank (BK),
    /// <c>?outcome=failed</c> leaves it unpaid; otherwise the amount rule applies (even: paid after its delay).
    /// </summary>
    private IResponseMessage Checkout(IRequestMessage request, HttpContext context)
    {
        IremboPayRecord? record;
        string page;
        var schedule = false;
        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            if (!_byInvoice.TryGetValue(LastSegment(request), out record))
            {
                return SimWire.Raw(404, Html("Invoice not found"), "text/html; charset=utf-8");
            }

            if (record.IsPaid(now) || record.PayAt is not null)
            {
                page = "This invoice is already paid or being paid.";
            }
            else if (record.IsExpired(now))
            {
                return SimWire.Raw(410, Html("This invoice has expired."), "text/html; charset=utf-8");
            }
            else
            {
                var wanted = request.Query is { } query && query.TryGetValue("outcome", out var values) ? values.FirstOrDefault() : null;
                var outcome = IremboPayOutcomeRules.DecideCheckout(record.AmountMinor, wanted);
                record.Rule = outcome.Rule;
                if (outcome.Kind == IremboPayOutcomeKind.Paid)
                {
                    record.PayMethod = "BK";
                    record.PayAt = now + outcome.Delay;
                    schedule = true;
                    page = outcome.Delay == TimeSpan.Zero ? "Payment received." : "Payment processing.";
                }
                else
                {
                    page = "The bank declined the payment.";
                }
            }
        }

        if (schedule)
        {
            ScheduleNotification(record, context);
        }

        return SimWire.Raw(200, Html($"Invoice {record.InvoiceNumber}: {page}"), "text/html; charset=utf-8");
    }

    private IResponseMessage Refuse(IremboPayRecord record, IremboPayOutcome outcome)
    {
        record.PushErrors.Add(outcome.Code!);
        return IremboPayWire.Error(outcome.HttpStatus, outcome.Code!, outcome.Code switch
        {
            "PAYMENT_PROVIDER_ERROR" => "The payment provider refused the transaction",
            "INVOICE_EXPIRED" => "The invoice has expired",
            "INVOICE_ALREADY_PAID" => "The invoice is already paid",
            "BAD_PHONE_NUMBER" => "The phone number has more or less than 12 digits",
            "PHONE_NUMBER_MISSING" => "accountIdentifier is required",
            "BAD_PAYMENT_PROVIDER" => "paymentProvider must be MTN or AIRTEL",
            "BAD_DATA" => "Only RWF invoices can be pushed",
            _ => "The transaction could not be initiated",
        });
    }

    /// <summary>An override for a push: its error, PAID after its delay, another status (accepted, never paid), or none.</summary>
    private static IremboPayOutcome? ToPushOutcome(IremboPayOverrideOutcome? forced) => forced switch
    {
        { PushError: { } code } => IremboPayOutcome.Reject(IremboPayOutcomeRules.OverrideRule, code,
            forced.HttpStatus ?? (code == "INVOICE_NOT_FOUND" ? 404 : 400)),
        { Status: "PAID" } => IremboPayOutcome.Pay(IremboPayOutcomeRules.OverrideRule, TimeSpan.FromSeconds(forced.DelaySeconds)),
        { Status: not null } => IremboPayOutcome.Accept(IremboPayOutcomeRules.OverrideRule),
        _ => null,
    };

    private static string Html(string text) =>
        $"<!doctype html><html><head><title>IremboPay checkout</title></head><body><p>{System.Net.WebUtility.HtmlEncode(text)}</p></body></html>";

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
