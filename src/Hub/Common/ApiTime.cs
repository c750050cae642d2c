using System.Globalization;

namespace Hub.Common;

/// <summary>Instants as the API writes them: UTC, milliseconds, "Z" (2026-11-22T18:00:00.000Z).</summary>
internal static class ApiTime
{
    public static string? Format(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
