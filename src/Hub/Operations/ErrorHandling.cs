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

            if (IsDatabaseUnavailable(exception))
            {
                // Nothing was half-written (a transaction that cannot reach the database commits nothing) and the
                // idempotency key stays free to retry: a 503 the client retries, not a 500 it reports.
                LogDatabaseUnavailable(logger, http.Request.Method, http.Request.Path, exception!.GetBaseException().Message);
                http.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(http, ApiError.ServiceUnavailable());
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

    /// <summary>
    /// Whether the database could not be reached or is going away (refused or broken connection, a server shutting
    /// down or starting up, no connection slot left), anywhere in the exception's chain (EF wraps Npgsql's).
    /// </summary>
    internal static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.PostgresException pg:
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                        || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) // admin shutdown, crash shutdown, cannot connect now
                        || pg.SqlState == "53300"; // too many connections
                case Npgsql.NpgsqlException { IsTransient: true }: // a socket, I/O or timeout failure underneath
                    return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable on {Method} {Path}: {Reason}; answered 503")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception? exception, string method, string path);
}
