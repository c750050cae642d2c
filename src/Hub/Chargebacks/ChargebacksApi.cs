using Hub.Common;
using Hub.Tenancy;

namespace Hub.Chargebacks;

internal static class ChargebacksApi
{
    public static void MapChargebacks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/chargebacks").WithTags("Chargebacks").RequireMerchant();
        group.MapGet("/", async (HttpRequest request, ChargebackService chargebacks, CancellationToken ct) =>
            (await chargebacks.ListAsync(request, ct)).ToHttp())
            .Produces<Page<ChargebackResponse>>()
            .WithSummary("List chargebacks (paymentId, status, page, pageSize)");
        group.MapGet("/{id}", async (string id, ChargebackService chargebacks, CancellationToken ct) => (await chargebacks.GetAsync(id, ct)).ToHttp())
            .Produces<ChargebackResponse>()
            .WithSummary("Get a chargeback");
        group.MapPost("/{id}/dispute", async (string id, HttpContext http, ChargebackService chargebacks, CancellationToken ct) =>
            {
                var body = await BodyReader.ReadAsync(http.Request, ct);
                return body.IsSuccess ? (await chargebacks.DisputeAsync(id, body.Value!, ct)).ToHttp() : body.Error!.ToProblem();
            })
            .Produces<ChargebackResponse>()
            .WithSummary("Dispute a chargeback with evidence (→ disputing)");
    }
}
