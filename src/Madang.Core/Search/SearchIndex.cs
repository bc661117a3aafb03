using System.Data.Common;
using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Madang.Core.Search;

/// <summary>The index on the same database as the content; the provider's full-text engine does matching and ranking.</summary>
public sealed partial class SearchIndex(MadangDbContext db, TimeProvider clock, IServiceProvider? services = null) : ISearchIndex
{
    private ISearchDialect Dialect => db.IsSqlite ? SqliteSearchDialect.Instance : PostgresSearchDialect.Instance;

    // (type, key) that PrepareAsync found without an entry: an upsert of one of them adds without asking the database.
    // Should another writer add one meanwhile, the unique index on (Type, Key) refuses the commit rather than doubling it.
    private readonly HashSet<(string, string)> absent = [];

    // Entries this index loaded or added in this unit of work, by (type, key). Looking one up in the change tracker's Local
    // view enumerates every tracked entity, which made a batch of n upserts cost n² (a third of a bulk build's time).
    private readonly Dictionary<(string, string), SearchEntry> known = [];

    private bool watching;

    /// <summary>
    /// Once a unit of work is saved, what this index knew of it may go stale: a worker on another connection can rewrite
    /// an entry, or remove it and add it again. A later upsert in the same context then updated a row that no longer
    /// existed and failed the whole save (a catalogue upload, while the worker processed the previous version). After
    /// each save the index forgets what it knew and detaches its entries, so the next write looks them up afresh.
    /// </summary>
    private void Watch()
    {
        if (watching)
        {
            return;
        }

        watching = true;
        db.SavedChanges += (_, _) =>
        {
            known.Clear();
            absent.Clear();
            foreach (var e in db.ChangeTracker.Entries<SearchSuggestionEntry>().Where(e => e.State == EntityState.Unchanged).ToList())
            {
                e.State = EntityState.Detached;
            }

            foreach (var e in db.ChangeTracker.Entries<SearchEntry>().Where(e => e.State == EntityState.Unchanged).ToList())
            {
                e.State = EntityState.Detached;
            }
        };
    }

    public async Task PrepareAsync(string type, IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        Watch();
        var found = await db.SearchEntries.Where(e => e.Type == type && keys.Contains(e.Key)).ToListAsync(ct);
        foreach (var entry in found)
        {
            known[(type, entry.Key)] = entry;
        }

        absent.UnionWith(keys.Except(found.Select(e => e.Key)).Select(k => (type, k)));
    }

    public Task UpsertAsync(SearchDocument document, CancellationToken ct = default) => UpsertAsync(document, 0, ct);

    /// <summary>Upserts and stamps the reindex generation; an entry whose content is unchanged is only stamped.</summary>
    internal async Task UpsertAsync(SearchDocument document, long generation, CancellationToken ct)
    {
        Watch();
        var id = (document.Type, document.Key);
        var entry = absent.Remove(id)
            ? null
            : Known(id) ?? Tracked(document.Type, document.Key)
                ?? await db.SearchEntries.FirstOrDefaultAsync(e => e.Type == document.Type && e.Key == document.Key, ct);

        var hash = Hash(document);
        if (entry is not null && entry.ContentHash == hash)
        {
            if (generation > entry.Generation)
            {
                entry.Generation = generation;
            }

            return;
        }

        await WriteAsync(entry, Prepared.Of(document, hash, Dialect), generation, ct);
    }

    /// <summary>Writes a prepared document into its tracked entry, or a new one when <paramref name="entry"/> is null.</summary>
    private async Task WriteAsync(SearchEntry? entry, Prepared prepared, long generation, CancellationToken ct)
    {
        var document = prepared.Document;
        var added = entry is null;
        if (entry is null)
        {
            entry = new SearchEntry { Type = document.Type, Key = document.Key, Title = document.Title, Url = document.Url };
            db.SearchEntries.Add(entry);
            known[(document.Type, document.Key)] = entry;
        }

        prepared.CopyTo(entry, generation, clock.GetUtcNow());
        if (!added)
        {
            // The stored terms are cleared once indexed, so equal new terms (say, emptied text) would look unchanged and
            // never reach the trigger that re-indexes: they are always written.
            var tracked = db.Entry(entry);
            if (tracked.State == EntityState.Added)
            {
                // Written twice in one unit of work: the first write's suggestions are not saved yet, and go unsaved.
                foreach (var first in db.ChangeTracker.Entries<SearchSuggestionEntry>().Where(s => s.State == EntityState.Added && s.Entity.Entry == entry).ToList())
                {
                    first.State = EntityState.Detached;
                }
            }
            else
            {
                tracked.Property(e => e.TitleTerms).IsModified = true;
                tracked.Property(e => e.BodyTerms).IsModified = true;
                db.SearchSuggestions.RemoveRange(await db.SearchSuggestions.Where(s => s.EntryId == entry.Id).ToListAsync(ct));
            }
        }

        foreach (var (normalized, text, isTitle) in prepared.Suggestions)
        {
            db.SearchSuggestions.Add(new SearchSuggestionEntry { Normalized = normalized, Text = text, IsTitle = isTitle, Entry = entry });
        }
    }

    /// <summary>What a document number or dataset name is compared by: NFKC, lower case, spaces collapsed.</summary>
    public static string NormalizeIdentifier(string text) =>
        string.Join(' ', TextAnalyzer.Normalize(text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A stable hash of everything the index keeps of a document.</summary>
    public static string Hash(SearchDocument d)
    {
        var text = string.Join('\u001f', d.Type, d.Key, d.Title, d.Body, d.Url, d.Date.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            d.Date.Offset.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), d.OrganisationId?.ToString() ?? string.Empty, d.Language ?? string.Empty,
            d.Kind ?? string.Empty, string.Join('\u001e', d.Keywords), d.Identifier ?? string.Empty);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    public async Task RemoveAsync(string type, string key, CancellationToken ct = default)
    {
        Watch();
        var entry = Known((type, key)) ?? Tracked(type, key) ?? await db.SearchEntries.FirstOrDefaultAsync(e => e.Type == type && e.Key == key, ct);
        if (entry is not null)
        {
            db.SearchEntries.Remove(entry);
            known.Remove((type, key));
        }
    }

    /// <summary>An entry this index loaded or added, unless it has since left the unit of work (a save of a deletion, a
    /// cleared tracker).</summary>
    private SearchEntry? Known((string, string) id)
    {
        if (!known.TryGetValue(id, out var entry))
        {
            return null;
        }

        if (db.Entry(entry).State is EntityState.Detached or EntityState.Deleted)
        {
            known.Remove(id);
            return null;
        }

        return entry;
    }

    /// <summary>The entry this unit of work already tracks. Without DetectChanges: an entry is tracked from its Add or its
    /// query, and its type and key never change, so a scan of every tracked entity per upsert (O(n²) in a batch) buys nothing.</summary>
    private SearchEntry? Tracked(string type, string key)
    {
        var auto = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.SearchEntries.Local.FirstOrDefault(e => e.Type == type && e.Key == key);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = auto;
        }
    }

    private static DateTimeOffset ReadDate(object value) => value switch
    {
        long ticks => new DateTimeOffset(ticks, TimeSpan.Zero),
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => throw new InvalidOperationException("Unexpected date value in search index."),
    };

    private void AddParam(DbCommand cmd, string name, object value)
    {
        // A search inside a unit of work with an open transaction reads through it (SQLite refuses a command without it).
        cmd.Transaction ??= db.Database.CurrentTransaction?.GetDbTransaction();
        var p = cmd.CreateParameter();
        p.ParameterName = Dialect.Param(name);
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
