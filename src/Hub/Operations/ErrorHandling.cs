using Hub.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace Hub.Operations;

/// <summary>
/// Every error is problem+json with a stable code: unknown routes (404), wrong methods (405), a body that is not JSON
/// (415), any other empty 4xx the framework answers, crashes (500, no stack trace).
/// </summary>
internal static partial class ErrorHandling
{
    public static void UseHubErrors(this WebApplication app)
    {
        app.UseExceptionHandler(errorApp => errorApp.Run(async http =>
        {
            var exception = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Hub.Errors");
            if (exception is BadHttpRequestException bad)
            {
                await Problems.WriteAsync(http, ApiError.Validation("request", bad.StatusCode == 413 ? "is too large" : "could not be read"));
                return;
            }

            LogUnhandled(logger, exception, http.Request.Method, http.Request.Path);
            await Problems.WriteAsync(http, ApiError.Internal());
        }));

        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.HasStarted || http.Response.ContentLength > 0 || http.Response.ContentType is not null)
            {
                return;
            }

            var error = http.Response.StatusCode switch
            {
                404 => ApiError.NotFound($"No route {http.Request.Method} {http.Request.Path}."),
                405 => ApiError.MethodNotAllowed(),
                401 => ApiError.AuthRequired(),
                415 => new ApiError("VALIDATION_ERROR", 415, "Unsupported media type", "Send the body as Content-Type: application/json.",
                    new Dictionary<string, string[]> { ["Content-Type"] = ["must be application/json"] }),
                >= 400 and < 500 => new ApiError("VALIDATION_ERROR", http.Response.StatusCode, "Bad request", "The request could not be processed as sent."),
                _ => null,
            };
            if (error is not null)
            {
                await Problems.WriteAsync(http, error);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception? exception, string method, string path);
}
