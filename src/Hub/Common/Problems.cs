using System.Diagnostics;
using System.Text.Json;

namespace Hub.Common;

/// <summary>Writes RFC 9457 problem+json with the API's stable code and a traceId. Never a stack trace.</summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult ToProblem(this ApiError error) => new ProblemResult(error);

    /// <summary>The value as the API's JSON with <paramref name="status"/>, or the error as problem+json.</summary>
    public static IResult ToHttp<T>(this Result<T> result, int status = StatusCodes.Status200OK) =>
        result.IsSuccess ? Results.Json(result.Value, HubJson.Options, statusCode: status) : result.Error!.ToProblem();

    public static Task WriteAsync(HttpContext http, ApiError error)
    {
        http.Response.StatusCode = error.Status;
        http.Response.ContentType = ContentType;
        return http.Response.WriteAsync(Serialize(error, http), http.RequestAborted);
    }

    public static string Serialize(ApiError error, HttpContext http)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"urn:connector-hub:problem:{error.Code.ToLowerInvariant()}",
            ["title"] = error.Title,
            ["status"] = error.Status,
            ["detail"] = error.Detail,
            ["code"] = error.Code,
        };
        if (error.Errors is { Count: > 0 })
        {
            body["errors"] = error.Errors;
        }

        body["traceId"] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        return JsonSerializer.Serialize(body, HubJson.Options);
    }

    private sealed class ProblemResult(ApiError error) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public int? StatusCode => error.Status;

        public string ContentType => Problems.ContentType;

        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, error);
    }
}
