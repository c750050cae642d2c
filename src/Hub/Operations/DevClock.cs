using Hub.Common;

namespace Hub.Operations;

/// <summary>
/// Development mode's movable clock (issue 12's one clock): the system clock plus an offset that only moves forward.
/// <c>POST /__dev/clock/advance {"seconds"}</c> moves it, and <c>tools/sim clock advance</c> moves it together with every
/// simulator's, so a 24-hour expiry or webhook retry plays out in seconds. Absent outside development.
/// </summary>
internal sealed class DevClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public TimeSpan Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        return TimeSpan.FromTicks(Interlocked.Add(ref _offsetTicks, by.Ticks));
    }

    public static void MapDevClock(WebApplication app)
    {
        if (!app.Environment.IsDevelopment() || app.Services.GetService<TimeProvider>() is not DevClock clock)
        {
            return;
        }

        var group = app.MapGroup("/__dev/clock").WithTags("Development").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/", () => Results.Json(new { now = Common.ApiTime.Format(clock.GetUtcNow()), offsetSeconds = (long)clock.Offset.TotalSeconds }));
        group.MapPost("/advance", async Task<IResult> (HttpContext http, CancellationToken ct) =>
        {
            var body = await Common.BodyReader.ReadAsync(http.Request, ct);
            if (!body.IsSuccess)
            {
                return body.Error!.ToProblem();
            }

            var seconds = body.Value!.Integer("seconds", required: true);
            if (seconds is < 0 or > 10L * 365 * 24 * 3600)
            {
                body.Value.AddError("seconds", "must be from 0 to ten years of seconds");
            }

            if (body.Value.HasErrors)
            {
                return body.Value.ToError().ToProblem();
            }

            var offset = clock.Advance(TimeSpan.FromSeconds(seconds!.Value));
            return Results.Json(new { now = Common.ApiTime.Format(clock.GetUtcNow()), offsetSeconds = (long)offset.TotalSeconds });
        });
    }
}
