using Connectors.Abstractions;
using Hub.Common;
using Hub.Idempotency;
using Hub.Payments;

namespace Hub.Checkout;

/// <summary>
/// The hosted page and the few calls its script makes, all public (the session id is the credential) and all served
/// by the hub: the page, its status (polled), the operator of a phone number, and the payment. Nothing is fetched
/// from anywhere else (the Content-Security-Policy says so).
/// </summary>
internal static class CheckoutPageApi
{
    private const string VisitItem = "hub:checkout_visit";
    private const string AttemptItem = "hub:checkout_attempt";

    public static void MapCheckoutPage(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup("/checkout/{id}").AllowAnonymous().ExcludeFromDescription()
            .RequireRateLimiting(CheckoutRateLimitPolicy.Name); // per address: the page is public

        page.MapGet("/", async (string id, HttpContext http, CheckoutVisitor visitor, CheckoutPayments payments, CancellationToken ct) =>
        {
            var language = CheckoutText.Pick(http.Request);
            var visit = await visitor.OpenAsync(id, ct);
            var offered = visit is { Session.Status: CheckoutStatus.Open } ? await payments.OfferedAsync(visit, ct) : [];
            return CheckoutPage.Render(visit, offered, language);
        });

        page.MapGet("/status", async (string id, CheckoutVisitor visitor, CancellationToken ct) =>
            await visitor.OpenAsync(id, ct) is not { } visit ? NotFound(id).ToProblem()
            : visit is { Session.Status: CheckoutStatus.Expired, Payment: null } ? Expired(id).ToProblem()
            : Results.Json(Status(visit), HubJson.Options));

        page.MapPost("/operator", async (string id, HttpContext http, CheckoutVisitor visitor, CheckoutPayments payments, CancellationToken ct) =>
        {
            var body = await BodyReader.ReadAsync(http.Request, ct);
            if (!body.IsSuccess)
            {
                return body.Error!.ToProblem();
            }

            if (await visitor.OpenAsync(id, ct) is not { } visit)
            {
                return NotFound(id).ToProblem();
            }

            return (await payments.OperatorAsync(visit, body.Value!.String("phone", required: true, maxLength: 32), ct)).ToHttp();
        });

        page.MapPost("/pay", PayAsync)
            .AddEndpointFilter(OpenForPaymentAsync)
            .WithIdempotency(required: true);
    }

    /// <summary>
    /// Before the idempotency gate: opens the session, puts its merchant in scope, answers at once when the session
    /// is over or its payment still under way, and otherwise derives the attempt's idempotency key.
    /// </summary>
    private static async ValueTask<object?> OpenForPaymentAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var id = http.GetRouteValue("id") as string ?? "";
        var visit = await http.RequestServices.GetRequiredService<CheckoutVisitor>().OpenAsync(id, http.RequestAborted);
        if (visit is null)
        {
            return NotFound(id).ToProblem();
        }

        if (visit.Session.Status == CheckoutStatus.Complete)
        {
            return ApiError.InvalidState($"Checkout session {id} is already paid.").ToProblem();
        }

        if (visit.Payment is { } current && !CheckoutVisitor.EndsThePage(current.Status))
        {
            return Results.Json(PaymentResponses.ToResponse(current), HubJson.Options); // a second click: the same payment
        }

        if (visit.Session.Status == CheckoutStatus.Expired)
        {
            return Expired(id).ToProblem();
        }

        var attempt = visit.Session.Attempts + 1;
        http.Request.Headers[IdempotencyGate.Header] = $"checkout:{id}:{attempt}";
        http.Items[VisitItem] = visit;
        http.Items[AttemptItem] = attempt;
        return await next(context);
    }

    private static async Task<IResult> PayAsync(HttpContext http, CheckoutPayments payments, CancellationToken ct)
    {
        var body = await BodyReader.ReadAsync(http.Request, ct);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var visit = (CheckoutVisit)http.Items[VisitItem]!;
        var result = await payments.PayAsync(visit, body.Value!, http.Features.Get<IdempotencyKey>()!, (int)http.Items[AttemptItem]!, ct);
        return result.ToHttp(StatusCodes.Status201Created);
    }

    private static CheckoutStatusResponse Status(CheckoutVisit visit) => new(
        visit.Session.Status,
        visit.Payment is { } p ? PublicId.Format(PublicId.Payment, p.Id) : null,
        visit.Payment?.Status.ToApiString(),
        visit.Payment?.Method.ToApiString(),
        visit.Payment?.NextAction?.Type,
        visit.Payment?.NextAction?.QrCode,
        ApiTime.Format(visit.Payment?.NextAction?.ExpiresAt ?? visit.Payment?.ExpiresAt),
        visit.RedirectUrl);

    internal static ApiError NotFound(string id) => ApiError.NotFound($"No checkout session {id}.");

    /// <summary>410: the session is over and can no longer be paid; the merchant makes a new one.</summary>
    internal static ApiError Expired(string id) => new("CHECKOUT_SESSION_EXPIRED", 410, "Checkout session expired",
        $"Checkout session {id} has expired: it can no longer be paid. Ask the merchant for a new payment page.");
}

/// <summary>What the page's script polls: the session's status and its payment's, and where to go once it ended.</summary>
internal sealed record CheckoutStatusResponse(string Status, string? PaymentId, string? PaymentStatus, string? Method,
    string? NextActionType, string? QrCode, string? ExpiresAt, string? RedirectUrl);
