using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Simulators.Kit;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Simulators.OrangeMoney;

// Orange's endpoints (PROVIDERS.md §4): the WSO2 token, then mp and cashin, each init + pay + paymentstatus (+ mp/push).
public sealed partial class OrangeMoneySimulator
{
    private const string Base = "/omcoreapis/1.0.2";
    private static readonly string[] Operations = ["mp", "cashin"];

    protected override void MapEndpoints()
    {
        Serve(Request.Create().WithPath("/token").UsingPost(), IssueToken);
        foreach (var operation in Operations)
        {
            Serve(Request.Create().WithPath($"{Base}/{operation}/init").UsingPost(), r => Init(r, operation));
            Serve(Request.Create().WithPath($"{Base}/{operation}/pay").UsingPost(), (r, c) => PayAsync(r, c, operation));
            Serve(Request.Create().WithPath(new RegexMatcher($"^{Base}/{operation}/paymentstatus/[^/]+$")).UsingGet(),
                r => PaymentStatus(r, operation));
        }

        Serve(Request.Create().WithPath(new RegexMatcher($"^{Base}/mp/push/[^/]+$")).UsingGet(), Push);
    }

    /// <summary>POST /token: Basic consumerKey:consumerSecret and grant_type=client_credentials; a secret "invalid" is refused.</summary>
    private IResponseMessage IssueToken(IRequestMessage request)
    {
        if (!SimWire.TryReadBasic(SimWire.Header(request, "Authorization"), out _, out var secret) || secret == "invalid")
        {
            return SimWire.Raw(401, """{"error_description":"A valid OAuth client could not be found for client_id","error":"invalid_client"}""");
        }

        var form = SimWire.Body(request).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "", StringComparer.Ordinal);
        if (form.GetValueOrDefault("grant_type") != "client_credentials")
        {
            return SimWire.Raw(400, """{"error_description":"Unsupported grant_type value","error":"unsupported_grant_type"}""");
        }

        var token = Guid.NewGuid().ToString("D");
        lock (Gate)
        {
            _tokens[token] = Clock.GetUtcNow() + _options.TokenLifetime;
        }

