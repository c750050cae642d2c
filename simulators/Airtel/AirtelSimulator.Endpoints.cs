using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Simulators.Kit;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Simulators.Airtel;

// Airtel's endpoints (PROVIDERS.md §5.1): the token, the push (v1 and v2), its status, the refund, disbursements, KYC.
public sealed partial class AirtelSimulator
{
    protected override void MapEndpoints()
    {
        Serve(Request.Create().WithPath("/auth/oauth2/token").UsingPost(), IssueToken);
        Serve(Request.Create().WithPath(new RegexMatcher("^/merchant/v[12]/payments/?$")).UsingPost(), CollectAsync);
        Serve(Request.Create().WithPath("/standard/v1/payments/refund").UsingPost(), Refund);
        Serve(Request.Create().WithPath(new RegexMatcher("^/standard/v1/payments/[^/]+$")).UsingGet(),
            r => Status(r, AirtelOutcomeRules.Collection));
        Serve(Request.Create().WithPath(new RegexMatcher("^/standard/v1/disbursements/?$")).UsingPost(), DisburseAsync);
        Serve(Request.Create().WithPath(new RegexMatcher("^/standard/v1/disbursements/[^/]+$")).UsingGet(),
            r => Status(r, AirtelOutcomeRules.Disbursement));
        Serve(Request.Create().WithPath(new RegexMatcher("^/standard/v1/users/[^/]+$")).UsingGet(), User);
    }

