using Hub.Common;
using Hub.Tenancy;

namespace Hub.ConnectorAccounts;

internal static class ConnectorAccountsApi
{
    public static void MapConnectorAccounts(this IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/v1/connector-accounts").WithTags("Connector accounts").RequireMerchant();

        accounts.MapPost("/", async (HttpRequest request, ConnectorAccountService service, CancellationToken ct) =>
        {
            var body = await BodyReader.ReadAsync(request, ct);
            return body.IsSuccess ? (await service.CreateAsync(body.Value!, ct)).ToHttp(StatusCodes.Status201Created) : body.Error!.ToProblem();
        })
            .WithSummary("Create a connector account (credentials are write-only)");

        accounts.MapGet("/", async (HttpRequest request, ConnectorAccountService service, CancellationToken ct) =>
        {
            var page = PageRequest.From(request);
            return page.IsSuccess ? Results.Json(await service.ListAsync(page.Value!, ct), HubJson.Options) : page.Error!.ToProblem();
        })
            .WithSummary("List connector accounts");

        accounts.MapGet("/{id}", async (string id, ConnectorAccountService service, CancellationToken ct) =>
            (await service.GetAsync(id, ct)).ToHttp());

        accounts.MapPut("/{id}", async (string id, HttpRequest request, ConnectorAccountService service, CancellationToken ct) =>
        {
            var body = await BodyReader.ReadAsync(request, ct);
            return body.IsSuccess ? (await service.UpdateAsync(id, body.Value!, ct)).ToHttp() : body.Error!.ToProblem();
        });

        accounts.MapDelete("/{id}", async (string id, ConnectorAccountService service, CancellationToken ct) =>
            (await service.DeleteAsync(id, ct)).ToHttp());
    }
}
