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
    string? Language = null)
{
    /// <summary>The module's own sub-kind, offered as a facet: a document's type (보고, 공고 …), a dataset's format.</summary>
    public string? Kind { get; init; }

    /// <summary>Keywords and tags: weighed like the title, and offered as suggestions.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>What people type to reach exactly this item (a document number, a dataset name); an exact match comes first.</summary>
    public string? Identifier { get; init; }
}

/// <summary>The order of results.</summary>
public enum SearchSort
{
    Relevance,
    Newest,
    Oldest,
}

/// <summary>A search: text (with its own field filters) plus filters chosen from facets, and a page.</summary>
public sealed record SearchRequest
{
    /// <summary>What was typed: words, "phrases", -exclusions, OR, and dept:/type:/from:/to: filters (see <see cref="SearchQueryParser"/>).</summary>
    public string? Query { get; init; }

    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Organisations already expanded to their sub-organisations.</summary>
    public IReadOnlyList<Guid> OrganisationIds { get; init; } = [];

    public IReadOnlyList<string> Kinds { get; init; } = [];

    public IReadOnlyList<string> Languages { get; init; } = [];

    public IReadOnlyList<int> Years { get; init; } = [];

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    public int Offset { get; init; }

    public int Limit { get; init; } = 20;

    /// <summary>Facet counts cost a pass over every match: an API caller or a suggestion list that shows none asks for none.</summary>
    public bool WithFacets { get; init; } = true;
}

/// <summary>One result: <see cref="SnippetHtml"/> is HTML-encoded text with matches in &lt;mark&gt;.</summary>
public sealed record SearchHit(string Type, string Key, string Title, string SnippetHtml, string Url, DateTimeOffset Date,
    Guid? OrganisationId, string? Language, double Score)
{
    public string? Kind { get; init; }

    /// <summary>True when the query was this item's identifier typed exactly.</summary>
    public bool ExactIdentifier { get; init; }
}

/// <summary>The facet names <see cref="SearchResults.Facets"/> uses.</summary>
public static class SearchFacets
{
    public const string Type = "type";
    public const string Organisation = "organisation";
    public const string Kind = "kind";
    public const string Year = "year";
    public const string Language = "language";
}

/// <summary>One facet value and how many matches have it (organisation ids as text; the caller rolls them up its tree).</summary>
public sealed record FacetCount(string Value, int Count);

/// <summary>A page of results and the total number of matches.</summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, int Total, IReadOnlyDictionary<string, int> TypeCounts)
{
    public static readonly SearchResults Empty = new([], 0, new Dictionary<string, int>());

    /// <summary>Counts per facet value over every match (ignoring the facet's own filter, so other values stay choosable).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets { get; init; } = new Dictionary<string, IReadOnlyList<FacetCount>>();

    /// <summary>The total of a filtered, very broad query was estimated from a sample of its matches: show it as approximate.</summary>
    public bool TotalApproximate { get; init; }

    /// <summary>Facet counts were taken on an even sample of a very large result set and scaled: show them as approximate.</summary>
    public bool FacetsApproximate { get; init; }

    /// <summary>The query as understood, field filters resolved: what the page echoes back.</summary>
    public ParsedQuery? Query { get; init; }
}

/// <summary>A completion offered while typing.</summary>
/// <param name="Source"><c>title</c> or <c>keyword</c>.</param>
/// <param name="Url">For a title: the item's path relative to the culture prefix.</param>
public sealed record SearchSuggestion(string Text, string Source, string? Type, string? Url);
