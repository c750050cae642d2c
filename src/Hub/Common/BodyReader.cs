using System.Globalization;
using System.Text.Json;

namespace Hub.Common;

/// <summary>
/// Reads a JSON request body field by field and collects every problem under the field's JSON path, so that a
/// client sees all of them at once ("amount": ["must be an integer in minor units"]).
/// </summary>
internal sealed class BodyReader
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    private BodyReader(JsonElement root, string prefix)
    {
        Root = root;
        Prefix = prefix;
    }

    public JsonElement Root { get; }

    public string Prefix { get; }

    public bool HasErrors => _errors.Count > 0;

    public static async Task<Result<BodyReader>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, ct);
        var bytes = copy.GetBuffer().AsMemory(0, (int)copy.Length);
        if (StrictJson.Validate(bytes.Span) is { } refused)
        {
            return refused.ToApiError();
        }

        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiError.Validation("body", "must be a JSON object");
            }

            return new BodyReader(doc.RootElement.Clone(), "");
        }
        catch (JsonException ex)
        {
            return ApiError.Validation("body", $"is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine})");
        }
    }

    /// <summary>A reader over a JSON object the hub built itself (the hosted checkout's payment request).</summary>
    public static BodyReader FromObject(JsonElement root) => root.ValueKind == JsonValueKind.Object
        ? new BodyReader(root.Clone(), "")
        : throw new ArgumentException("must be a JSON object", nameof(root));

    /// <summary>Like <see cref="ReadAsync"/>, but a request without a body reads as <c>{}</c> (every field optional).</summary>
    public static Task<Result<BodyReader>> ReadOptionalAsync(HttpRequest request, CancellationToken ct) =>
        request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any())
            ? Task.FromResult<Result<BodyReader>>(new BodyReader(JsonDocument.Parse("{}").RootElement.Clone(), ""))
            : ReadAsync(request, ct);

    public IReadOnlyDictionary<string, string[]> Errors =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public ApiError ToError() => ApiError.Validation(Errors,
        string.Join("; ", _errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));

    public void AddError(string field, string message)
    {
        var key = Prefix + field;
        if (!_errors.TryGetValue(key, out var list))
        {
            _errors[key] = list = [];
        }

        list.Add(message);
    }

    public bool Has(string name) => Root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public string? String(string name, bool required = false, int maxLength = 1000)
    {
        if (!Root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                AddError(name, "is required");
            }

            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            AddError(name, "must be a string");
            return null;
        }

        var s = v.GetString()!;
        if (required && string.IsNullOrWhiteSpace(s))
        {
            AddError(name, "must not be empty");
            return null;
        }

        if (s.Length > maxLength)
        {
            AddError(name, $"must be at most {maxLength} characters");
            return null;
        }

        return s;
    }

    /// <summary>An integer; 12.5, "12" or 1e3 are refused (money is an integer in minor units).</summary>
    public long? Integer(string name, bool required = false, string message = "must be an integer")
    {
        if (!Root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                AddError(name, "is required");
            }

            return null;
        }

        var raw = v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null;
        if (raw is null || raw.AsSpan().IndexOfAny(".eE") >= 0
            || !long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            AddError(name, message);
            return null;
        }

        return value;
    }

    public bool? Bool(string name)
    {
        if (!Root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            AddError(name, "must be true or false");
            return null;
        }

        return v.GetBoolean();
    }

    /// <summary>A nested object read with the same error list, its fields prefixed "name.".</summary>
    public BodyReader? Object(string name, bool required = false)
    {
        if (!Root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                AddError(name, "is required");
            }

            return null;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            AddError(name, "must be an object");
            return null;
        }

        return new BodyReader(v, Prefix + name + ".", _errors);
    }

    /// <summary>An object of scalar values, kept as strings (credentials, settings, metadata).</summary>
    public Dictionary<string, string>? StringMap(string name, int maxEntries = 50, int maxValueLength = 2000)
    {
        var nested = Object(name);
        if (nested is null)
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in nested.Root.EnumerateObject())
        {
            string? value = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => p.Value.GetRawText(),
                _ => null,
            };
            if (value is null)
            {
                nested.AddError(p.Name, "must be a string, number or boolean");
            }
            else if (value.Length > maxValueLength)
            {
                nested.AddError(p.Name, $"must be at most {maxValueLength} characters");
            }
            else
            {
                map[p.Name] = value;
            }
        }

        if (map.Count > maxEntries)
        {
            AddError(name, $"must have at most {maxEntries} entries");
        }

        return map;
    }

    private BodyReader(JsonElement root, string prefix, Dictionary<string, List<string>> errors) : this(root, prefix)
    {
        _errors = errors;
    }
}
