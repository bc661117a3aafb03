using Madang.Dashboards.Domain;
using Microsoft.Extensions.Caching.Memory;

namespace Madang.Dashboards.Cards;

/// <summary>
/// What every reader of a busy dashboard would otherwise make again: the region's definition, its resources' versions
/// (for a few seconds) and each card as drawn (for as long as its definition and data stay the same). A warm page asks
/// the database nothing. Edits on this node show at once; other nodes and new data versions within <see cref="Fresh"/>.
/// </summary>
public sealed class DashboardCache : IDisposable
{
    // Its own cache, bounded by entries (one region, one resource's version or one drawn card each), so that its size
    // limit binds no other user of a shared IMemoryCache.
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    /// <summary>How long a region's definition and its resources' versions are trusted before they are read again.</summary>
    public static TimeSpan Fresh { get; set; } = TimeSpan.FromSeconds(5);

    public async Task<T> GetAsync<T>(string key, TimeSpan? fresh, Func<Task<T>> make)
    {
        if (cache.TryGetValue(key, out T? hit) && hit is not null)
        {
            return hit;
        }

        var value = await make();
        using var entry = cache.CreateEntry(key);
        entry.Value = value;
        entry.Size = 1;
        if (fresh is { } f)
        {
            entry.AbsoluteExpirationRelativeToNow = f;
        }
        else
        {
            entry.SlidingExpiration = TimeSpan.FromMinutes(10);
        }

        return value;
    }

    public void ForgetRegion(string slug) => cache.Remove(RegionKey(slug));

    public static string RegionKey(string slug) => "dashboards:region:" + slug;

    public void Dispose() => cache.Dispose();
}
