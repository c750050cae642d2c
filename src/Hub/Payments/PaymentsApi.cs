using Hub.Common;
using Hub.Idempotency;
using Hub.Tenancy;

namespace Hub.Payments;

internal static class PaymentsApi
{
    public static void MapPayments(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/v1/payments").WithTags("Payments").RequireMerchant();

        payments.MapPost("/", CreateAsync)
            .WithIdempotency(required: true)
            .Accepts<CreatePaymentDocumentation>("application/json")
            .Produces<PaymentResponse>(StatusCodes.Status201Created)
            .WithSummary("Create a payment (Idempotency-Key required)");

        payments.MapGet("/{id}", async (string id, PaymentQueries queries, CancellationToken ct) =>
            (await queries.GetAsync(id, ct)).ToHttp())
            .Produces<PaymentResponse>()
            .WithSummary("Get a payment");

        payments.MapGet("/", async (HttpRequest request, PaymentQueries queries, CancellationToken ct) =>
            (await queries.ListAsync(request, ct)).ToHttp())
            .Produces<Page<PaymentResponse>>()
            .WithSummary("List payments (status, method, provider, externalId, createdAtGte, createdAtLte, page, pageSize)");

        payments.MapPost("/{id}/sync", async (string id, PaymentSync sync, CancellationToken ct) =>
            (await sync.SyncAsync(id, PaymentStateMachine.SourceSync, ct)).ToHttp())
            .Produces<PaymentResponse>()
            .WithSummary("Ask the provider for the payment's status now");

        payments.MapPost("/{id}/cancel", async (string id, PaymentOperations operations, CancellationToken ct) =>
            (await operations.CancelAsync(id, ct)).ToHttp())
            .WithIdempotency(required: false)
            .Produces<PaymentResponse>()
            .WithSummary("Cancel a payment not yet paid, where the provider can (409 CANCEL_NOT_SUPPORTED where it cannot)");

        payments.MapPost("/{id}/capture", async (string id, HttpContext http, PaymentOperations operations, CancellationToken ct) =>
            {
                var body = await BodyReader.ReadOptionalAsync(http.Request, ct);
                return body.IsSuccess ? (await operations.CaptureAsync(id, body.Value!, ct)).ToHttp() : body.Error!.ToProblem();
            })
            .WithIdempotency(required: false)
            .Produces<PaymentResponse>()
            .WithSummary("Capture an authorized payment, fully or in part (once)");

        payments.MapPost("/{id}/approve", async (string id, PaymentOperations operations, CancellationToken ct) =>
            (await operations.DecideAsync(id, approve: true, null, ct)).ToHttp())
            .WithIdempotency(required: false)
            .Produces<PaymentResponse>()
            .WithSummary("Approve a manual payment under review (→ paid)");

        payments.MapPost("/{id}/reject", async (string id, HttpContext http, PaymentOperations operations, CancellationToken ct) =>
            {
                var body = await BodyReader.ReadOptionalAsync(http.Request, ct);
                return body.IsSuccess ? (await operations.DecideAsync(id, approve: false, body.Value!, ct)).ToHttp() : body.Error!.ToProblem();
            })
            .WithIdempotency(required: false)
            .Produces<PaymentResponse>()
            .WithSummary("Reject a manual payment under review (→ failed, payer_declined)");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, PaymentCreator creator, CancellationToken ct)
    {
        var body = await BodyReader.ReadAsync(http.Request, ct);
        if (!body.IsSuccess)
        {
            return body.Error!.ToProblem();
        }

        var result = await creator.CreateAsync(body.Value!, http.Features.Get<IdempotencyKey>()!, ct);
        return result.IsSuccess
            ? Results.Json(result.Value, HubJson.Options, statusCode: StatusCodes.Status201Created)
                .WithLocation($"/v1/payments/{result.Value!.Id}")
            : result.Error!.ToProblem();
    }

    private static IResult WithLocation(this IResult result, string location) => new LocationResult(result, location);

    private sealed class LocationResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>The create-payment body, for the OpenAPI document only (the endpoint reads JSON field by field).</summary>
internal sealed record CreatePaymentDocumentation(
    long Amount, string Currency, string Method, string? Provider, string? Country, PayerDocumentation? Payer,
    CardDocumentation? Card, bool? Capture, int? Installments, string? Description, string? ExternalId,
    Dictionary<string, string>? Metadata, int? ExpiresInSeconds, string? ReturnUrl, string? IdempotencyKey,
    bool? ThreeDSecure, string? TransactionReference, string? Notes, List<SplitDocumentation>? Splits,
    Dictionary<string, string>? Pix);

internal sealed record SplitDocumentation(string MerchantId, long Amount, bool? ChargeFees);

internal sealed record PayerDocumentation(string? Phone, string? Name, string? Email, string? DocumentType, string? DocumentNumber);

internal sealed record CardDocumentation(string Number, int ExpMonth, int ExpYear, string? Cvc, string? HolderName);
