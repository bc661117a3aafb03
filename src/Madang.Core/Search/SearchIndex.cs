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

    public async Task PrepareAsync(string type, IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        var found = await db.SearchEntries.Where(e => e.Type == type && keys.Contains(e.Key)).Select(e => e.Key).ToListAsync(ct);
        if (found.Count > 0)
        {
            await db.SearchEntries.Where(e => e.Type == type && found.Contains(e.Key)).LoadAsync(ct);
        }

        absent.UnionWith(keys.Except(found).Select(k => (type, k)));
    }

    public Task UpsertAsync(SearchDocument document, CancellationToken ct = default) => UpsertAsync(document, 0, ct);

    /// <summary>Upserts and stamps the reindex generation; an entry whose content is unchanged is only stamped.</summary>
    internal async Task UpsertAsync(SearchDocument document, long generation, CancellationToken ct)
    {
        var entry = Tracked(document.Type, document.Key);
        if (entry is null && !absent.Remove((document.Type, document.Key)))
        {
            entry = await db.SearchEntries.FirstOrDefaultAsync(e => e.Type == document.Type && e.Key == document.Key, ct);
        }

        var hash = Hash(document);
        if (entry is not null && entry.ContentHash == hash)
        {
            if (generation > entry.Generation)
            {
                entry.Generation = generation;
            }

            return;
        }

        var added = entry is null;
        if (entry is null)
        {
            entry = new SearchEntry { Type = document.Type, Key = document.Key, Title = document.Title, Url = document.Url };
            db.SearchEntries.Add(entry);
        }

        entry.Title = document.Title;
        entry.Body = document.Body;
        entry.Url = document.Url;
        // PostgreSQL keeps instants in UTC only (Npgsql refuses other offsets); the year stays the one the document shows.
        entry.Date = document.Date.ToUniversalTime();
        entry.Year = document.Date.Year;
        entry.OrganisationId = document.OrganisationId;
        entry.Language = document.Language;
        entry.Kind = document.Kind;
        entry.Keywords = string.Join('\n', document.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()));
        entry.Identifier = string.IsNullOrWhiteSpace(document.Identifier) ? null : NormalizeIdentifier(document.Identifier);
        var titleTokens = TextAnalyzer.Analyze(document.Title);
        // Keywords and the identifier weigh like the title; a gap of positions keeps a phrase from spanning two of them.
        foreach (var extra in document.Keywords.Append(document.Identifier ?? string.Empty).Where(k => !string.IsNullOrWhiteSpace(k)))
        {
            var offset = titleTokens.Count + 1;
            titleTokens.AddRange(TextAnalyzer.Analyze(extra).Select(t => t with { Position = t.Position + offset }));
        }

        entry.TitleTerms = Dialect.FormatTerms(titleTokens, title: true);
        entry.BodyTerms = Dialect.FormatTerms(TextAnalyzer.Analyze(document.Body), title: false);
        if (!added)
        {
            // The stored terms are cleared once indexed, so equal new terms (say, emptied text) would look unchanged and
            // never reach the trigger that re-indexes: they are always written.
            var tracked = db.Entry(entry);
            tracked.Property(e => e.TitleTerms).IsModified = true;
            tracked.Property(e => e.BodyTerms).IsModified = true;
        }

        entry.ContentHash = hash;
        entry.Generation = Math.Max(entry.Generation, generation);
        entry.UpdatedAt = clock.GetUtcNow();
        await SetSuggestionsAsync(entry, document, added, ct);
    }

    private async Task SetSuggestionsAsync(SearchEntry entry, SearchDocument document, bool added, CancellationToken ct)
    {
        if (!added)
        {
            var old = await db.SearchSuggestions.Where(s => s.EntryId == entry.Id).ToListAsync(ct);
            db.SearchSuggestions.RemoveRange(old);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (text, isTitle) in document.Keywords.Select(k => (k, false)).Prepend((document.Title, true)))
        {
            var normalized = NormalizeIdentifier(text);
            if (normalized.Length == 0 || !seen.Add(normalized))
            {
                continue;
            }

            var shown = text.Trim();
            var suggestion = new SearchSuggestionEntry
            {
                Normalized = normalized.Length > 200 ? normalized[..200] : normalized,
                Text = shown.Length > 200 ? shown[..200] : shown,
                IsTitle = isTitle,
                Entry = entry,
            };
            db.SearchSuggestions.Add(suggestion);
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
        var entry = Tracked(type, key) ?? await db.SearchEntries.FirstOrDefaultAsync(e => e.Type == type && e.Key == key, ct);
        if (entry is not null)
        {
            db.SearchEntries.Remove(entry);
        }
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
