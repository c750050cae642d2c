using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Simulators.Kit;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;

namespace Simulators.MtnMomo;

// MTN's endpoints (PROVIDERS.md §3): tokens, sandbox users, request to pay, transfer, refund and lookups.
public sealed partial class MtnMomoSimulator
{
    // [S] The gateway's texts; connectors only read the 401.
    private const string MissingKeyMessage =
        "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.";

    private const string InvalidTokenMessage = "Access denied due to invalid subscription key.";

    private const string GuidPattern = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    protected override void MapEndpoints()
    {
        foreach (var product in (string[])["collection", "disbursement"])
        {
            // MTN's path ends in a slash; some clients drop it.
            Serve(Request.Create().WithPath($"/{product}/token/", $"/{product}/token").UsingPost(),
                r => IssueToken(r, product));
            Serve(Request.Create().WithPath(new RegexMatcher($"^/{product}/v1_0/accountholder/[^/]+/[^/]+/active$")).UsingGet(),
                r => AccountHolderActive(r, product));
            Serve(Request.Create().WithPath(new RegexMatcher($"^/{product}/v1_0/accountholder/msisdn/[^/]+/basicuserinfo$")).UsingGet(),
                r => BasicUserInfo(r, product));
        }

        Serve(Request.Create().WithPath("/v1_0/apiuser").UsingPost(), r => CreateApiUser(r));
        Serve(Request.Create().WithPath(new RegexMatcher("^/v1_0/apiuser/[^/]+/apikey$")).UsingPost(),
            r => CreateApiKey(r));
        Serve(Request.Create().WithPath(new RegexMatcher("^/v1_0/apiuser/[^/]+$")).UsingGet(),
            r => GetApiUser(r));

        foreach (var (product, operation) in (ReadOnlySpan<(string, string)>)
                 [("collection", "requesttopay"), ("disbursement", "transfer"), ("disbursement", "refund")])
        {
            Serve(Request.Create().WithPath($"/{product}/v1_0/{operation}").UsingPost(),
                (r, c) => CreateAsync(r, c, product, operation));
            Serve(Request.Create().WithPath(new RegexMatcher($"^/{product}/v1_0/{operation}/[^/]+$")).UsingGet(),
                r => GetStatus(r, product, operation));
        }
    }

    private IResponseMessage IssueToken(IRequestMessage request, string product)
    {
        if (string.IsNullOrWhiteSpace(SimWire.Header(request, "Ocp-Apim-Subscription-Key")))
        {
            return MtnMomoWire.Gateway(401, MissingKeyMessage);
        }

        if (!SimWire.TryReadBasic(SimWire.Header(request, "Authorization"), out var apiUser, out var apiKey))
        {
            return LoginFailed();
        }

        var token = NewToken(apiUser, product);
        lock (Gate)
        {
            // Users never provisioned are accepted with any key but "invalid", so a fresh sandbox needs no setup.
            if (apiKey == "invalid" || (_users.TryGetValue(apiUser, out var user) && user.ApiKey is { } expected && expected != apiKey))
            {
                return LoginFailed();
            }

            _tokens[token] = new TokenGrant(apiUser, product, Clock.GetUtcNow() + _options.TokenLifetime);
        }

        return SimWire.Object(200, new TokenBody(token, "access_token", (long)_options.TokenLifetime.TotalSeconds));

        static IResponseMessage LoginFailed() => SimWire.Raw(401, """{"error":"login_failed"}""");
    }

