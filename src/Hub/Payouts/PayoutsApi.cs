using Hub.Common;
using Hub.Idempotency;
using Hub.Tenancy;

namespace Hub.Payouts;

internal static class PayoutsApi
{
    public static void MapPayouts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/payouts").WithTags("Payouts").RequireMerchant();
        group.MapPost("/", async (HttpContext http, PayoutService payouts, CancellationToken ct) =>
            {
                var body = await BodyReader.ReadAsync(http.Request, ct);
                if (!body.IsSuccess)
                {
                    return body.Error!.ToProblem();
                }

                var result = await payouts.CreateAsync(body.Value!, http.Features.Get<IdempotencyKey>()!, ct);
                if (!result.IsSuccess)
                {
                    return result.Error!.ToProblem();
                }

                http.Response.Headers.Location = $"/v1/payouts/{result.Value!.Id}";
                return Results.Json(result.Value, HubJson.Options, statusCode: StatusCodes.Status201Created);
            })
            .WithIdempotency(required: true)
            .Accepts<CreatePayoutDocumentation>("application/json")
            .Produces<PayoutResponse>(StatusCodes.Status201Created)
            .WithSummary("Pay out to a mobile money wallet or a Pix key (Idempotency-Key required)");
        group.MapGet("/{id}", async (string id, PayoutService payouts, CancellationToken ct) => (await payouts.GetAsync(id, ct)).ToHttp())
            .Produces<PayoutResponse>()
            .WithSummary("Get a payout");
        group.MapGet("/", async (HttpRequest request, PayoutService payouts, CancellationToken ct) => (await payouts.ListAsync(request, ct)).ToHttp())
            .Produces<Page<PayoutResponse>>()
            .WithSummary("List payouts (status, provider, externalId, createdAtGte, createdAtLte, page, pageSize)");
        group.MapPost("/{id}/sync", async (string id, PayoutService payouts, CancellationToken ct) =>
            {
                if (!PublicId.TryParse(PublicId.Payout, id, out var guid))
                {
                    return ApiError.NotFound($"No payout {id}.").ToProblem();
                }

                var payout = await payouts.SyncAsync(guid, ct);
                return payout is null ? ApiError.NotFound($"No payout {id}.").ToProblem() : Results.Json(PayoutResponses.ToResponse(payout), HubJson.Options);
            })
            .Produces<PayoutResponse>()
            .WithSummary("Ask the provider for the payout's status now");
    }
}

/// <summary>The create-payout body, for the OpenAPI document.</summary>
internal sealed record CreatePayoutDocumentation(
    long Amount, string Currency, string Method, string? Provider, PayoutRecipientDocumentation Recipient,
    string? Description, string? ExternalId, Dictionary<string, string>? Metadata);

internal sealed record PayoutRecipientDocumentation(string? Phone, string? PixKey, string? Name);
