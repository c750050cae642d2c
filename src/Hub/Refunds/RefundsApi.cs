using Hub.Common;
using Hub.Idempotency;
using Hub.Tenancy;

namespace Hub.Refunds;

internal static class RefundsApi
{
    public static void MapRefunds(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/payments").WithTags("Refunds").RequireMerchant()
            .MapPost("/{id}/refunds", async (string id, HttpContext http, RefundService refunds, CancellationToken ct) =>
            {
                var body = await BodyReader.ReadOptionalAsync(http.Request, ct);
                if (!body.IsSuccess)
                {
                    return body.Error!.ToProblem();
                }

                var result = await refunds.CreateAsync(id, body.Value!, ct);
                if (!result.IsSuccess)
                {
                    return result.Error!.ToProblem();
                }

                http.Response.Headers.Location = $"/v1/refunds/{result.Value!.Id}";
                return Results.Json(result.Value, HubJson.Options, statusCode: StatusCodes.Status201Created);
            })
            .WithIdempotency(required: false)
            .Accepts<CreateRefundDocumentation>("application/json")
            .Produces<RefundResponse>(StatusCodes.Status201Created)
            .WithSummary("Refund a paid payment, fully (no amount) or in part");

        var group = app.MapGroup("/v1/refunds").WithTags("Refunds").RequireMerchant();
        group.MapGet("/{id}", async (string id, RefundService refunds, CancellationToken ct) => (await refunds.GetAsync(id, ct)).ToHttp())
            .Produces<RefundResponse>()
            .WithSummary("Get a refund");
        group.MapGet("/", async (HttpRequest request, RefundService refunds, CancellationToken ct) =>
            (await refunds.ListAsync(request, ct)).ToHttp())
            .Produces<Page<RefundResponse>>()
            .WithSummary("List refunds (paymentId, status, createdAtGte, createdAtLte, page, pageSize)");
    }
}

/// <summary>The create-refund body, for the OpenAPI document.</summary>
internal sealed record CreateRefundDocumentation(long? Amount, string? Reason);