    private async Task<IResponseMessage> CreateAsync(IRequestMessage request, HttpContext context, string product, string operation)
    {
        if (Authorize(request, product, out var grant) is { } denied)
        {
            return denied;
        }

        var referenceId = SimWire.Header(request, "X-Reference-Id");
        if (!IsUuid(referenceId))
        {
            return MtnMomoWire.BadRequest("X-Reference-Id must be a UUID.");
        }

        var environment = SimWire.Header(request, "X-Target-Environment");
        if (string.IsNullOrWhiteSpace(environment))
        {
            return MtnMomoWire.BadRequest("X-Target-Environment is required.");
        }

        var partyField = operation switch { "requesttopay" => "payer", "transfer" => "payee", _ => null };
        if (!CreationBody.TryParse(SimWire.Body(request), partyField, out var body, out var problem))
        {
            return MtnMomoWire.BadRequest(problem);
        }

        var callbackUrl = SimWire.Header(request, "X-Callback-Url");
        if (string.IsNullOrEmpty(callbackUrl))
        {
            callbackUrl = null;
        }
        else if (!Uri.TryCreate(callbackUrl, UriKind.Absolute, out var parsed) || (parsed.Scheme != "http" && parsed.Scheme != "https"))
        {
            return MtnMomoWire.BadRequest("X-Callback-Url must be an absolute http(s) URL.");
        }

        MtnMomoRecord record;
        lock (Gate)
        {
            if (Store.Contains(referenceId))
            {
                return MtnMomoWire.Duplicate();
            }

            var callbackHost = _users.TryGetValue(grant.ApiUser, out var user) ? user.ProviderCallbackHost : _options.ProviderCallbackHost;
            if (callbackUrl is not null && !string.Equals(new Uri(callbackUrl).Host, callbackHost, StringComparison.OrdinalIgnoreCase))
            {
                return MtnMomoWire.Error(500, "INVALID_CALLBACK_URL_HOST", "Callback URL with different host than the one configured for the API user.");
            }

            if (!CurrencyAllowed(environment, body.Currency))
            {
                return MtnMomoWire.Error(500, "INVALID_CURRENCY", "Currency not supported.");
            }

            if (operation == "refund" && !RefundAllowed(body))
            {
                // [S] MTN documents no error for a refund of an unknown or unpaid transaction, or of too much.
                return MtnMomoWire.Error(500, "NOT_ALLOWED", "The transaction to refund was not found, is not SUCCESSFUL, or has less left to refund.");
            }

            var forced = TakeOverride(new OverrideFacts(referenceId, body.PartyId, body.Amount, operation));
            var outcome = MtnMomoOutcomeRules.Decide(new MtnMomoRequestFacts(
                body.AmountMinor, body.Currency, body.PartyId, body.PayerMessage, ToOutcome(forced)));
            if (outcome.Kind == MtnMomoOutcomeKind.Rejected)
            {
                return outcome.Code is null
                    ? SimWire.Empty(outcome.HttpStatus)
                    : MtnMomoWire.Error(outcome.HttpStatus, outcome.Code, outcome.Message ?? outcome.Code);
            }

            var (mode, lateBy) = CallbackModeFor(referenceId, (CallbackMode?)forced?.CallbackMode);
            var now = Clock.GetUtcNow();
            record = new MtnMomoRecord
            {
                Reference = referenceId,
                Operation = operation,
                ExternalId = body.ExternalId,
                Amount = body.Amount,
                Currency = body.Currency,
                AmountMinor = body.AmountMinor,
                PartyField = partyField,
                PartyIdType = body.PartyIdType,
                PartyId = body.PartyId,
                PayerMessage = body.PayerMessage,
                PayeeNote = body.PayeeNote,
                ReferenceIdToRefund = body.ReferenceIdToRefund,
                CallbackUrl = callbackUrl,
                TargetEnvironment = environment,
                ApiUser = grant.ApiUser,
                CreatedAt = now,
                Outcome = outcome,
                FinancialTransactionId = RandomNumberGenerator.GetInt32(100_000_000, 2_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                CallbackMode = mode,
                LateBy = lateBy,
                FinalAt = mode == CallbackMode.Early ? now : now + outcome.Delay,
            };
            Store.TryAdd(record);
        }

        // QA's "early" answers the callback here, before the 202 leaves; 453/454 have no final callback to schedule.
        await AcceptedAsync(record, context, scheduleFinal: record.CallbackUrl is not null
            && record.Outcome.Kind is MtnMomoOutcomeKind.Successful or MtnMomoOutcomeKind.Failed);
        return SimWire.Empty(202);
    }

    private IResponseMessage GetStatus(IRequestMessage request, string product, string operation)
    {
        if (Authorize(request, product, out _) is { } denied)
        {
            return denied;
        }

        var referenceId = request.Path[(request.Path.LastIndexOf('/') + 1)..];
        lock (Gate)
        {
            if (!Store.TryGet(referenceId, out var record) || record.Operation != operation)
            {
                return MtnMomoWire.NotFound();
            }

            var (status, reason) = record.StatusAt(Clock.GetUtcNow(), asked: true);
            return SimWire.Raw(200, MtnMomoWire.StatusObject(record, status, reason));
        }
    }

    private IResponseMessage AccountHolderActive(IRequestMessage request, string product)
    {
        if (Authorize(request, product, out _) is { } denied)
        {
            return denied;
        }

        var segments = request.Path.Split('/');
        var isPayerNotFound = SimWire.LastNineDigits(segments[^2]) == "733123455";
        return SimWire.Raw(200, isPayerNotFound ? """{"result":false}""" : """{"result":true}""");
    }

    private IResponseMessage BasicUserInfo(IRequestMessage request, string product)
    {
        if (Authorize(request, product, out _) is { } denied)
        {
            return denied;
        }

        var segments = request.Path.Split('/');
        if (SimWire.LastNineDigits(segments[^2]) == "733123455")
        {
            return MtnMomoWire.NotFound();
        }

        // [S] The sandbox's fixed holder.
        return SimWire.Raw(200, """
            {"given_name":"Sand","family_name":"Box","birthdate":"1976-08-13","locale":"sv_SE","gender":"MALE","status":"ACTIVE","name":"Sand Box"}
            """);
    }

    private IResponseMessage CreateApiUser(IRequestMessage request)
    {
        if (string.IsNullOrWhiteSpace(SimWire.Header(request, "Ocp-Apim-Subscription-Key")))
        {
            return MtnMomoWire.Gateway(401, MissingKeyMessage);
        }

        var apiUser = SimWire.Header(request, "X-Reference-Id");
        if (!IsUuid(apiUser))
        {
            return MtnMomoWire.BadRequest("X-Reference-Id must be a UUID.");
        }

        string? host = null;
        try
        {
            using var json = JsonDocument.Parse(SimWire.Body(request));
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("providerCallbackHost", out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                host = value.GetString();
            }
        }
        catch (JsonException)
        {
        }

        if (string.IsNullOrWhiteSpace(host))
        {
            return MtnMomoWire.BadRequest("providerCallbackHost is required.");
        }

        lock (Gate)
        {
            if (!_users.TryAdd(apiUser, new ApiUserRecord(host)))
            {
                return MtnMomoWire.Duplicate();
            }
        }

        return SimWire.Empty(201);
    }

    private IResponseMessage CreateApiKey(IRequestMessage request)
    {
        if (string.IsNullOrWhiteSpace(SimWire.Header(request, "Ocp-Apim-Subscription-Key")))
        {
            return MtnMomoWire.Gateway(401, MissingKeyMessage);
        }

        var apiUser = request.Path.Split('/')[^2];
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (Gate)
        {
            if (!_users.TryGetValue(apiUser, out var user))
            {
                return MtnMomoWire.NotFound();
            }

            user.ApiKey = apiKey;
        }

        return SimWire.Raw(201, $$"""{"apiKey":"{{apiKey}}"}""");
    }

    private IResponseMessage GetApiUser(IRequestMessage request)
    {
        if (string.IsNullOrWhiteSpace(SimWire.Header(request, "Ocp-Apim-Subscription-Key")))
        {
            return MtnMomoWire.Gateway(401, MissingKeyMessage);
        }

        var apiUser = request.Path[(request.Path.LastIndexOf('/') + 1)..];
        lock (Gate)
        {
            return _users.TryGetValue(apiUser, out var user)
                ? SimWire.Object(200, new ApiUserBody(user.ProviderCallbackHost, "sandbox"))
                : MtnMomoWire.NotFound();
        }
    }

    /// <summary>A subscription key on every call, and a Bearer token this simulator issued for the product, unexpired.</summary>
    private IResponseMessage? Authorize(IRequestMessage request, string product, out TokenGrant grant)
    {
        grant = null!;
        if (string.IsNullOrWhiteSpace(SimWire.Header(request, "Ocp-Apim-Subscription-Key")))
        {
            return MtnMomoWire.Gateway(401, MissingKeyMessage);
        }

        var authorization = SimWire.Header(request, "Authorization");
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return MtnMomoWire.Gateway(401, InvalidTokenMessage);
        }

        lock (Gate)
        {
            if (!_tokens.TryGetValue(authorization["Bearer ".Length..].Trim(), out var found)
                || found.Product != product
                || Clock.GetUtcNow() >= found.ExpiresAt)
            {
                return MtnMomoWire.Gateway(401, InvalidTokenMessage);
            }

            grant = found;
            return null;
        }
    }

