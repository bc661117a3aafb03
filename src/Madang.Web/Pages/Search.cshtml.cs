using System.Globalization;
using System.Text.RegularExpressions;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Core.Search;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages;

/// <summary>Site search over the kernel index: facets, chips, sort and pages as plain links, so it works without JavaScript.</summary>
public sealed partial class SearchModel(ISearchIndex index, MadangDbContext db, TextCatalog catalog, IEnumerable<ISearchSource> sources) : MadangPage
{
    public const int PageSize = 20;

    /// <summary>The deepest offset the page (and the API) serves: deeper pages cost the engine more than they help anyone.</summary>
    public const int MaxOffset = 10_000;

    /// <summary>The sorts offered, by their value in the URL; the first is the default and is left out of links.</summary>
    public static readonly IReadOnlyList<(string Value, SearchSort Sort, string Key)> Sorts =
    [
        ("relevance", SearchSort.Relevance, "search.sort.relevance"),
        ("newest", SearchSort.Newest, "search.sort.newest"),
        ("oldest", SearchSort.Oldest, "search.sort.oldest"),
    ];

    /// <summary>The facet filters in display order: the URL parameter and the facet it narrows.</summary>
    public static readonly IReadOnlyList<(string Param, string Facet, string Key)> FacetParams =
    [
        ("type", SearchFacets.Type, "search.facet.type"),
        ("org", SearchFacets.Organisation, "search.facet.organisation"),
        ("kind", SearchFacets.Kind, "search.facet.kind"),
        ("year", SearchFacets.Year, "search.facet.year"),
        ("language", SearchFacets.Language, "search.facet.language"),
    ];

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public List<string> Types { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "org")] public List<string> Orgs { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "kind")] public List<string> Kinds { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "year")] public List<string> Years { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "language")] public List<string> Languages { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public int Offset { get; set; }

    public SearchResults? Results { get; private set; }

    /// <summary>True when the offset asked for was past <see cref="MaxOffset"/> and was brought back to it.</summary>
    public bool OffsetCapped { get; private set; }

    /// <summary>The organisation facet as a tree: each organisation with a match in it or below it, its depth and its
    /// count rolled up (its own matches plus its descendants').</summary>
    public IReadOnlyList<(Organisation Org, int Depth, int Count)> OrgTree { get; private set; } = [];

    /// <summary>How many values of a facet show before the rest fold away.</summary>
    public const int FacetShown = 10;

    /// <summary>Up to this many organisations the whole tree shows; a city's hundreds of departments fold away.</summary>
    public const int OrgTreeShownMax = 15;

    /// <summary>dept: and type: values in the query that name nothing, so the empty result can say why.</summary>
    public IReadOnlyList<string> Unknown { get; private set; } = [];

    private Dictionary<Guid, Organisation> orgsById = [];
    private Dictionary<string, Organisation> orgsByCode = new(StringComparer.OrdinalIgnoreCase);

    public bool AnyFilter => Types.Count + Orgs.Count + Kinds.Count + Years.Count + Languages.Count > 0;

    public bool HasQuery => !string.IsNullOrWhiteSpace(Q);

    public List<string> Selected(string param) => param switch
    {
        "type" => Types,
        "org" => Orgs,
        "kind" => Kinds,
        "year" => Years,
        _ => Languages,
    };

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        if (Sorts.All(s => s.Value != Sort) || Sort == Sorts[0].Value)
        {
            Sort = null;
        }

        OffsetCapped = Offset > MaxOffset;
        Offset = Math.Clamp(Offset, 0, MaxOffset);
        Q = Q?.Trim();
        var all = await db.Organisations.AsNoTracking().ToListAsync(ct);
        orgsById = all.ToDictionary(o => o.Id);
        orgsByCode = all.ToDictionary(o => o.Code, StringComparer.OrdinalIgnoreCase);
        Years = Years.Where(y => int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out _)).ToList();
        if (!HasQuery && !AnyFilter)
        {
            return;
        }

        // An organisation chosen from the tree means it and everything under it, as dept: does.
        var orgIds = new HashSet<Guid>();
        foreach (var code in Orgs)
        {
            orgIds.UnionWith(orgsByCode.TryGetValue(code, out var o) ? await OrganisationTree.DescendantsAndSelfAsync(db, o.Id, ct) : [Guid.Empty]);
        }

        Results = await index.SearchAsync(new SearchRequest
        {
            Query = Q,
            Types = Types,
            OrganisationIds = [.. orgIds],
            Kinds = Kinds,
            Years = Years.Select(y => int.Parse(y, CultureInfo.InvariantCulture)).ToList(),
            Languages = Languages,
            Sort = Sorts.First(s => s.Value == (Sort ?? Sorts[0].Value)).Sort,
            Offset = Offset,
            Limit = PageSize,
        }, ct);
        OrgTree = OrganisationTree.RollUp(all, Results.Facets.GetValueOrDefault(SearchFacets.Organisation) ?? []);
        Unknown = UnknownFilters(Results.Query ?? ParsedQuery.Empty, all);
    }

    /// <summary>An organisation in the facet tree with its rolled-up count and the organisations shown under it.</summary>
    public sealed record OrgNode(Organisation Org, int Count, List<OrgNode> Children);

    /// <summary>Turns the depth-first list back into a tree; an organisation whose parent is not shown hangs at the top.</summary>
    public static IReadOnlyList<OrgNode> Nest(IReadOnlyList<(Organisation Org, int Depth, int Count)> flat)
    {
        var nodes = new Dictionary<Guid, OrgNode>();
        var roots = new List<OrgNode>();
        foreach (var (org, _, count) in flat)
        {
            var node = new OrgNode(org, count, []);
            nodes[org.Id] = node;
            if (org.ParentId is { } p && nodes.TryGetValue(p, out var parent))
            {
                parent.Children.Add(node);
            }
            else
            {
                roots.Add(node);
            }
        }

        return roots;
    }

    /// <summary>The part of the organisation tree shown unfolded: all of a small tree; of a large one the top two levels,
    /// and the chosen organisations with their ancestors, their siblings along that path and their children.</summary>
    public IReadOnlyList<(Organisation Org, int Depth, int Count)> OrgTreeShown()
    {
        if (OrgTree.Count <= OrgTreeShownMax)
        {
            return OrgTree;
        }

        var open = new HashSet<Guid>();
        foreach (var code in Orgs)
        {
            Guid? current = orgsByCode.TryGetValue(code, out var o) ? o.Id : null;
            while (current is { } c && orgsById.TryGetValue(c, out var node) && open.Add(c))
            {
                current = node.ParentId;
            }
        }

        return OrgTree.Where(x => x.Depth <= 1 || open.Contains(x.Org.Id) || (x.Org.ParentId is { } p && open.Contains(p))).ToList();
    }

    private List<string> UnknownFilters(ParsedQuery parsed, IReadOnlyList<Organisation> all)
    {
        var unknown = new List<string>();
        foreach (var d in parsed.Departments)
        {
            if (!all.Any(o => string.Equals(o.Code, d, StringComparison.OrdinalIgnoreCase)
                || o.Name.All().Any(n => string.Equals(n, d, StringComparison.OrdinalIgnoreCase))))
            {
                unknown.Add("dept:" + d);
            }
        }

        // With no source registered for a type the engine still takes it as a type name, so only an empty result proves it names nothing.
        foreach (var t in Results is { Total: 0 } ? parsed.Types : [])
        {
            if (!sources.Any(s => string.Equals(s.Type, t, StringComparison.OrdinalIgnoreCase)
                || s.Aliases.Any(a => string.Equals(a, t, StringComparison.OrdinalIgnoreCase))))
            {
                unknown.Add("type:" + t);
            }
        }

        return unknown;
    }

    /// <summary>How a facet value reads in the reader's language, falling back to the value itself.</summary>
    public string Label(string facet, string value) => facet switch
    {
        SearchFacets.Organisation => orgsByCode.TryGetValue(value, out var o) ? o.Name.Get(Culture)
            : Guid.TryParse(value, out var id) && orgsById.TryGetValue(id, out var byId) ? byId.Name.Get(Culture) : value,
        SearchFacets.Type => Text("search.type." + value, value),
        SearchFacets.Kind => Text("search.kind." + value, value),
        SearchFacets.Language => Text("search.language." + value, value),
        _ => value,
    };

    public string? OrganisationName(Guid? id) => id is { } g && orgsById.TryGetValue(g, out var o) ? o.Name.Get(Culture) : null;

    /// <summary>The catalog's text in this language or English, else <paramref name="fallback"/>: a module that has not
    /// named its type or kind still shows something readable.</summary>
    private string Text(string key, string fallback) =>
        catalog.TryGet(Culture, key, out var v) || catalog.TryGet("en", key, out v) ? v : fallback;

    /// <summary>This page's query with one facet value added or removed, back on the first page.</summary>
    public string Toggle(string param, string value) => QueryWith(param, value, sort: Sort, offset: 0);

    /// <summary>Choosing an organisation replaces any other: the tree already widens a parent to its subtree.</summary>
    public string ChooseOrg(string code) =>
        Orgs.Contains(code, StringComparer.OrdinalIgnoreCase) ? QueryWith("org", code, Sort, 0) : QueryWith("org", code, Sort, 0, replace: true);

    public string SortHref(string sort) => QueryWith(null, null, sort == Sorts[0].Value ? null : sort, 0);

    public string PageHref(int offset) => QueryWith(null, null, Sort, offset);

    /// <summary>The query text without one of its field filters, for the chip that removes it.</summary>
    public string WithoutToken(string token)
    {
        var q = Regex.Replace(" " + (Q ?? string.Empty) + " ", @"(?<=\s)" + Regex.Escape(token) + @"(?=\s)", " ", RegexOptions.None, TimeSpan.FromSeconds(1));
        return QueryWith(null, null, Sort, 0, q: WhiteSpace().Replace(q, " ").Trim());
    }

    /// <summary>The field filters as typed in the query (dept:…, type:…, from:…, to:…), for chips and explanations.</summary>
    public IReadOnlyList<string> FieldTokens() =>
        FieldToken().Matches(Q ?? string.Empty).Select(m => m.Value).ToList();

    public string ClearFiltersHref() => HasQuery ? "?q=" + Uri.EscapeDataString(Q!) : "?";

    private string QueryWith(string? param, string? value, string? sort, int offset, bool replace = false, string? q = null)
    {
        var parts = new List<string>();
        q ??= Q;
        if (!string.IsNullOrWhiteSpace(q))
        {
            parts.Add("q=" + Uri.EscapeDataString(q));
        }

        foreach (var (p, _, _) in FacetParams)
        {
            var values = Selected(p).ToList();
            if (p == param && value is not null)
            {
                if (values.RemoveAll(v => string.Equals(v, value, StringComparison.Ordinal)) == 0)
                {
                    if (replace)
                    {
                        values.Clear();
                    }

                    values.Add(value);
                }
            }

            parts.AddRange(values.Select(v => p + "=" + Uri.EscapeDataString(v)));
        }

        if (!string.IsNullOrEmpty(sort))
        {
            parts.Add("sort=" + Uri.EscapeDataString(sort));
        }

        if (offset > 0)
        {
            parts.Add("offset=" + offset.ToString(CultureInfo.InvariantCulture));
        }

        return "?" + string.Join("&", parts);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"(?<!\S)(?:dept|type|from|to):\S+", RegexOptions.IgnoreCase)]
    private static partial Regex FieldToken();
}
