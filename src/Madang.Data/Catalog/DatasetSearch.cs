using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Catalog;

/// <summary>A catalogue search: text, facet filters, visibility, sort and a page (what <c>/datasets</c> and package_search ask).</summary>
public sealed record DatasetSearchQuery
{
    public string? Q { get; init; }

    /// <summary>Organisation codes; a dataset matches when its organisation is any of them.</summary>
    public IReadOnlyList<string> Organisations { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Resource formats (CSV, XLSX …); a dataset matches when one of its resources has any of them.</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    public IReadOnlyList<string> Licenses { get; init; } = [];

    public IReadOnlyList<string> Themes { get; init; } = [];

    /// <summary>Dataset names (CKAN's <c>fq=name:…</c>); a dataset matches when it has any of them.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>Also private and draft datasets of these organisations (a publisher's own view).</summary>
    public IReadOnlyList<Guid> PrivateOf { get; init; } = [];

    /// <summary>Only the local copies harvested from this source.</summary>
    public Guid? HarvestSourceId { get; init; }

    public DatasetSort Sort { get; init; } = DatasetSort.Relevance;

    /// <summary>The language titles are sorted in.</summary>
    public string Culture { get; init; } = "ko";

    public int Offset { get; init; }

    public int Limit { get; init; } = 20;

    /// <summary>Facets to count, by name (see <see cref="DatasetSearch.FacetNames"/>); empty for none.</summary>
    public IReadOnlyList<string> FacetFields { get; init; } = [];

    public int FacetLimit { get; init; } = 50;
}

/// <summary>The orders a catalogue search can be sorted in.</summary>
public enum DatasetSort
{
    /// <summary>Best match first when there is text, else most recently modified.</summary>
    Relevance,
    ModifiedDesc,
    ModifiedAsc,
    CreatedDesc,
    CreatedAsc,
    NameAsc,
    NameDesc,
    TitleAsc,
    TitleDesc,
}

/// <summary>A page of datasets (with tags, themes and resources loaded), the total and the facet counts.</summary>
public sealed record DatasetSearchResult(int Count, IReadOnlyList<Dataset> Results, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets);

/// <summary>One facet value and how many matching datasets have it.</summary>
public sealed record FacetValue(string Name, int Count);

/// <summary>Searches the catalogue: kernel full text (CJK-aware) for the words, the module's own tables for filters and facets.</summary>
public sealed class DatasetSearch(MadangDbContext db, ISearchIndex index, CatalogChanges changes)
{
    public const string OrganisationFacet = "organization";
    public const string TagFacet = "tags";
    public const string FormatFacet = "res_format";
    public const string LicenseFacet = "license_id";
    public const string ThemeFacet = "groups";

    public static readonly IReadOnlyList<string> FacetNames = [OrganisationFacet, TagFacet, FormatFacet, LicenseFacet, ThemeFacet];

    /// <summary>At most this many text matches are considered (beyond it, a query is too broad to page through by relevance).</summary>
    public const int MaxTextMatches = 10_000;

