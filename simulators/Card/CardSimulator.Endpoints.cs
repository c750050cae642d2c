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
    private static readonly string[] Currencies = ["BRL", "USD"];
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

    /// <summary>POST /1/sales/ as the simulator reads it; the card number and CVC are reduced to facts and a mask here.</summary>
    private sealed record SaleRequest
    {
        public required string MerchantOrderId { get; init; }

        public string? CustomerName { get; init; }

        public string? Identity { get; init; }

        public string? IdentityType { get; init; }

        public required long Amount { get; init; }

        public required string Currency { get; init; }

        public string? Country { get; init; }

        public int Installments { get; init; }

        public bool Authenticate { get; init; }

        public string? ReturnUrl { get; init; }

        public required string MaskedCardNumber { get; init; }

        public string? Holder { get; init; }

        public string? ExpirationDate { get; init; }

        public string? Brand { get; init; }

        public required SaleFacts Facts { get; init; }

        public static bool TryParse(string body, out SaleRequest sale, out IResponseMessage error)
        {
            sale = null!;
            JsonObject? root;
            try
            {
                root = JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException)
            {
                root = null;
            }

            error = root is null ? CardWire.Error(0, "The request is not a valid JSON object") : null!;
            if (root is null)
            {
                return false;
            }

            var orderId = CardWire.Text(root, "MerchantOrderId");
            var customer = CardWire.Property(root, "Customer") as JsonObject;
            var payment = CardWire.Property(root, "Payment") as JsonObject;
            var card = payment is null ? null : CardWire.Property(payment, "CreditCard") as JsonObject;
            var number = CardWire.Text(card, "CardNumber");
            var expiry = CardWire.Text(card, "ExpirationDate");
            var currency = CardWire.Text(payment, "Currency") ?? "BRL";
            var installments = int.TryParse(CardWire.Text(payment, "Installments") ?? "1", CultureInfo.InvariantCulture, out var i) ? i : 0;
            var authenticate = CardWire.Text(payment, "Authenticate") == "true";
            var returnUrl = CardWire.Text(payment, "ReturnUrl");
            var amountOk = long.TryParse(CardWire.Text(payment, "Amount"), NumberStyles.None, CultureInfo.InvariantCulture, out var amount);
            (int Code, string Message)? refusal =
                string.IsNullOrEmpty(orderId) || orderId.Length > 50 || !orderId.All(char.IsAsciiLetterOrDigit) ? (122, "MerchantOrderId is required")
                : payment is null ? (119, "At least one Payment is required")
                : !string.Equals(CardWire.Text(payment, "Type"), "CreditCard", StringComparison.OrdinalIgnoreCase) ? (102, "Payment Type is required")
                : !amountOk || amount <= 0
                    ? (108, "Amount must be greater or equal to zero")
                : !Currencies.Contains(currency, StringComparer.Ordinal) ? (110, "Invalid Payment Currency")
                : installments < 1 ? (123, "Installments must be greater or equal to one")
                : card is null ? (124, "Credit Card is Required")
                : string.IsNullOrEmpty(number) || !number.All(char.IsAsciiDigit) ? (118, "Credit Card Number is required")
                : string.IsNullOrEmpty(CardWire.Text(card, "Holder")) ? (117, "Credit Card Holder is required")
                : string.IsNullOrEmpty(expiry) ? (125, "Credit Card Expiration Date is required")
                : !ValidExpiry(expiry) ? (126, "Credit Card Expiration Date is invalid")
                : authenticate && string.IsNullOrEmpty(returnUrl) ? (133, "ReturnUrl is required for authentication")
                : null;
            if (refusal is { } r)
            {
                error = CardWire.Error(r.Code, r.Message);
                return false;
            }

            sale = new SaleRequest
            {
                MerchantOrderId = orderId!,
                CustomerName = CardWire.Text(customer, "Name"),
                Identity = CardWire.Text(customer, "Identity"),
                IdentityType = CardWire.Text(customer, "IdentityType"),
                Amount = amount,
                Currency = currency,
                Country = CardWire.Text(payment, "Country"),
                Installments = installments,
                Authenticate = authenticate,
                ReturnUrl = returnUrl,
                MaskedCardNumber = CardWire.Mask(number),
                Holder = CardWire.Text(card, "Holder"),
                ExpirationDate = expiry,
                Brand = CardWire.Text(card, "Brand"),
                Facts = new SaleFacts(CardWire.Text(customer, "Name"), CardWire.Text(customer, "Identity"), amount,
                    CardWire.Text(payment, "Capture") == "true",
                    CardOutcomeRules.IsTestCard(number, expiry, CardWire.Text(card, "SecurityCode")), number![^1] - '0'),
            };
            return true;
        }

        private static bool ValidExpiry(string expiry) =>
            expiry.Length == 7 && expiry[2] == '/' && int.TryParse(expiry[..2], CultureInfo.InvariantCulture, out var month)
            && month is >= 1 and <= 12 && int.TryParse(expiry[3..], CultureInfo.InvariantCulture, out var year) && year >= 2000;
    }
}
