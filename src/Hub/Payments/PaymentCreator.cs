using Connectors.Abstractions;
using Hub.Common;
using Hub.Idempotency;
using Hub.Persistence;
using Hub.Plugins;
using Hub.Providers;
using Hub.Routing;
using Hub.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hub.Payments;

/// <summary>
/// Creates a payment in two steps with a recovery point between them: (1) the payment and its provider reference
/// are committed, (2) the provider is called once and its answer applied. A hub killed between the two leaves a
/// "created" payment; the retry with the same Idempotency-Key resumes at step 2 with the same reference, which the
/// provider treats as the same request (one answering "already exists" makes the connector read the status).
/// Failover: when the account certainly did not receive the request (connection refused, DNS, its circuit open, its
/// token request failed), the payment moves to the next eligible account — a new recovery point — and is sent there;
/// after a timeout or any answer it stays where it is, and reconciliation settles it. Every try is in attempts.
/// </summary>
[ScopedService]
internal sealed partial class PaymentCreator(
    HubDbContext db,
    MerchantScope scope,
    RouteSelector routes,
    ConnectorRegistry registry,
    ConnectorInvoker invoker,
    PaymentStateMachine stateMachine,
    TimeProvider clock,
    IOptions<HubOptions> options,
    ILogger<PaymentCreator> logger)
{
    public async Task<Result<PaymentResponse>> CreateAsync(BodyReader body, IdempotencyKey key, CancellationToken ct)
    {
        var read = NewPaymentReader.Read(body);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var request = read.Value!;
        // A key whose record this request created is held by no payment (a payment lets go of its key in the statement
        // that deletes its record): one round trip saved on every new create. A payment left holding one by an older
        // hub is still found: its unique index refuses the insert below, and the lookup runs then.
        if (!key.Fresh && await FindByKeyAsync(key, ct) is { } existing)
        {
            return await FromExistingAsync(existing, request);
        }

        var candidates = await routes.CandidatesAsync(RouteFor(request), ct);
        if (!candidates.IsSuccess)
        {
            return candidates.Error!;
        }

        if (await CheckSplitsAndReferenceAsync(request, candidates.Value![0], ct) is { } invalid)
        {
            return invalid;
        }

        var payment = NewRow(request, candidates.Value[0], key);
        db.Payments.Add(payment);
        try
        {
            await db.SaveInsertsAsync(ct); // recovery point: the payment and its reference exist before the provider hears of it
        }
        catch (DbUpdateException ex) when (payment.TransactionReference is not null
            && ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, ConstraintName: var c }
            && c?.Contains("transaction_reference", StringComparison.Ordinal) == true)
        {
            return DuplicateReference(); // the same transfer sent twice at once: one pays
        }
        catch (DbUpdateException ex) when (key.Fresh
            && ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, ConstraintName: var c }
            && c?.Contains("idempotency_key", StringComparison.Ordinal) == true)
        {
            db.ChangeTracker.Clear();
            return await FindByKeyAsync(key, ct) is { } holder ? await FromExistingAsync(holder, request) : ApiError.IdempotencyKeyInUse();
        }

        // From here on the client's disconnect must not cut the provider call or the recording of its answer.
        return await SendWithFailoverAsync(payment, candidates.Value, request.Card);
    }

    private Task<Payment?> FindByKeyAsync(IdempotencyKey key, CancellationToken ct) =>
        db.Payments.Include(p => p.StatusHistory).FirstOrDefaultAsync(p => p.IdempotencyKey == key.Value, ct);

    /// <summary>The payment already holding the key: the same request resumes or replays it; another is refused.</summary>
    private async Task<Result<PaymentResponse>> FromExistingAsync(Payment existing, NewPayment request)
    {
        if (ResumeCheck.Difference(existing, request) is { } field)
        {
            LogResumeRefused(PublicId.Format(PublicId.Payment, existing.Id), field);
            return ApiError.IdempotencyKeyReused();
        }

        if (existing.Status == PaymentStatus.Created && existing.ExpiresAt <= clock.GetUtcNow())
        {
            // Past its expiry a crashed create is never sent: the reconciler asks the provider what it knows.
            LogNotResumedExpired(PublicId.Format(PublicId.Payment, existing.Id));
            return PaymentResponses.ToResponse(existing);
        }

        return existing.Status == PaymentStatus.Created
            ? await ResumeAsync(existing, request)
            : PaymentResponses.ToResponse(existing);
    }

    /// <summary>Splits name merchants of the caller's tenant; a manual payment's reference pays once per merchant.</summary>
    private async Task<ApiError?> CheckSplitsAndReferenceAsync(NewPayment request, PaymentRoute route, CancellationToken ct)
    {
        if (request.Splits.Count > 0)
        {
            var wanted = request.Splits.Select(x => x.Merchant!.Value).ToList();
            var known = await db.Merchants.AsNoTracking().Where(m => wanted.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct);
            var errors = request.Splits.Select((x, i) => (x, i)).Where(t => !known.Contains(t.x.Merchant!.Value))
                .ToDictionary(t => $"splits[{t.i}].merchantId", t => new[] { $"{t.x.MerchantId} is not a merchant of your tenant" });
            if (errors.Count > 0)
            {
                return ApiError.Validation(errors);
            }
        }

        if (!route.Connector.Descriptor.Has(ConnectorCapabilities.ManualApproval))
        {
            return null;
        }

        if (request.TransactionReference is not { } reference)
        {
            return ApiError.Validation("transactionReference", $"is required for {route.Connector.Descriptor.Id} payments: the payer's bank or wallet reference");
        }

        return await db.Payments.AnyAsync(p => p.TransactionReference == reference, ct) ? DuplicateReference() : null;
    }

    private static ApiError DuplicateReference() => ApiError.Validation("transactionReference",
        "was already used for another payment of this merchant: one transfer pays once");

    private static RouteRequest RouteFor(NewPayment request) =>
        new(request.Amount, request.Method, request.Provider, request.Country, request.Payer.Phone);

    /// <summary>Sends to the payment's account, then, while each certainly did not receive it, to the next candidate.</summary>
    private async Task<Result<PaymentResponse>> SendWithFailoverAsync(Payment payment, IReadOnlyList<PaymentRoute> candidates, PaymentCard? card)
    {
        var tried = payment.Attempts.Select(a => a.ConnectorAccountId).ToHashSet();
        var route = candidates.First(r => r.Account.Id == payment.ConnectorAccountId);
        while (true)
        {
            var (sent, result) = await SendAsync(payment, route, card, CancellationToken.None);
            if (result.Outcome != OperationOutcome.NotSent)
            {
                return sent;
            }

            tried.Add(route.Account.Id);
            var next = candidates.FirstOrDefault(r => !tried.Contains(r.Account.Id));
            if (next is null)
            {
                return sent;
            }

            LogFailover(PublicId.Format(PublicId.Payment, payment.Id), route.Connector.Descriptor.Id, next.Connector.Descriptor.Id);
            var moved = await stateMachine.UpdateAsync(payment.Id, p =>
            {
                if (p.Status != PaymentStatus.Created)
                {
                    return false; // something else settled it meanwhile: never send it elsewhere
                }

                p.Provider = next.Connector.Descriptor.Id;
                p.ConnectorAccountId = next.Account.Id;
                p.ConnectorVersion = next.Connector.Descriptor.Version;
                p.ProviderReference = next.Connector.Connector.NewProviderReference(PublicId.Format(PublicId.Payment, p.Id));
                p.ConnectorData = null;
                return true;
            }, CancellationToken.None, payment); // recovery point: the next account's reference exists before it hears of it
            if (moved is not { Result: true, Payment: var switched })
            {
                return moved is { } other ? PaymentResponses.ToResponse(other.Payment) : sent;
            }

            payment = switched;
            route = next;
        }
    }

    private async Task<Result<PaymentResponse>> ResumeAsync(Payment payment, NewPayment request)
    {
        if (!registry.TryGet(payment.Provider, out var connector))
        {
            return ApiError.ProviderUnavailable($"The {payment.Provider} connector is not loaded on this hub.");
        }

        var account = await db.ConnectorAccounts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == payment.ConnectorAccountId, CancellationToken.None);
        if (account is null)
        {
            return ApiError.ProviderUnavailable("The payment's connector account was deleted.");
        }

        LogResuming(PublicId.Format(PublicId.Payment, payment.Id), payment.Provider);
        // Its own account first (it may have received the first try: the same reference makes a resend harmless), then
        // the others not yet tried.
        var current = new PaymentRoute(connector, account);
        var others = await routes.CandidatesAsync(RouteFor(request), CancellationToken.None);
        var tried = payment.Attempts.Select(a => a.ConnectorAccountId).ToHashSet();
        IReadOnlyList<PaymentRoute> candidates = [current, .. (others.Value ?? []).Where(r => r.Account.Id != account.Id && !tried.Contains(r.Account.Id))];
        return await SendWithFailoverAsync(payment, candidates, request.Card);
    }

    private Payment NewRow(NewPayment request, PaymentRoute route, IdempotencyKey key)
    {
        var now = clock.GetUtcNow();
        var id = PublicId.NewGuid(clock);
        var payment = new Payment
        {
            Id = id,
            MerchantId = scope.MerchantId!.Value,
            Livemode = scope.Livemode,
            Amount = request.Amount.Minor,
            Currency = request.Amount.Currency.Code,
            Method = request.Method,
            Provider = route.Connector.Descriptor.Id,
            ConnectorAccountId = route.Account.Id,
            ConnectorVersion = route.Connector.Descriptor.Version,
            ProviderReference = route.Connector.Connector.NewProviderReference(PublicId.Format(PublicId.Payment, id)),
            Country = request.Country,
            PayerPhone = request.Payer.Phone,
            PayerName = request.Payer.Name,
            PayerEmail = request.Payer.Email,
            PayerDocumentType = request.Payer.DocumentType,
            PayerDocumentNumber = request.Payer.DocumentNumber,
            Card = request.Card is { } c
                ? new CardSummary(CardBrands.FromNumber(c.Number), c.Number[..6], c.Number[^4..], c.ExpMonth, c.ExpYear)
                : null,
            Capture = request.Capture,
            Installments = request.Installments,
            Description = request.Description,
            ExternalId = request.ExternalId,
            Metadata = request.Metadata,
            ReturnUrl = request.ReturnUrl?.ToString(),
            IdempotencyKey = key.Value,
            MethodOptions = new Dictionary<string, string>(request.MethodOptions, StringComparer.Ordinal),
            ThreeDSecure = request.ThreeDSecure,
            TransactionReference = route.Connector.Descriptor.Has(ConnectorCapabilities.ManualApproval) ? request.TransactionReference : null,
            Notes = request.Notes,
            Splits = [.. request.Splits.Select(x => new PaymentSplit(x.Merchant!.Value, x.Amount, x.ChargeFees))],
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + (request.ExpiresInSeconds is { } s ? TimeSpan.FromSeconds(s) : options.Value.DefaultPaymentExpiry),
        };
        stateMachine.Start(payment);
        return payment;
    }

    private async Task<(Result<PaymentResponse> Response, PaymentResult Result)> SendAsync(Payment payment, PaymentRoute route,
        PaymentCard? card, CancellationToken ct)
    {
        var request = new CreatePaymentRequest
        {
            PaymentId = PublicId.Format(PublicId.Payment, payment.Id),
            ProviderReference = payment.ProviderReference,
            Amount = payment.ToMoney(),
            Method = payment.Method,
            Country = payment.Country,
            Payer = new PaymentPayer
            {
                Phone = payment.PayerPhone,
                Name = payment.PayerName,
                Email = payment.PayerEmail,
                DocumentType = payment.PayerDocumentType,
                DocumentNumber = payment.PayerDocumentNumber,
            },
            Card = card,
            Capture = payment.Capture,
            Installments = payment.Installments,
            Description = payment.Description,
            ExternalId = payment.ExternalId,
            ExpiresAt = payment.ExpiresAt,
            ReturnUrl = payment.ReturnUrl is null ? null : new Uri(payment.ReturnUrl),
            ConnectorData = payment.ConnectorData,
            MethodOptions = payment.MethodOptions,
            ThreeDSecure = payment.ThreeDSecure,
            TransactionReference = payment.TransactionReference,
        };

        var tracked = payment;
        var result = await invoker.CreatePaymentAsync(route.Connector, route.Account, request, async (data, token) =>
        {
            // A recovery point inside a multi-step create (a token between init and pay): durable before the call goes on.
            var saved = await stateMachine.UpdateAsync(tracked.Id, p => p.ConnectorData = data, token, tracked);
            tracked = saved?.Payment ?? tracked;
        }, ct);
        payment = tracked;

        var attempt = new PaymentAttempt(route.Connector.Descriptor.Id, route.Account.Id, result.Outcome switch
        {
            OperationOutcome.NotSent => PaymentAttempt.NotSent,
            OperationOutcome.Unknown => PaymentAttempt.Unknown,
            _ => PaymentAttempt.Answered,
        }, clock.GetUtcNow());
        if (result.Outcome == OperationOutcome.NotSent)
        {
            LogNotSent(request.PaymentId, payment.Provider, result.Detail);
            await stateMachine.UpdateAsync(payment.Id, p => p.Attempts = [.. p.Attempts, attempt], ct, payment);
            return (ApiError.ProviderUnavailable(
                $"{payment.Provider} could not be reached ({result.Detail}); nothing was sent. Retry with the same Idempotency-Key."), result);
        }

        // A callback may have arrived before the provider's reply (some providers call back first): the state machine
        // applies the reply to the fresh row and ignores what is no longer a legal move.
        var updated = await stateMachine.UpdateAsync(payment.Id, p =>
        {
            p.Attempts = [.. p.Attempts, attempt];
            return result.Outcome is OperationOutcome.Unknown or OperationOutcome.NotFound
                // Sent, with no answer to rely on: the provider may have taken it. Processing, and reconciliation settles it.
                ? stateMachine.TryMove(p, PaymentStatus.Processing, PaymentStateMachine.SourceProvider, reason: result.Detail)
                : stateMachine.Apply(p, result, PaymentStateMachine.SourceProvider);
        }, ct, payment);
        return (PaymentResponses.ToResponse(updated?.Payment ?? payment), result);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} was interrupted before it was sent and its expiresAt passed; not sent, left to reconciliation")]
    private partial void LogNotResumedExpired(string paymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} holds this Idempotency-Key but differs from the request in {Field}; refused")]
    private partial void LogResumeRefused(string paymentId, string field);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming payment {PaymentId} at {Provider} after an interrupted attempt")]
    private partial void LogResuming(string paymentId, string provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} fails over from {From} to {To}: the first certainly did not receive it")]
    private partial void LogFailover(string paymentId, string from, string to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId} was not sent to {Provider}: {Detail}")]
    private partial void LogNotSent(string paymentId, string provider, string? detail);
}

/// <summary>A card's brand from its BIN; Elo and Hipercard are checked before Visa (InfraPSP's 4389… cards are Elo).</summary>
internal static class CardBrands
{
    private static readonly string[] Elo = ["401178", "438935", "5067", "636368", "6504", "6509", "6516", "6550"];

    public static string FromNumber(string number) => number switch
    {
        _ when Elo.Any(p => number.StartsWith(p, StringComparison.Ordinal)) => "elo",
        _ when number.StartsWith("606282", StringComparison.Ordinal) => "hipercard",
        _ when number.StartsWith("34", StringComparison.Ordinal) || number.StartsWith("37", StringComparison.Ordinal) => "amex",
        _ when number.Length >= 2 && int.Parse(number[..2], System.Globalization.CultureInfo.InvariantCulture) is >= 51 and <= 55 => "mastercard",
        _ when number.Length >= 4 && int.Parse(number[..4], System.Globalization.CultureInfo.InvariantCulture) is >= 2221 and <= 2720 => "mastercard",
        _ when number.StartsWith('4') => "visa",
        _ => "unknown",
    };
}
