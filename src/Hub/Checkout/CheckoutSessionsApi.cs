using Hub.Common;
using Hub.Idempotency;
using Hub.Tenancy;

namespace Hub.Checkout;

/// <summary>
/// POST /v1/checkout-sessions and GET /v1/checkout-sessions/{id}: a merchant asks the hub for a hosted payment page
/// (as Stripe Checkout), sends its payer to the session's url, and reads the session (and its payment) back.
/// </summary>
internal static class CheckoutSessionsApi
{
    public static void MapCheckoutSessions(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/v1/checkout-sessions").WithTags("Checkout").RequireMerchant();

        sessions.MapPost("/", CreateAsync)
            .WithIdempotency(required: false)
            .Accepts<CreateCheckoutSessionDocumentation>("application/json")
            .Produces<CheckoutSessionResponse>(StatusCodes.Status201Created)
            .WithSummary("Create a hosted checkout session (Idempotency-Key honoured): its url is the payer's page");

        sessions.MapGet("/{id}", async (string id, CheckoutSessionService service, CancellationToken ct) =>
            (await service.GetAsync(id, ct)).ToHttp())
            .Produces<CheckoutSessionResponse>()
            .WithSummary("Get a checkout session: status open, complete or expired, and its payment once made");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CheckoutSessionService service, CancellationToken ct)
    {
        var body = await BodyReader.ReadAsync(http.Request, ct);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var result = await service.CreateAsync(body.Value!, ct);
        if (!result.IsSuccess)
        {
            return result.Error!.ToProblem();
        }

        http.Response.Headers.Location = $"/v1/checkout-sessions/{result.Value!.Id}";
        return Results.Json(result.Value, HubJson.Options, statusCode: StatusCodes.Status201Created);
    }
}

/// <summary>The create-session body, for the OpenAPI document only (the endpoint reads JSON field by field).</summary>
internal sealed record CreateCheckoutSessionDocumentation(
    long Amount, string Currency, string ReturnUrl, string? Description, string? ExternalId, List<string>? Methods,
    CheckoutPayer? Payer, int? ExpiresInSeconds, string? IdempotencyKey);
