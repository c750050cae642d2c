using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Simulators.Kit;

/// <summary>Building WireMock replies and reading requests, for simulators and the /__sim controls alike.</summary>
public static class SimWire
{
    /// <summary>Reads <c>Basic base64(user:secret)</c> as providers' token endpoints take it; false for anything else.</summary>
    public static bool TryReadBasic(string? authorization, out string user, out string secret)
    {
        user = secret = "";
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            user = decoded[..colon];
            secret = decoded[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>camelCase, and '&amp;', '&lt;' and non-ASCII kept as sent, like the providers' own JSON.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ResponseMessage Empty(int status) => new() { StatusCode = status };

    /// <summary>A body sent byte for byte as given.</summary>
    public static ResponseMessage Raw(int status, string body, string contentType = "application/json; charset=utf-8")
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        response.AddHeader("Content-Type", contentType);
        return response;
    }

    public static ResponseMessage Object<T>(int status, T value) => Raw(status, JsonSerializer.Serialize(value, Json));

    /// <summary>An RFC 9457 problem with a stable <paramref name="code"/>: how every /__sim control refuses.</summary>
    public static ResponseMessage Problem(int status, string code, string detail) => Raw(
        status,
        JsonSerializer.Serialize(new { type = "about:blank", title = code, status, code, detail }, Json),
        "application/problem+json; charset=utf-8");

    public static string? Header(IRequestMessage request, string name)
    {
        if (request.Headers is null)
        {
            return null;
        }

        foreach (var (key, values) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return values.Count > 0 ? values[0] : null;
            }
        }

        return null;
    }

    /// <summary>The body as sent (the kit turns WireMock's JSON parsing off, so it is never re-serialized).</summary>
    public static string Body(IRequestMessage request) =>
        request.Body ?? (request.BodyAsBytes is { } bytes ? Encoding.UTF8.GetString(bytes) : "");

    /// <summary>The last nine digits of a phone, so 46733123450 and +46 733 123 450 match alike; null if fewer.</summary>
    public static string? LastNineDigits(string? phone)
    {
        if (phone is null)
        {
            return null;
        }

        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length >= 9 ? digits[^9..] : null;
    }

    /// <summary>Reads a JSON body as <typeparamref name="T"/>; an empty body reads as <c>{}</c>.</summary>
    public static bool TryRead<T>(IRequestMessage request, out T value, out IResponseMessage problem)
    {
        value = default!;
        problem = null!;
        try
        {
            var body = Body(request);
            if (JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(body) ? "{}" : body, Json) is { } parsed)
            {
                value = parsed;
                return true;
            }
        }
        catch (JsonException ex)
        {
            problem = Problem(400, "INVALID_CONTROL", ex.Message);
            return false;
        }

        problem = Problem(400, "INVALID_CONTROL", "a JSON object is required.");
        return false;
    }
}