    /// <summary>POST /auth/oauth2/token: a JSON body with client_credentials; a client_secret "invalid" is refused.</summary>
    private IResponseMessage IssueToken(IRequestMessage request)
    {
        string? secret, grant;
        try
        {
            using var document = JsonDocument.Parse(SimWire.Body(request));
            var root = document.RootElement;
            secret = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("client_secret", out var s) ? s.GetString() : null;
            grant = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("grant_type", out var g) ? g.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return SimWire.Raw(400, """{"error_description":"The request body must be JSON","error":"invalid_request"}""");
        }

        if (grant != "client_credentials")
        {
            return SimWire.Raw(400, """{"error_description":"Unsupported grant_type value","error":"unsupported_grant_type"}""");
        }

        if (string.IsNullOrEmpty(secret) || secret == "invalid")
        {
            return SimWire.Raw(401, """{"error_description":"Invalid client credentials","error":"invalid_client"}""");
        }

        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        lock (Gate)
        {
            _tokens[token] = Clock.GetUtcNow() + _options.TokenLifetime;
        }

        // expires_in is a string.
        return SimWire.Raw(200, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["access_token"] = token,
            ["expires_in"] = ((long)_options.TokenLifetime.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["token_type"] = "bearer",
        }, SimWire.Json));
    }

    private async Task<IResponseMessage> CollectAsync(IRequestMessage request, HttpContext context)
    {
        if (Authorize(request) is { } denied)
        {
            return denied;
        }

        if (!AirtelBody.TryParseCollection(SimWire.Body(request), out var body, out var problem))
        {
            return AirtelWire.Error(AirtelWire.EsbValidation, problem);
        }

        var record = Accept(AirtelOutcomeRules.Collection, body, "MP", out var refusal);
        if (record is null)
        {
            return refusal!;
        }

        await AcceptedAsync(record, context, scheduleFinal: true);
        // The push was sent, nothing more (DP00800001006), even when "early" has applied the outcome already.
        return AirtelWire.Success(new { transaction = new { id = record.TransactionId, status = "SUCCESS" } },
            AirtelWire.CollectionInProcess);
    }

    private async Task<IResponseMessage> DisburseAsync(IRequestMessage request, HttpContext context)
    {
        if (Authorize(request) is { } denied)
        {
            return denied;
        }

        if (!AirtelBody.TryParseDisbursement(SimWire.Body(request), out var body, out var problem))
        {
            return AirtelWire.Error(AirtelWire.EsbValidation, problem);
        }

        if (!AirtelBody.IsBase64(body.Pin))
        {
            // [S] The PIN need only be non-empty base64.
            return AirtelWire.Error(AirtelWire.EsbValidation, "Signature mismatch: the PIN is not encrypted",
                AirtelWire.DisbursementSignatureMismatch);
        }

        var record = Accept(AirtelOutcomeRules.Disbursement, body, "CI", out var refusal);
        if (record is null)
        {
            return refusal!;
        }

        await AcceptedAsync(record, context, scheduleFinal: false);
        return AirtelWire.Success(new
        {
            transaction = new { reference_id = body.Reference ?? record.TransactionId, airtel_money_id = record.AirtelMoneyId, id = record.TransactionId },
        }, AirtelWire.DisbursementSuccess);
    }

    /// <summary>Decides and stores a collection or disbursement; null with the reply when it is refused or a duplicate.</summary>
    private AirtelRecord? Accept(string operation, AirtelBody body, string idPrefix, out IResponseMessage? refusal)
    {
        lock (Gate)
        {
            refusal = null;
            if (Store.Contains(body.Id))
            {
                refusal = AirtelWire.Error(AirtelWire.EsbDuplicate, "External Transaction ID already exists");
                return null;
            }

            var forced = TakeOverride(new OverrideFacts(body.Id, body.Msisdn, body.Amount, operation));
            var outcome = AirtelOutcomeRules.Decide(new AirtelRequestFacts(operation, body.AmountMinor, body.Msisdn, body.Reference,
                forced?.ToOutcome()));
            if (outcome.Kind == AirtelOutcomeKind.Rejected)
            {
                refusal = AirtelWire.Error(outcome.ResultCode ?? AirtelWire.EsbError, outcome.Message ?? "Error while initiating the transaction",
                    outcome.Code, outcome.HttpStatus);
                return null;
            }

            var (mode, lateBy) = CallbackModeFor(body.Id, forced?.CallbackMode);
            var now = Clock.GetUtcNow();
            var record = new AirtelRecord
            {
                Reference = body.Id,
                Operation = operation,
                TransactionId = body.Id,
                AirtelMoneyId = AirtelWire.NewAirtelMoneyId(idPrefix, now),
                Amount = body.Amount,
                AmountMinor = body.AmountMinor,
                Msisdn = body.Msisdn,
                ReferenceText = body.Reference,
                Outcome = outcome,
                CreatedAt = now,
                CallbackMode = mode,
                LateBy = lateBy,
                FinalAt = mode == CallbackMode.Early ? now : now + outcome.Delay,
            };
            Store.TryAdd(record);
            return record;
        }
    }

    /// <summary>GET /standard/v1/payments/{id} or /standard/v1/disbursements/{id}: the status on the simulator clock.</summary>
    private IResponseMessage Status(IRequestMessage request, string operation)
    {
        if (Authorize(request) is { } denied)
        {
            return denied;
        }

        var id = Uri.UnescapeDataString(request.Path[(request.Path.LastIndexOf('/') + 1)..]);
        lock (Gate)
        {
            if (!Store.TryGet(id, out var record) || record.Operation != operation)
            {
                return AirtelWire.NotFound();
            }

            var now = Clock.GetUtcNow();
            var (status, code) = record.StatusAt(now);
            return AirtelWire.Success(new
            {
                transaction = new { airtel_money_id = record.AirtelMoneyId, id = record.TransactionId, message = record.MessageAt(now), status },
            }, code);
        }
    }

    /// <summary>An unexpired Bearer token this simulator issued, and X-Country RW and X-Currency RWF.</summary>
    private IResponseMessage? Authorize(IRequestMessage request)
    {
        var authorization = SimWire.Header(request, "Authorization");
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AirtelWire.InvalidToken();
        }

        lock (Gate)
        {
            if (!_tokens.TryGetValue(authorization["Bearer ".Length..].Trim(), out var expiresAt) || Clock.GetUtcNow() >= expiresAt)
            {
                return AirtelWire.InvalidToken();
            }
        }

        if (SimWire.Header(request, "X-Country") != AirtelWire.Country)
        {
            return AirtelWire.Error(AirtelWire.EsbBadCountry, "Invalid country: X-Country must be RW");
        }

        return SimWire.Header(request, "X-Currency") != AirtelWire.Currency
            ? AirtelWire.Error(AirtelWire.EsbBadCurrency, "Invalid currency: X-Currency must be RWF")
            : null;
    }
}
