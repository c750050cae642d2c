using System.Text.Json;

namespace Hub.Common;

/// <summary>
/// The one strict check of a JSON body's raw bytes at the edge, before anything parses it into objects or stores
/// it: valid UTF-8, well-formed JSON, no duplicate member names at any depth ({"amount":1,"amount":2} is ambiguous:
/// two readers would see two different payments), no NUL or other control characters and no lone surrogates in
/// strings or names (PostgreSQL refuses U+0000 in text and jsonb), and a depth limit.
/// API requests go through it in <see cref="BodyReader"/> and the idempotency gate.
/// TODO(callbacks): CallbackIntake should call <see cref="CheckCallbackBody"/> on every callback and store the
/// callback with the refusal as its verdict instead of parsing it (issue 10, defects 4 and 5).
/// </summary>
internal static class StrictJson
{
    public const int MaxDepth = 32;

    /// <summary>Null when the body is acceptable; else the JSON path of the first problem and what is wrong there.</summary>
    public static StrictJsonError? Validate(ReadOnlySpan<byte> json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return new StrictJsonError("body", "is not valid UTF-8");
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var scopes = new Stack<Scope>();
        var path = "body";
        var current = path;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var childPath = ValuePath(scopes, path);
                        Advance(scopes);
                        scopes.Push(new Scope(childPath, reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        scopes.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var top = scopes.Peek();
                        current = top.Path;
                        var name = reader.GetString()!;
                        top.Name = name;
                        var namePath = Join(top.Path, name);
                        current = namePath;
                        if (Refusal(name) is { } nameProblem)
                        {
                            return new StrictJsonError(namePath, "has a name that " + nameProblem);
                        }

                        if (!top.Names.Add(name))
                        {
                            return new StrictJsonError(namePath, "appears more than once in the same object");
                        }

                        break;
                    case JsonTokenType.String:
                        current = ValuePath(scopes, path);
                        Advance(scopes);
                        if (Refusal(reader.GetString()!) is { } problem)
                        {
                            return new StrictJsonError(current, problem);
                        }

                        break;
                    default:
                        Advance(scopes);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return new StrictJsonError(scopes.Count > 0 ? scopes.Peek().Path : path,
                reader.CurrentDepth >= MaxDepth - 1
                    ? $"is nested deeper than {MaxDepth} levels"
                    : $"is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine})");
        }
        catch (InvalidOperationException)
        {
            // GetString on an escaped lone surrogate ("\ud800").
            return new StrictJsonError(current, "contains an invalid escape (a lone surrogate)");
        }

        return null;
    }

    /// <summary>
    /// For a provider callback: the refusal of a body that says it is JSON (or looks like it), null when it is fine or
    /// not JSON at all (a form post is the connector's to read).
    /// </summary>
    public static StrictJsonError? CheckCallbackBody(string? contentType, ReadOnlySpan<byte> body)
    {
        var trimmed = body.TrimStart(" \t\r\n"u8);
        var saysJson = contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase);
        var looksJson = trimmed.Length > 0 && trimmed[0] is (byte)'{' or (byte)'[';
        return saysJson || looksJson ? Validate(body) : null;
    }

    /// <summary>Why a string may not be stored, or null: NUL, control characters other than tab, CR and LF, lone surrogates.</summary>
    public static string? Refusal(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return "contains a NUL character (U+0000)";
            }

            if ((c < 0x20 && c is not ('\t' or '\n' or '\r')) || c == 0x7f)
            {
                return $"contains a control character (U+{(int)c:X4})";
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "contains a lone surrogate";
            }
        }

        return null;
    }

    private static string ValuePath(Stack<Scope> scopes, string root)
    {
        if (scopes.Count == 0)
        {
            return root;
        }

        var top = scopes.Peek();
        return top.IsObject ? Join(top.Path, top.Name ?? "") : $"{top.Path}[{top.Index}]";
    }

    private static void Advance(Stack<Scope> scopes)
    {
        if (scopes.Count > 0 && !scopes.Peek().IsObject)
        {
            scopes.Peek().Index++;
        }
    }

    // Paths as BodyReader names fields: "amount", "payer.phone", "metadata.note", "items[2]".
    private static string Join(string parent, string name) => parent == "body" ? name : parent + "." + name;

    private sealed class Scope(string path, bool isObject)
    {
        public string Path { get; } = path;

        public bool IsObject { get; } = isObject;

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public string? Name { get; set; }

        public int Index { get; set; }
    }
}

/// <summary>Where a body was refused (a JSON path such as "metadata.note", or "body") and why.</summary>
internal sealed record StrictJsonError(string Field, string Message)
{
    public ApiError ToApiError() => ApiError.Validation(Field, Message);
}
