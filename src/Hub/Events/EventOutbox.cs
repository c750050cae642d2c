using System.Text.Json;
using Hub.Common;
using Hub.Persistence;

namespace Hub.Events;

/// <summary>
/// Builds the outbox's rows: the caller adds one to the unit of work that makes the change it reports, so the
/// change and its event are saved together (a crash loses neither); webhook delivery reads them from there.
/// </summary>
internal static class EventOutbox
{
    /// <summary>An event of <paramref name="type"/> about one object, with the object as the API shows it.</summary>
    public static EventRow New<T>(TimeProvider clock, Guid merchantId, bool livemode, string type, string objectType,
        Guid objectId, T data) => new()
    {
        Id = PublicId.NewGuid(clock),
        MerchantId = merchantId,
        Livemode = livemode,
        Type = type,
        ObjectType = objectType,
        ObjectId = objectId,
        Data = JsonSerializer.Serialize(data, HubJson.Options),
        CreatedAt = clock.GetUtcNow(),
    };
}