    /// <summary>Each target environment settles one currency; the sandbox only EUR.</summary>
    private static bool CurrencyAllowed(string environment, string currency) => (environment, currency) switch
    {
        ("sandbox", "EUR") => true,
        ("mtncameroon" or "mtncongo", "XAF") => true,
        ("mtnivorycoast" or "mtnbenin", "XOF") => true,
        ("mtnrwanda", "RWF") => true,
        ("mtnuganda", "UGX") => true,
        ("mtnghana", "GHS") => true,
        _ => false,
    };

    // [S] A refund names a SUCCESSFUL request to pay in its currency, and the refunds not FAILED never exceed its amount.
    private bool RefundAllowed(CreationBody refund)
    {
        var now = Clock.GetUtcNow();
        if (refund.ReferenceIdToRefund is not { } id || !Store.TryGet(id, out var original) || original.Operation != "requesttopay"
            || original.Currency != refund.Currency || original.StatusAt(now, asked: false).Status != "SUCCESSFUL")
        {
            return false;
        }

        var refunded = Store.All.Where(r => r.ReferenceIdToRefund == id && r.StatusAt(now, asked: false).Status != "FAILED")
            .Sum(r => r.AmountMinor);
        return refunded + refund.AmountMinor <= original.AmountMinor;
    }

