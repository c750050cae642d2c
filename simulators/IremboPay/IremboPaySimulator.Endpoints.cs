using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Simulators.Kit;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Simulators.IremboPay;

// IremboPay's endpoints (PROVIDERS.md §6.1–6.2): invoices, the push, and the hosted checkout page.
public sealed partial class IremboPaySimulator
{
    private static readonly string[] Currencies = ["RWF", "EUR", "GBP", "USD"];

    protected override void MapEndpoints()
    {
        Serve(Request.Create().WithPath("/payments/invoices").UsingPost(), (r, c) => Task.FromResult(CreateInvoice(r, c)));
        Serve(Request.Create().WithPath(new RegexMatcher("^/payments/invoices/[^/]+$")).UsingGet(), GetInvoice);
        Serve(Request.Create().WithPath(new RegexMatcher("^/payments/invoices/[^/]+$")).UsingPut(), UpdateInvoice);
        Serve(Request.Create().WithPath("/payments/transactions/initiate").UsingPost(), PushAsync);
        Serve(Request.Create().WithPath(new RegexMatcher("^/checkout/[^/]+$")).UsingGet(), (r, c) => Task.FromResult(Checkout(r, c)));
    }

    private IResponseMessage CreateInvoice(IRequestMessage request, HttpContext context)
    {
        if (Authorize(request, out var secretKey) is { } denied)
        {
            return denied;
        }

        if (!InvoiceBody.TryParse(SimWire.Body(request), out var body, out var problem))
        {
            return IremboPayWire.Error(400, "BAD_DATA", problem);
        }

        var suffix = body.PaymentAccountIdentifier[(body.PaymentAccountIdentifier.LastIndexOf('-') + 1)..].ToUpperInvariant();
        var currency = Currencies.Contains(suffix) ? suffix : "RWF";
        var scaled = currency == "RWF" ? body.Amount : body.Amount * 100;
        if (scaled != decimal.Truncate(scaled))
        {
            return IremboPayWire.Error(400, "BAD_DATA", $"the amount has more decimals than {currency} allows");
        }

        IremboPayRecord record;
        lock (Gate)
        {
            if (Store.Contains(body.TransactionId))
            {
                return IremboPayWire.Error(409, "DUPLICATE_TRANSACTION_ID", "An invoice with this transactionId already exists");
            }

            var forced = TakeOverride(new OverrideFacts(body.TransactionId, body.CustomerPhone,
                body.Amount.ToString(CultureInfo.InvariantCulture), "invoice"));
            var decision = IremboPayOutcomeRules.DecideInvoice(body.Description,
                forced?.RejectInvoice is { } code ? IremboPayOutcome.Reject("", code, forced.HttpStatus ?? 400) : null);
            if (decision.Kind == IremboPayOutcomeKind.Rejected)
            {
                return IremboPayWire.Error(decision.HttpStatus, decision.Code!, "The invoice could not be created");
            }

            var now = Clock.GetUtcNow();
            var (mode, lateBy) = CallbackModeFor(body.TransactionId, forced?.CallbackMode);
            record = new IremboPayRecord
            {
                Reference = body.TransactionId,
                InvoiceNumber = (++_invoiceSequence).ToString(CultureInfo.InvariantCulture),
                SecretKey = secretKey,
                PaymentAccountIdentifier = body.PaymentAccountIdentifier,
                Currency = currency,
                Amount = body.Amount,
                AmountMinor = (long)scaled,
                ItemsJson = body.ItemsJson,
                Description = body.Description,
                CustomerPhone = body.CustomerPhone,
                CustomerEmail = body.CustomerEmail,
                CustomerName = body.CustomerName,
                Forced = forced,
                ExpiryAt = forced?.ExpireAfterSeconds is { } after ? now.AddSeconds(after) : body.ExpiryAt,
                Rule = forced is null ? IremboPayOutcomeRules.InvoiceRule : IremboPayOutcomeRules.OverrideRule,
                CreatedAt = now,
                FinalAt = now,
                CallbackMode = mode,
                LateBy = lateBy,
                PayAt = forced?.Status == "PAID" ? now.AddSeconds(forced.DelaySeconds) : null,
            };
            Store.TryAdd(record);
            _byInvoice[record.InvoiceNumber] = record;
        }

        if (record.PayAt is not null)
        {
            ScheduleNotification(record, context);
        }

        return InvoiceReply(201, "Invoice created successfully", record, initial: true);
    }

    private IResponseMessage GetInvoice(IRequestMessage request)
    {
        if (Authorize(request, out var secretKey) is { } denied)
        {
            return denied;
        }

        lock (Gate)
        {
            return Find(LastSegment(request)) is { } record && record.SecretKey == secretKey
                ? InvoiceReply(200, "Invoice retrieved successfully", record)
                : IremboPayWire.InvoiceNotFound();
        }
    }

    /// <summary>PUT by invoiceNumber: expiryAt moves (a past one is accepted [S]); paymentItems are not changed here.</summary>
    private IResponseMessage UpdateInvoice(IRequestMessage request)
    {
        if (Authorize(request, out var secretKey) is { } denied)
        {
            return denied;
        }

        DateTimeOffset? expiryAt = null;
        try
        {
            using var json = JsonDocument.Parse(SimWire.Body(request));
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return IremboPayWire.Error(400, "BAD_DATA", "The body must be a JSON object");
            }

            if (json.RootElement.TryGetProperty("expiryAt", out var value))
            {
                if (value.ValueKind != JsonValueKind.String || !TryTime(value.GetString(), out var parsed))
                {
                    return IremboPayWire.Error(400, "BAD_DATA", "expiryAt must be an ISO 8601 time");
                }

                expiryAt = parsed;
            }
        }
        catch (JsonException)
        {
            return IremboPayWire.Error(400, "BAD_DATA", "The body is not valid JSON");
        }

        lock (Gate)
        {
            if (!_byInvoice.TryGetValue(LastSegment(request), out var record) || record.SecretKey != secretKey)
            {
                return IremboPayWire.InvoiceNotFound();
            }

            if (record.IsPaid(Clock.GetUtcNow()))
            {
                return IremboPayWire.Error(400, "INVOICE_ALREADY_PAID", "The invoice is already paid");
            }

            if (expiryAt is not null)
            {
                record.ExpiryAt = expiryAt;
            }

            return InvoiceReply(200, "Invoice updated successfully", record);
        }
    }

    private IResponseMessage InvoiceReply(int status, string message, IremboPayRecord record, bool initial = false)
    {
        var now = Clock.GetUtcNow();
        return IremboPayWire.Ok(status, message, json => IremboPayWire.Invoice(json, record, now, Url, initial));
    }

    /// <summary>
    /// The secret key on every call ("invalid" is refused, as a wrong key would be) and X-API-Version: 2.
    /// </summary>
    private static IResponseMessage? Authorize(IRequestMessage request, out string secretKey)
    {
        secretKey = SimWire.Header(request, "irembopay-secretKey")?.Trim() ?? "";
        if (secretKey.Length == 0 || secretKey == "invalid")
        {
            return IremboPayWire.Unauthorized();
        }

        return SimWire.Header(request, "X-API-Version")?.Trim() == "2"
            ? null
            : IremboPayWire.Error(400, "BAD_DATA", "X-API-Version: 2 is required");
    }

    private static string LastSegment(IRequestMessage request) =>
        Uri.UnescapeDataString(request.Path[(request.Path.LastIndexOf('/') + 1)..]);

    internal static bool TryTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
}