    public async Task<DatasetSearchResult> SearchAsync(DatasetSearchQuery query, CancellationToken ct = default)
    {
        var filtered = db.Set<Dataset>().AsNoTracking().Where(d => d.DeletedAt == null);
        filtered = query.PrivateOf.Count == 0
            ? filtered.Where(d => d.State == DatasetState.Published)
            : filtered.Where(d => d.State == DatasetState.Published || query.PrivateOf.Contains(d.OrganisationId));

        List<Guid>? ranked = null;
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var keys = await index.MatchKeysAsync(CatalogService.SearchType, query.Q, MaxTextMatches, ct);
            ranked = keys.Select(k => Guid.TryParse(k, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
            // Private datasets are not in the index (it holds public text only); a publisher's own are matched by title.
            if (query.PrivateOf.Count > 0)
            {
                var q = query.Q.Trim();
                var own = await filtered.Where(d => d.State != DatasetState.Published && query.PrivateOf.Contains(d.OrganisationId)
                        && (d.Name.Contains(q) || d.Title.Ko!.Contains(q) || d.Title.En!.Contains(q) || d.Title.Ja!.Contains(q)
                            || d.Title.ZhHans!.Contains(q) || d.Title.ZhHant!.Contains(q)))
                    .Select(d => d.Id).ToListAsync(ct);
                ranked.AddRange(own.Except(ranked));
            }

            filtered = filtered.Where(d => ranked.Contains(d.Id));
        }

        if (query.Organisations.Count > 0)
        {
            var orgIds = db.Organisations.Where(o => query.Organisations.Contains(o.Code)).Select(o => o.Id);
            filtered = filtered.Where(d => orgIds.Contains(d.OrganisationId));
        }

        // IN (ids with the tag) rather than EXISTS per dataset: the database starts from the tag's index, not from every dataset.
        foreach (var tag in query.Tags)
        {
            var tagged = db.Set<DatasetTag>().Where(t => t.Name == tag).Select(t => t.DatasetId);
            filtered = filtered.Where(d => tagged.Contains(d.Id));
        }

        foreach (var theme in query.Themes)
        {
            var themed = db.Set<DatasetTheme>().Where(t => t.Code == theme).Select(t => t.DatasetId);
            filtered = filtered.Where(d => themed.Contains(d.Id));
        }

        if (query.Formats.Count > 0)
        {
            var formats = query.Formats.Select(f => f.ToUpperInvariant()).ToList();
            // One pass over the resources into a set (no index on the format), not a probe per dataset.
            var withFormat = db.Set<DataResource>().Where(r => r.DeletedAt == null && formats.Contains(r.Format!)).Select(r => r.DatasetId);
            filtered = filtered.Where(d => withFormat.Contains(d.Id));
        }

        if (query.Licenses.Count > 0)
        {
            filtered = filtered.Where(d => query.Licenses.Contains(d.LicenseId!));
        }

        if (query.Names.Count > 0)
        {
            filtered = filtered.Where(d => query.Names.Contains(d.Name));
        }

        if (query.HarvestSourceId is { } source)
        {
            filtered = filtered.Where(d => d.HarvestSourceId == source);
        }

        var limit = Math.Max(0, query.Limit);
        var offset = Math.Max(0, query.Offset);
        var facetNames = query.FacetFields.Distinct(StringComparer.Ordinal).Where(FacetNames.Contains).ToList();
        var take = Math.Clamp(query.FacetLimit, 1, 1000);

        // The unfiltered public catalogue (the landing page): its count and facets change far less often than they are asked.
        var plain = ranked is null && query.Organisations.Count == 0 && query.Tags.Count == 0 && query.Themes.Count == 0
            && query.Formats.Count == 0 && query.Licenses.Count == 0 && query.Names.Count == 0 && query.PrivateOf.Count == 0
            && query.HarvestSourceId is null;
        var cacheKey = string.Join(',', facetNames) + "|" + take.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var versionBefore = changes.Version;
        CachedFacets? cached = null;
        if (plain && changes.TryGet(cacheKey, out var hit))
        {
            cached = hit;
        }

        // One read of the matching rows gives the count, the rank order's filter and the organisation and licence facets.
        var needRows = cached is null
            && ((ranked is not null && query.Sort == DatasetSort.Relevance) || facetNames.Contains(OrganisationFacet) || facetNames.Contains(LicenseFacet));
        var rows = needRows ? await filtered.Select(d => new MatchRow(d.Id, d.OrganisationId, d.LicenseId)).ToListAsync(ct) : null;
        var count = cached?.Count ?? rows?.Count ?? await filtered.CountAsync(ct);

        List<Guid> pageIds;
        if (ranked is not null && query.Sort == DatasetSort.Relevance)
        {
            var matching = rows!.Select(r => r.Id).ToHashSet();
            pageIds = ranked.Where(matching.Contains).Skip(offset).Take(limit).ToList();
        }
        else
        {
            pageIds = limit == 0 || count <= offset ? [] : await Order(filtered, query).Select(d => d.Id).Skip(offset).Take(limit).ToListAsync(ct);
        }

        var page = pageIds.Count == 0 ? [] : await db.Set<Dataset>().AsNoTracking()
            .Include(d => d.Tags).Include(d => d.Themes).Include(d => d.Extras)
            .Include(d => d.Resources.Where(r => r.DeletedAt == null).OrderBy(r => r.Position))
            .AsSplitQuery()
            .Where(d => pageIds.Contains(d.Id)).ToListAsync(ct);
        var byId = page.ToDictionary(d => d.Id);
        var results = pageIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();

        IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> facets;
        if (cached is not null)
        {
            facets = cached.Facets;
        }
        else
        {
            var computed = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
            foreach (var name in facetNames)
            {
                computed[name] = await FacetAsync(filtered, rows, name, take, ct);
            }

            facets = computed;
            if (plain)
            {
                changes.Set(cacheKey, versionBefore, new CachedFacets(count, computed));
            }
        }

        return new DatasetSearchResult(count, results, facets);
    }

    private static IQueryable<Dataset> Order(IQueryable<Dataset> q, DatasetSearchQuery query) => query.Sort switch
    {
        DatasetSort.ModifiedAsc => q.OrderBy(d => d.ModifiedAt).ThenBy(d => d.Id),
        DatasetSort.CreatedDesc => q.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id),
        DatasetSort.CreatedAsc => q.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id),
        DatasetSort.NameAsc => q.OrderBy(d => d.Name),
        DatasetSort.NameDesc => q.OrderByDescending(d => d.Name),
        DatasetSort.TitleAsc => query.Culture switch
        {
            "ja" => q.OrderBy(d => d.Title.Ja ?? d.Title.En ?? d.Title.Ko).ThenBy(d => d.Name),
            "en" => q.OrderBy(d => d.Title.En ?? d.Title.Ko).ThenBy(d => d.Name),
            "zh-Hans" => q.OrderBy(d => d.Title.ZhHans ?? d.Title.ZhHant ?? d.Title.En ?? d.Title.Ko).ThenBy(d => d.Name),
            "zh-Hant" => q.OrderBy(d => d.Title.ZhHant ?? d.Title.ZhHans ?? d.Title.En ?? d.Title.Ko).ThenBy(d => d.Name),
            _ => q.OrderBy(d => d.Title.Ko ?? d.Title.En).ThenBy(d => d.Name),
        },
        DatasetSort.TitleDesc => Order(q, query with { Sort = DatasetSort.TitleAsc }).Reverse(),
        _ => q.OrderByDescending(d => d.ModifiedAt).ThenBy(d => d.Id),
    };

