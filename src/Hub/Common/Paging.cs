namespace Hub.Common;

/// <summary>page (from 1) and pageSize (1..100, default 20), as every list takes them.</summary>
internal sealed record PageRequest(int Page, int PageSize)
{
    public int Skip => (Page - 1) * PageSize;

    public static Result<PageRequest> From(HttpRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var page = Read(request, "page", 1, 1, int.MaxValue / 100, errors);
        var size = Read(request, "pageSize", 20, 1, 100, errors);
        return errors.Count > 0 ? ApiError.Validation(errors) : new PageRequest(page, size);
    }

    private static int Read(HttpRequest request, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || value < min || value > max)
        {
            errors[name] = [$"must be an integer from {min} to {max}"];
            return fallback;
        }

        return value;
    }
}

/// <summary>The list reply: { data, pagination }.</summary>
internal sealed record Page<T>(IReadOnlyList<T> Data, PaginationInfo Pagination)
{
    public Page(IReadOnlyList<T> data, PageRequest page, int total)
        : this(data, new PaginationInfo(page.Page, page.PageSize, total,
            (int)Math.Ceiling(total / (double)page.PageSize), page.Page * page.PageSize < total, page.Page > 1))
    {
    }
}

internal sealed record PaginationInfo(int Page, int PageSize, int Total, int TotalPages, bool HasNext, bool HasPrev);

/// <summary>The filters every list shares besides paging.</summary>
internal static class ListFilters
{
    /// <summary>createdAtGte / createdAtLte as ISO 8601 (UTC when no offset is given); problems go to <paramref name="errors"/>.</summary>
    public static (DateTimeOffset? Gte, DateTimeOffset? Lte) CreatedRange(HttpRequest request, Dictionary<string, string[]> errors) =>
        (Time(request, "createdAtGte", errors), Time(request, "createdAtLte", errors));

    private static DateTimeOffset? Time(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        errors[name] = ["must be an ISO 8601 timestamp (2026-11-22T18:00:00Z)"];
        return null;
    }
}
