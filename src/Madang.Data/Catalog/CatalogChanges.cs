using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Madang.Core.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Madang.Data.Catalog;

/// <summary>
/// A counter bumped after every save that touches the catalogue, and a short-lived cache of the unfiltered public
/// catalogue's count and facets (the landing page's question, asked far more often than the catalogue changes).
/// </summary>
public sealed class CatalogChanges(TimeProvider time)
{
    /// <summary>
    /// Even without a bump an entry lives this long: writes that skip EF's change tracker (bulk SQL, another app instance)
    /// show within this time.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long version;

    public long Version => Interlocked.Read(ref version);

    public void Bump()
    {
        Interlocked.Increment(ref version);
        entries.Clear();
    }

    /// <summary>The cached value for <paramref name="key"/> when nothing changed since it was computed and it is young enough.</summary>
    public bool TryGet(string key, out CachedFacets value)
    {
        if (entries.TryGetValue(key, out var e) && e.Version == Version && time.GetUtcNow() - e.At < MaxAge)
        {
            value = e.Value;
            return true;
        }

        value = null!;
        return false;
    }

    /// <summary>Stores a value computed from the database as it was at <paramref name="versionBefore"/> (read before the queries).</summary>
    public void Set(string key, long versionBefore, CachedFacets value)
    {
        if (versionBefore == Version)
        {
            entries[key] = new Entry(versionBefore, time.GetUtcNow(), value);
        }
    }

    private sealed record Entry(long Version, DateTimeOffset At, CachedFacets Value);
}

/// <summary>A cached count and facets of the unfiltered public catalogue.</summary>
public sealed record CachedFacets(int Count, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets);

/// <summary>Bumps <see cref="CatalogChanges"/> after a save that added, changed or removed catalogue rows or organisations.</summary>
internal sealed class CatalogChangeInterceptor(CatalogChanges changes) : SaveChangesInterceptor
{
    // After a save the entries are unchanged again: remember which contexts' saves touched the catalogue.
    private readonly ConditionalWeakTable<DbContext, object> touched = [];

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        After(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => After(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        After(eventData.Context);
        return Task.CompletedTask;
    }

    private void After(DbContext? db)
    {
        if (db is not null && touched.TryGetValue(db, out _))
        {
            touched.Remove(db);
            changes.Bump();
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // Bumped both before and after the commit: a search that read the version between the two cannot cache its (old) result.
    private void Check(DbContext? db)
    {
        if (db is null)
        {
            return;
        }

        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && (e.Entity is Organisation || e.Entity.GetType().Namespace == typeof(Domain.Dataset).Namespace))
            {
                touched.AddOrUpdate(db, this);
                changes.Bump();
                return;
            }
        }
    }
}
