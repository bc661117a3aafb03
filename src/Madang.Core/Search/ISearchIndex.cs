namespace Madang.Core.Search;

/// <summary>The kernel's full-text index. Writes join the caller's unit of work; nothing is visible until it commits.</summary>
public interface ISearchIndex
{
    /// <summary>Adds or replaces the entry for (type, key) in the current DbContext; the caller's SaveChanges commits it.</summary>
    Task UpsertAsync(SearchDocument document, CancellationToken ct = default);

    /// <summary>Upserts many documents as one upsert after another would, much faster when most are new (a reindex, an
    /// import): they are analysed in parallel and new entries are written at once through the open transaction, which
    /// must exist; the caller's SaveChanges and commit finish the rest.</summary>
    Task UpsertManyAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct = default);

    /// <summary>Loads the entries of <paramref name="keys"/> in one query, so that upserting many documents in one unit of
    /// work costs no query each.</summary>
    Task PrepareAsync(string type, IReadOnlyCollection<string> keys, CancellationToken ct = default);

    /// <summary>Removes the entry for (type, key) in the current DbContext, if there is one.</summary>
    Task RemoveAsync(string type, string key, CancellationToken ct = default);

    Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct = default);

    /// <summary>
    /// The keys of entries of <paramref name="type"/> matching <paramref name="query"/>, best first, at most
    /// <paramref name="max"/>: for a module that filters, facets and pages the matches in its own tables.
    /// </summary>
    Task<IReadOnlyList<string>> MatchKeysAsync(string type, string query, int max, CancellationToken ct = default);

    /// <summary>Titles and keywords that start with what was typed, for suggestions while typing.</summary>
    Task<IReadOnlyList<SearchSuggestion>> SuggestAsync(string prefix, int max, CancellationToken ct = default);
}
