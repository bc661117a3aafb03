namespace Madang.Core.Search;

/// <summary>What a module hands the index: public, masked text only.</summary>
public sealed record SearchDocument(
    string Type,
    string Key,
    string Title,
    string Body,
    string Url,
    DateTimeOffset Date,
    Guid? OrganisationId = null,
    string? Language = null);

/// <summary>A search: text plus filters and a page.</summary>
public sealed record SearchRequest
{
    public string? Query { get; init; }
    public IReadOnlyList<string> Types { get; init; } = [];
    public IReadOnlyList<Guid> OrganisationIds { get; init; } = [];
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int Offset { get; init; }
    public int Limit { get; init; } = 20;
}

/// <summary>One result: <see cref="SnippetHtml"/> is HTML-encoded text with matches in &lt;mark&gt;.</summary>
public sealed record SearchHit(string Type, string Key, string Title, string SnippetHtml, string Url, DateTimeOffset Date,
    Guid? OrganisationId, string? Language, double Score);

/// <summary>A page of results and the total number of matches.</summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, int Total, IReadOnlyDictionary<string, int> TypeCounts);
