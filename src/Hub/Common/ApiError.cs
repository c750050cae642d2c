namespace Hub.Common;

/// <summary>The API's stable error codes with their HTTP status (API.md, Conventions).</summary>
internal sealed record ApiError(string Code, int Status, string Title, string Detail,
    IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static ApiError AuthRequired(string detail = "Send Authorization: Bearer {keyId}.{secret} or Basic.") =>
        new("AUTH_REQUIRED", 401, "Authentication required", detail);

    public static ApiError AuthInvalid(string detail = "The API key is unknown, revoked or malformed.") =>
        new("AUTH_INVALID", 401, "Invalid API key", detail);

    public static ApiError Forbidden(string detail) => new("FORBIDDEN", 403, "Forbidden", detail);

    public static ApiError NotFound(string detail = "No such object.") => new("NOT_FOUND", 404, "Not found", detail);

    public static ApiError Validation(IReadOnlyDictionary<string, string[]> errors, string detail = "The request is not valid.") =>
        new("VALIDATION_ERROR", 400, "Validation error", detail, errors);

    public static ApiError Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, $"{field}: {message}");

    public static ApiError IdempotencyKeyRequired() => new("IDEMPOTENCY_KEY_REQUIRED", 400, "Idempotency key required",
        "Send an Idempotency-Key header (1 to 255 characters) so that a retry cannot create a second payment.");

    public static ApiError IdempotencyKeyReused() => new("IDEMPOTENCY_KEY_REUSED", 422, "Idempotency key reused",
        "This Idempotency-Key was already used with a different request body.");

    public static ApiError IdempotencyKeyInUse() => new("IDEMPOTENCY_KEY_IN_USE", 409, "Idempotency key in use",
        "A request with this Idempotency-Key is still being processed; retry after it completes.");

    public static ApiError InvalidState(string detail) => new("INVALID_STATE", 409, "Invalid state", detail);

    public static ApiError NoRoute(string detail) => new("NO_ROUTE", 422, "No route", detail);

    public static ApiError RefundExceedsPayment(string detail) => new("REFUND_EXCEEDS_PAYMENT", 422, "Refund exceeds payment", detail);

    public static ApiError RefundNotSupported(string detail) => new("REFUND_NOT_SUPPORTED", 409, "Refund not supported", detail);

    public static ApiError CancelNotSupported(string detail) => new("CANCEL_NOT_SUPPORTED", 409, "Cancel not supported", detail);

    public static ApiError ProviderUnavailable(string detail) => new("PROVIDER_UNAVAILABLE", 503, "Provider unavailable", detail);

    public static ApiError ProviderError(string detail) => new("PROVIDER_ERROR", 502, "Provider error", detail);

    public static ApiError SignatureInvalid(string detail) => new("SIGNATURE_INVALID", 401, "Signature invalid", detail);

    public static ApiError RateLimitExceeded(int limit, int retryAfterSeconds) => new("RATE_LIMIT_EXCEEDED", 429,
        "Rate limit exceeded", $"This key made more than {limit} requests in the current window; retry in {retryAfterSeconds} s.");

    public static ApiError CallbackRateLimitExceeded(int limit, int retryAfterSeconds) => new("RATE_LIMIT_EXCEEDED", 429,
        "Rate limit exceeded", $"This source posted more than {limit} callbacks to this connector in the current window; retry in {retryAfterSeconds} s.");

    public static ApiError ServiceUnavailable() => new("SERVICE_UNAVAILABLE", 503, "Service unavailable",
        "The hub cannot reach its database right now. Retry with the same Idempotency-Key: a request that got this far is resumed, never run twice.");

    public static ApiError CheckoutRateLimitExceeded(int limit, int retryAfterSeconds) => new("RATE_LIMIT_EXCEEDED", 429,
        "Rate limit exceeded", $"This address made more than {limit} checkout requests in the current window; retry in {retryAfterSeconds} s.");

    public static ApiError Internal() => new("INTERNAL_ERROR", 500, "Internal error",
        "Something went wrong on our side. Quote the traceId if you contact support.");

    public static ApiError MethodNotAllowed() => new("NOT_FOUND", 405, "Method not allowed",
        "This path does not accept that HTTP method.");
}

/// <summary>Either a value or an <see cref="ApiError"/>: expected failures are results, not exceptions.</summary>
internal readonly record struct Result<T>
{
    private Result(T? value, ApiError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public ApiError? Error { get; }

    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(ApiError error) => new(default, error);
}
