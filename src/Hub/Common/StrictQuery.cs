namespace Hub.Common;

/// <summary>
/// Refuses a query string carrying NUL, other control characters or lone surrogates (a list filter
/// "?externalId=%00" would otherwise reach PostgreSQL, which refuses U+0000): 400 naming the parameter.
/// </summary>
internal static class StrictQuery
{
    public static IApplicationBuilder UseStrictQuery(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        foreach (var (name, values) in http.Request.Query)
        {
            var refusal = StrictJson.Refusal(name) is { } n ? "has a name that " + n
                : values.Select(v => v is null ? null : StrictJson.Refusal(v)).FirstOrDefault(r => r is not null);
            if (refusal is not null)
            {
                await ApiError.Validation(StrictJson.Refusal(name) is null ? name : "query", refusal).ToProblem().ExecuteAsync(http);
                return;
            }
        }

        await next(http);
    });
}
