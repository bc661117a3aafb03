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

    public DateTimeOffset Date { get; set; }

    /// <summary>Analyzed title terms in the provider's own format (space-separated for FTS5, tsvector text for PostgreSQL).</summary>
    public string TitleTerms { get; set; } = string.Empty;

    public string BodyTerms { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }
}
