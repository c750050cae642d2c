using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Simulators.Kit;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Simulators.Card;

// Cielo's endpoints (PROVIDERS §8.1): sale, query by PaymentId and by MerchantOrderId, capture, void, the 3-D Secure page.
public sealed partial class CardSimulator
{
    private static readonly TimeSpan BrazilOffset = TimeSpan.FromHours(-3);

    protected override void MapEndpoints()
    {
        Serve(Request.Create().WithPath(new RegexMatcher("^/1/sales/?$")).UsingPost(), CreateSaleAsync);
        Serve(Request.Create().WithPath(new RegexMatcher("^/1/sales/?$")).UsingGet(), QueryByOrder);
        Serve(Request.Create().WithPath(new RegexMatcher("^/1/sales/[^/]+$")).UsingGet(), GetSale);
        Serve(Request.Create().WithPath(new RegexMatcher("^/1/sales/[^/]+/capture$")).UsingPut(), Capture);
        Serve(Request.Create().WithPath(new RegexMatcher("^/1/sales/[^/]+/void$")).UsingPut(), Void);
        Serve(Request.Create().WithPath(new RegexMatcher("^/3ds/[^/]+$")).UsingGet(), AuthenticateAsync);
    }

    private async Task<IResponseMessage> CreateSaleAsync(IRequestMessage request, HttpContext context)
    {
        if (Authorize(request, out var merchantId) is { } denied)
        {
            return denied;
        }

        if (!SaleRequest.TryParse(RequestBody(request, context), out var sale, out var error))
        {
            return error;
        }

        CardRecord record;
        lock (Gate)
        {
            var forced = TakeOverride(new OverrideFacts(sale.MerchantOrderId, null,
                sale.Amount.ToString(CultureInfo.InvariantCulture), "sale", sale.Identity));
            if (forced?.ErrorCode is { } code)
            {
                return CardWire.Error(code, "Forced by the simulator");
            }

            var rules = _merchants.GetValueOrDefault(merchantId)?.Rules ?? _options.CardRules;
            var decision = Decide(sale, forced, rules);
            var now = Clock.GetUtcNow();
            var (mode, lateBy) = CallbackModeFor(sale.MerchantOrderId, forced?.CallbackMode);
            record = new CardRecord
            {
                Reference = Guid.NewGuid().ToString(),
                MerchantId = merchantId,
                MerchantOrderId = sale.MerchantOrderId,
                CustomerName = sale.CustomerName,
                CustomerIdentity = sale.Identity,
                CustomerIdentityType = sale.IdentityType,
                Amount = sale.Amount,
                Currency = sale.Currency,
                Country = sale.Country,
                Installments = sale.Installments,
                CaptureRequested = sale.Facts.Capture,
                Authenticate = sale.Authenticate,
                ReturnUrl = sale.ReturnUrl,
                MaskedCardNumber = sale.MaskedCardNumber,
                Holder = sale.Holder,
                ExpirationDate = sale.ExpirationDate,
                Brand = sale.Brand,
                Facts = sale.Facts,
                Rules = rules,
                Tid = (++_sequence).ToString("0000000000000", CultureInfo.InvariantCulture),
                ProofOfSale = (_sequence % 1_000_000).ToString("000000", CultureInfo.InvariantCulture),
                Status = decision.Status,
                Rule = decision.Rule,
                CreatedAt = now,
                FinalAt = now,
                CallbackMode = mode,
                LateBy = lateBy,
            };
            Apply(record, decision, now);
            record.AwaitingAuthentication = decision.Status == 0 && sale.Authenticate && forced?.Status is null;
            Store.TryAdd(record);
        }

        await AcceptedAsync(record, context, scheduleFinal: !record.AwaitingAuthentication);
        lock (Gate)
        {
            return SimWire.Raw(201, CardWire.Serialize(CardWire.Sale(record, AuthenticationUrl(record))));
        }
    }