        return SimWire.Raw(200, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["scope"] = "am_application_scope default",
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)_options.TokenLifetime.TotalSeconds,
        }, SimWire.Json));
    }

    private IResponseMessage Init(IRequestMessage request, string operation)
    {
        if (Authorize(request) is { } denied)
        {
            return denied;
        }

        lock (Gate)
        {
            var now = Clock.GetUtcNow();
            var payToken = NewPayToken(operation, now);
            _inits[payToken] = new OrangeMoneyInit(payToken, operation, _nextId++, now);
            return OrangeMoneyWire.Initiated(payToken);
        }
    }

    private async Task<IResponseMessage> PayAsync(IRequestMessage request, HttpContext context, string operation)
    {
        if (Authorize(request) is { } denied)
        {
            return denied;
        }

        if (!PayBody.TryParse(SimWire.Body(request), out var body, out var problem))
        {
            return OrangeMoneyWire.Error(400, problem);
        }

        OrangeMoneyRecord record;
        lock (Gate)
        {
            if (Store.TryGet(body.PayToken, out var existing))
            {
                // [S] A repeated pay returns the transaction as it is, without a second push.
                var (s, c, m) = existing.StatusAt(Clock.GetUtcNow());
                return OrangeMoneyWire.Envelope(200, "Transaction already initiated", OrangeMoneyWire.Transaction(existing, s, c, m));
            }

            if (!_inits.TryGetValue(body.PayToken, out var init) || init.Operation != operation)
            {
                return OrangeMoneyWire.Error(400, $"payToken {body.PayToken} was not initiated by {operation}/init");
            }

            if (init.Rejection is not null)
            {
                return OrangeMoneyWire.Envelope(417, $"{init.Rejection.Value.Message}", OrangeMoneyWire.Transaction(init));
            }

            var forced = TakeOverride(new OverrideFacts(body.OrderId, body.SubscriberMsisdn, body.Amount, operation));
            var outcome = OrangeMoneyOutcomeRules.Decide(new OrangeMoneyRequestFacts(body.AmountMinor, body.Description, forced?.ToOutcome()));
            if (outcome.Kind == OrangeMoneyOutcomeKind.Rejected)
            {
                init.Rejection = (outcome.Code!, outcome.Message!, body.OrderId, body.Amount, body.SubscriberMsisdn);
                return OrangeMoneyWire.Envelope(outcome.HttpStatus, outcome.Message!, OrangeMoneyWire.Transaction(init));
            }

            var (mode, lateBy) = CallbackModeFor(body.OrderId, forced?.CallbackMode);
            var now = Clock.GetUtcNow();
            record = new OrangeMoneyRecord
            {
                Reference = body.PayToken,
                Operation = operation,
                Id = init.Id,
                OrderId = body.OrderId,
                Amount = body.Amount,
                AmountMinor = body.AmountMinor,
                SubscriberMsisdn = body.SubscriberMsisdn,
                ChannelUserMsisdn = body.ChannelUserMsisdn,
                Description = body.Description,
                NotifUrl = body.NotifUrl,
                TxnId = NewTxnId(operation, now),
                Outcome = outcome,
                CreatedAt = now,
                CallbackMode = mode,
                LateBy = lateBy,
                FinalAt = mode == CallbackMode.Early ? now : now + outcome.Delay,
            };
            Store.TryAdd(record);
        }

        await AcceptedAsync(record, context, scheduleFinal: record.NotifUrl is not null);
        lock (Gate)
        {
            // The reply shows Orange's initial state; in "early" mode the outcome has already applied.
            var (status, code, message) = record.CallbackMode == CallbackMode.Early
                ? record.StatusAt(Clock.GetUtcNow())
                : ("PENDING", null, null);
            return OrangeMoneyWire.Envelope(200, "Paiement en attente de confirmation", OrangeMoneyWire.Transaction(record, status, code, message));
        }
    }

    private IResponseMessage PaymentStatus(IRequestMessage request, string operation)
    {
        if (Authorize(request) is { } denied)
        {
            return denied;
        }

        var payToken = Uri.UnescapeDataString(request.Path[(request.Path.LastIndexOf('/') + 1)..]);
        lock (Gate)
        {
            if (Store.TryGet(payToken, out var record) && record.Operation == operation)
            {
                var (status, code, message) = record.StatusAt(Clock.GetUtcNow());
                return OrangeMoneyWire.Envelope(200, "Transaction retrieved successfully", OrangeMoneyWire.Transaction(record, status, code, message));
            }

            return _inits.TryGetValue(payToken, out var init) && init.Operation == operation
                ? OrangeMoneyWire.Envelope(200, "Transaction retrieved successfully", OrangeMoneyWire.Transaction(init))
                : OrangeMoneyWire.Error(404, $"No transaction with payToken {payToken}");
        }
    }

    /// <summary>GET …/mp/push/{payToken}: the USSD prompt once more, while the payment is PENDING.</summary>
    private IResponseMessage Push(IRequestMessage request)
    {
        if (Authorize(request) is { } denied)
        {
            return denied;
        }

        var payToken = Uri.UnescapeDataString(request.Path[(request.Path.LastIndexOf('/') + 1)..]);
        lock (Gate)
        {
            if (!Store.TryGet(payToken, out var record) || record.Operation != "mp")
            {
                return OrangeMoneyWire.Error(404, $"No transaction with payToken {payToken}");
            }

            var (status, code, message) = record.StatusAt(Clock.GetUtcNow());
            if (status != "PENDING")
            {
                return OrangeMoneyWire.Error(400, $"Transaction is {status}: nothing to push");
            }

            record.Pushes++;
            return OrangeMoneyWire.Envelope(200, "Push sent to customer", OrangeMoneyWire.Transaction(record, status, code, message));
        }
    }

    /// <summary>An unexpired Bearer token this simulator issued, and an X-AUTH-TOKEN base64(apiUser:apiPassword).</summary>
    private IResponseMessage? Authorize(IRequestMessage request)
    {
        var authorization = SimWire.Header(request, "Authorization");
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return OrangeMoneyWire.InvalidCredentials();
        }

        lock (Gate)
        {
            if (!_tokens.TryGetValue(authorization["Bearer ".Length..].Trim(), out var expiresAt) || Clock.GetUtcNow() >= expiresAt)
            {
                return OrangeMoneyWire.InvalidCredentials();
            }
        }

        // [S] Orange's answer to a bad channel user: 403 in its envelope.
        return SimWire.TryReadBasic("Basic " + SimWire.Header(request, "X-AUTH-TOKEN"), out _, out var password) && password != "invalid"
            ? null
            : OrangeMoneyWire.Error(403, "Access denied: invalid X-AUTH-TOKEN (channel user credentials)");
    }

    private static string NewPayToken(string operation, DateTimeOffset now) =>
        (operation == "mp" ? "MP" : "CI") + now.ToString("yyMMdd", CultureInfo.InvariantCulture)
        + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    private static string NewTxnId(string operation, DateTimeOffset now) =>
        (operation == "mp" ? "MP" : "CI") + now.ToString("yyMMdd.HHmm", CultureInfo.InvariantCulture) + "."
        + Convert.ToHexString(RandomNumberGenerator.GetBytes(3));

}
