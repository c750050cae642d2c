using Hub.Common;
using Hub.Tenancy;

namespace Hub.Webhooks;

/// <summary>/v1/webhook-endpoints (API.md, "Webhooks out"): merchant-scoped, 404 outside the scope.</summary>
internal static class WebhookEndpointsApi
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var endpoints = app.MapGroup("/v1/webhook-endpoints").WithTags("Webhook endpoints").RequireMerchant();

        endpoints.MapPost("/", async (HttpRequest request, WebhookEndpointService service, CancellationToken ct) =>
        {
            var body = await BodyReader.ReadAsync(request, ct);
            return body.IsSuccess ? (await service.CreateAsync(body.Value!, ct)).ToHttp(StatusCodes.Status201Created) : body.Error!.ToProblem();
        })
            .WithSummary("Register a webhook endpoint; the reply carries its whsec_ secret, shown only here and on rotation");

        endpoints.MapGet("/", async (HttpRequest request, WebhookEndpointService service, CancellationToken ct) =>
        {
            var page = PageRequest.From(request);
            return page.IsSuccess ? Results.Json(await service.ListAsync(page.Value!, ct), HubJson.Options) : page.Error!.ToProblem();
        })
            .WithSummary("List webhook endpoints");

        endpoints.MapGet("/{id}", async (string id, WebhookEndpointService service, CancellationToken ct) =>
            (await service.GetAsync(id, ct)).ToHttp());

        endpoints.MapPut("/{id}", async (string id, HttpRequest request, WebhookEndpointService service, CancellationToken ct) =>
        {
            var body = await BodyReader.ReadAsync(request, ct);
            return body.IsSuccess ? (await service.UpdateAsync(id, body.Value!, ct)).ToHttp() : body.Error!.ToProblem();
        })
            .WithSummary("Change url, events, description or status (active|disabled)");

        endpoints.MapDelete("/{id}", async (string id, WebhookEndpointService service, CancellationToken ct) =>
            (await service.DeleteAsync(id, ct)).ToHttp());

        endpoints.MapPost("/{id}/rotate-secret", async (string id, WebhookEndpointService service, CancellationToken ct) =>
            (await service.RotateSecretAsync(id, ct)).ToHttp())
            .WithSummary("New secret; the previous one keeps signing (as a second signature) for 24 h");

        endpoints.MapGet("/{id}/deliveries", async (string id, HttpRequest request, WebhookEndpointService service, CancellationToken ct) =>
        {
            var page = PageRequest.From(request);
            var statuses = request.Query["status"].ToString()
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (statuses.FirstOrDefault(s => s is not (WebhookDeliveryStatus.Pending or WebhookDeliveryStatus.Succeeded
                or WebhookDeliveryStatus.Failed)) is { } unknown)
            {
                return ApiError.Validation("status", $"'{unknown}' is not pending, succeeded or failed").ToProblem();
            }

            return page.IsSuccess ? (await service.ListDeliveriesAsync(id, page.Value!, statuses, ct)).ToHttp() : page.Error!.ToProblem();
        })
            .WithSummary("The endpoint's deliveries, newest event first (status filter: pending,succeeded,failed)");
    }
}