    private IResponseMessage QueryByOrder(IRequestMessage request)
    {
        if (Authorize(request, out var merchantId) is { } denied)
        {
            return denied;
        }

        var orderId = request.Query?.FirstOrDefault(q => string.Equals(q.Key, "merchantOrderId", StringComparison.OrdinalIgnoreCase))
            .Value?.FirstOrDefault();
        if (string.IsNullOrEmpty(orderId))
        {
            return CardWire.Error(122, "MerchantOrderId is required");
        }

        lock (Gate)
        {
            var found = Store.All.Where(r => r.MerchantId == merchantId && r.MerchantOrderId == orderId).ToList();
            if (found.Count == 0)
            {
                return SimWire.Empty(404);
            }

            return SimWire.Raw(200, CardWire.Serialize(new JsonObject
            {
                ["Payments"] = new JsonArray([.. found.Select(r => (JsonNode)new JsonObject
                {
                    ["PaymentId"] = r.Reference,
                    // Cielo's own spelling.
                    ["ReceveidDate"] = r.CreatedAt.ToOffset(BrazilOffset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                })]),
            }));
        }
    }

    private IResponseMessage GetSale(IRequestMessage request)
    {
        if (Authorize(request, out var merchantId) is { } denied)
        {
            return denied;
        }

        lock (Gate)
        {
            return Store.TryGet(Segment(request, 2), out var record) && record.MerchantId == merchantId
                ? SimWire.Raw(200, CardWire.Serialize(CardWire.Sale(record, AuthenticationUrl(record))))
                : SimWire.Empty(404);
        }
    }

    /// <summary>PUT …/capture[?amount=]: once, from Status 1 outside an anti-fraud review; partial releases the rest.</summary>
    private IResponseMessage Capture(IRequestMessage request)
    {
        if (Authorize(request, out var merchantId) is { } denied)
        {
            return denied;
        }

        lock (Gate)
        {
            if (!Store.TryGet(Segment(request, 2), out var record) || record.MerchantId != merchantId)
            {
                return SimWire.Empty(404);
            }

            var amount = AmountParameter(request) ?? record.Amount;
            if (record.Status != 1 || record.Fraud == "Review" || amount <= 0 || amount > record.Amount)
            {
                return CardWire.Error(308, "Transaction not available to capture");
            }

            record.Status = 2;
            record.CapturedAmount = amount;
            record.CapturedDate = Clock.GetUtcNow();
            record.ReturnCode = "6";
            record.ReturnMessage = "Operation Successful";
            return CardWire.OperationReply(record, "6");
        }
    }

    /// <summary>
    /// PUT …/void[?amount=]: an authorization (→ 10 once fully voided) or a captured sale, partially and repeatedly up to
    /// the captured amount (→ 10 the same Brazilian day as the capture, 11 later; a partial void keeps 2 + VoidedAmount).
    /// </summary>
    private IResponseMessage Void(IRequestMessage request)
    {
        if (Authorize(request, out var merchantId) is { } denied)
        {
            return denied;
        }

        lock (Gate)
        {
            if (!Store.TryGet(Segment(request, 2), out var record) || record.MerchantId != merchantId)
            {
                return SimWire.Empty(404);
            }

            var basis = record.Status == 2 ? record.CapturedAmount ?? record.Amount : record.Amount;
            var remaining = basis - record.VoidedAmount;
            var amount = AmountParameter(request) ?? remaining;
            if (record.Status is not (1 or 2) || amount <= 0 || amount > remaining)
            {
                return CardWire.Error(309, "Transaction not available to void");
            }

            var now = Clock.GetUtcNow();
            record.VoidedAmount += amount;
            record.VoidedDate = now;
            if (record.VoidedAmount == basis)
            {
                record.Status = record.Status == 1 || SameBrazilianDay(record.CapturedDate ?? now, now) ? 10 : 11;
            }

            record.ReturnCode = "9";
            record.ReturnMessage = "Operation Successful";
            return CardWire.OperationReply(record, "9");
        }
    }

    /// <summary>The issuer's 3-D Secure page: applies §1.3, sends ChangeType 1, then sends the payer to the ReturnUrl.</summary>
    private async Task<IResponseMessage> AuthenticateAsync(IRequestMessage request, HttpContext context)
    {
        CardRecord? record;
        var notify = false;
        lock (Gate)
        {
            if (!Store.TryGet(Segment(request, 1), out record))
            {
                return SimWire.Raw(404, "<html><body>Unknown authentication</body></html>", "text/html; charset=utf-8");
            }

            if (record.AwaitingAuthentication)
            {
                Apply(record, CardOutcomeRules.Decide(record.Facts, record.Rules), Clock.GetUtcNow());
                record.AwaitingAuthentication = false;
                record.ChangeType = 1;
                notify = true;
            }
        }

        if (notify)
        {
            await NotifyAsync(record, 1);
        }

        if (record.ReturnUrl is null)
        {
            return SimWire.Raw(200, "<html><body>Authentication complete</body></html>", "text/html; charset=utf-8");
        }

        var redirect = SimWire.Empty(302);
        redirect.AddHeader("Location", record.ReturnUrl);
        return redirect;
    }
}