    private static MtnMomoOutcome? ToOutcome(MtnMomoOverrideOutcome? forced)
    {
        if (forced is null)
        {
            return null;
        }

        var delay = TimeSpan.FromSeconds(forced.DelaySeconds);
        if (forced.HttpStatus is { } status && status != 202)
        {
            return MtnMomoOutcome.Reject(MtnMomoOutcomeRules.OverrideRule, status, forced.Code, forced.Message);
        }

        return forced.Status.ToUpperInvariant() switch
        {
            "FAILED" => MtnMomoOutcome.Fail(MtnMomoOutcomeRules.OverrideRule, forced.Reason ?? "INTERNAL_PROCESSING_ERROR", delay),
            "PENDING" => new MtnMomoOutcome(MtnMomoOutcomeKind.PendingForever, MtnMomoOutcomeRules.OverrideRule),
            _ => MtnMomoOutcome.Succeed(MtnMomoOutcomeRules.OverrideRule, delay),
        };
    }

    private static bool IsUuid([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
        value is not null && Guid.TryParseExact(value, "D", out _);


    /// <summary>JWT-shaped like MTN's ("eyJ0…"); only this simulator's token table gives it meaning.</summary>
    private static string NewToken(string apiUser, string product)
    {
        static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var header = Base64Url("""{"typ":"JWT","alg":"R256"}"""u8.ToArray());
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { clientId = apiUser, product, jti = Guid.NewGuid() }));
        return $"{header}.{payload}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";
    }

    private sealed record TokenBody(
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] long ExpiresIn);

    private sealed record ApiUserBody(string ProviderCallbackHost, string TargetEnvironment);
}
