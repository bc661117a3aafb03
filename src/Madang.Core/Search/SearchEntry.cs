namespace Madang.Core.Search;

/// <summary>One row of the kernel's search index; written in the same transaction as the content it describes.</summary>
public sealed class SearchEntry
{
    public long Id { get; set; }

    /// <summary>The searchable type a module registered (e.g. <c>release.document</c>).</summary>
    public required string Type { get; set; }

    /// <summary>The content's own key within its type.</summary>
    public required string Key { get; set; }

    public Guid? OrganisationId { get; set; }

    /// <summary>Public, already-masked title, as shown in results.</summary>
    public required string Title { get; set; }

    /// <summary>Public, already-masked text from which snippets are cut.</summary>
    public string Body { get; set; } = string.Empty;

    /// <summary>Path relative to the culture prefix, e.g. <c>documents/123</c>.</summary>
    public required string Url { get; set; }

    public string? Language { get; set; }

    /// <summary>The module's sub-kind (document type, dataset format): a facet.</summary>
    public string? Kind { get; set; }

    /// <summary>Public keywords, one per line.</summary>
    public string Keywords { get; set; } = string.Empty;

    /// <summary>The identifier (document number, dataset name) normalised as <see cref="SearchIndex.NormalizeIdentifier"/> does.</summary>
    public string? Identifier { get; set; }

    public DateTimeOffset Date { get; set; }

    /// <summary>The year of <see cref="Date"/> in its own offset: a facet.</summary>
    public int Year { get; set; }

    /// <summary>Analyzed title, keyword and identifier terms in the provider's own format (space-separated for FTS5,
    /// tsvector text for PostgreSQL).</summary>
    public string TitleTerms { get; set; } = string.Empty;

    public string BodyTerms { get; set; } = string.Empty;

    /// <summary>Hash of the <see cref="SearchDocument"/> this row was built from: an unchanged document is not analysed
    /// again, and <c>search check</c> compares it with what the module would write now.</summary>
    public string ContentHash { get; set; } = string.Empty;

    /// <summary>The reindex generation that last wrote this row (0 for ordinary writes).</summary>
    public long Generation { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A completion source: an entry's title or one of its keywords, normalised for prefix lookup.</summary>
public sealed class SearchSuggestionEntry
{
    public long Id { get; set; }

    public long EntryId { get; set; }

    /// <summary>Set when added with a new entry, so that the key is filled in on save.</summary>
    public SearchEntry? Entry { get; set; }

    /// <summary>NFKC, lower-cased, spaces collapsed: compared by prefix.</summary>
    public required string Normalized { get; set; }

    /// <summary>As shown.</summary>
    public required string Text { get; set; }

    public bool IsTitle { get; set; }
}

/// <summary>Where a <c>search reindex</c> of one type stands, so that a killed rebuild resumes instead of starting over.</summary>
public sealed class SearchReindexState
{
    public required string Type { get; set; }

    public long Generation { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public int Processed { get; set; }
}