    private sealed record MatchRow(Guid Id, Guid OrganisationId, string? LicenseId);

    // Counted by id, then named: a join after GroupBy does not translate in EF Core.
    private async Task<List<FacetValue>> OrganisationFacetAsync(List<MatchRow> rows, int take, CancellationToken ct)
    {
        var counts = rows.CountBy(r => r.OrganisationId).ToList();
        var ids = counts.Select(c => c.Key).ToList();
        var codes = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Code, ct);
        return counts.Where(c => codes.ContainsKey(c.Key)).Select(c => new FacetValue(codes[c.Key], c.Value))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal).Take(take).ToList();
    }

    /// <summary>Up to this many matching ids already read are sent as a list, so a facet does not evaluate the filters again.</summary>
    private const int MaxListedIds = 1000;

    private async Task<IReadOnlyList<FacetValue>> FacetAsync(IQueryable<Dataset> filtered, List<MatchRow>? rows, string name, int take, CancellationToken ct)
    {
        var ids = filtered.Select(d => d.Id);
        var listed = rows is { Count: <= MaxListedIds } ? rows.Select(r => r.Id).ToList() : null;
        var tags = listed is null ? db.Set<DatasetTag>().Where(t => ids.Contains(t.DatasetId)) : db.Set<DatasetTag>().Where(t => listed.Contains(t.DatasetId));
        var themes = listed is null ? db.Set<DatasetTheme>().Where(t => ids.Contains(t.DatasetId)) : db.Set<DatasetTheme>().Where(t => listed.Contains(t.DatasetId));
        var resources = listed is null ? db.Set<DataResource>().Where(r => ids.Contains(r.DatasetId)) : db.Set<DataResource>().Where(r => listed.Contains(r.DatasetId));
        var values = name switch
        {
            OrganisationFacet => await OrganisationFacetAsync(rows!, take, ct),
            TagFacet => await tags.GroupBy(t => t.Name)
                .Select(g => new { Name = g.Key, Count = g.Count() })
                .OrderByDescending(x => x.Count).ThenBy(x => x.Name).Take(take)
                .Select(x => new FacetValue(x.Name, x.Count)).ToListAsync(ct),
            ThemeFacet => await themes.GroupBy(t => t.Code)
                .Select(g => new { Name = g.Key, Count = g.Count() })
                .OrderByDescending(x => x.Count).ThenBy(x => x.Name).Take(take)
                .Select(x => new FacetValue(x.Name, x.Count)).ToListAsync(ct),
            // COUNT(DISTINCT) in one grouping, not DISTINCT pairs in a subquery and a second grouping over them.
            FormatFacet => await resources.Where(r => r.DeletedAt == null && r.Format != null)
                .GroupBy(r => r.Format!)
                .Select(g => new { Name = g.Key, Count = g.Select(r => r.DatasetId).Distinct().Count() })
                .OrderByDescending(x => x.Count).ThenBy(x => x.Name).Take(take)
                .Select(x => new FacetValue(x.Name, x.Count)).ToListAsync(ct),
            LicenseFacet => rows!.Where(r => r.LicenseId != null).CountBy(r => r.LicenseId!)
                .Select(c => new FacetValue(c.Key, c.Value))
                .OrderByDescending(x => x.Count).ThenBy(x => x.Name, StringComparer.Ordinal).Take(take).ToList(),
            _ => [],
        };
        return values;
    }
}
