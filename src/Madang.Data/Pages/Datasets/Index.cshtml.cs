using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Pages.Datasets;

/// <summary>The public catalogue: text search, facets as plain links and checkboxes (no script), sort and pages.</summary>
public sealed class DatasetsIndexModel(DatasetSearch search, MadangDbContext db) : MadangPage
{
    public const int PageSize = 20;

    /// <summary>The sorts offered on the page, by the value in the URL.</summary>
    public static readonly IReadOnlyList<(string Value, DatasetSort Sort, string Key)> Sorts =
    [
        ("relevance", DatasetSort.Relevance, "data.sort.relevance"),
        ("modified", DatasetSort.ModifiedDesc, "data.sort.modified"),
        ("title", DatasetSort.TitleAsc, "data.sort.title"),
        ("name", DatasetSort.NameAsc, "data.sort.name"),
    ];

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "organization")] public List<string> Organisations { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "tags")] public List<string> Tags { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "res_format")] public List<string> Formats { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "license_id")] public List<string> Licenses { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "groups")] public List<string> Themes { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public DatasetSearchResult Result { get; private set; } = new(0, [], new Dictionary<string, IReadOnlyList<FacetValue>>());
    public int PageCount => Math.Max(1, (Result.Count + PageSize - 1) / PageSize);
    private Dictionary<string, string> orgNames = [];
    private Dictionary<Guid, (string Code, string Name)> orgsById = [];

    /// <summary>The facets in display order with the parameter each filters by and its heading.</summary>
    public static readonly IReadOnlyList<(string Facet, string Param, string Key)> FacetGroups =
    [
        (DatasetSearch.OrganisationFacet, "organization", "data.facet.organization"),
        (DatasetSearch.ThemeFacet, "groups", "data.facet.theme"),
        (DatasetSearch.TagFacet, "tags", "data.facet.tag"),
        (DatasetSearch.FormatFacet, "res_format", "data.facet.format"),
        (DatasetSearch.LicenseFacet, "license_id", "data.facet.license"),
    ];

    public List<string> Selected(string param) => param switch
    {
        "organization" => Organisations,
        "tags" => Tags,
        "res_format" => Formats,
        "license_id" => Licenses,
        _ => Themes,
    };

    /// <summary>How a facet value reads: organisation and theme names in the reader's language, licence titles.</summary>
    public string FacetLabel(string facet, string value) => facet switch
    {
        DatasetSearch.OrganisationFacet => orgNames.GetValueOrDefault(value, value),
        DatasetSearch.ThemeFacet => L["data.theme." + value],
        DatasetSearch.LicenseFacet => Domain.Licenses.Find(value)?.Title ?? value,
        _ => value,
    };

    public (string Code, string Name) Organisation(Guid id) => orgsById.GetValueOrDefault(id, ("", ""));

    /// <summary>This page's query with one facet value added or removed, back on page 1.</summary>
    public string Toggle(string param, string value) => QueryWith(param, value, toggle: true, page: null, sort: Sort);

    public string PageHref(int page) => QueryWith(null, null, toggle: false, page: page, sort: Sort);

    public string SortHref(string sort) => QueryWith(null, null, toggle: false, page: null, sort: sort);

    private string QueryWith(string? param, string? value, bool toggle, int? page, string? sort)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            parts.Add("q=" + Uri.EscapeDataString(Q));
        }

        foreach (var (_, p, _) in FacetGroups)
        {
            var values = Selected(p).ToList();
            if (toggle && p == param && value is not null && !values.Remove(value))
            {
                values.Add(value);
            }

            parts.AddRange(values.Select(v => p + "=" + Uri.EscapeDataString(v)));
        }

        if (!string.IsNullOrEmpty(sort) && sort != "relevance")
        {
            parts.Add("sort=" + Uri.EscapeDataString(sort));
        }

        if (page is > 1)
        {
            parts.Add("page=" + page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return "?" + string.Join("&", parts);
    }

    public async Task OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var sort = Sorts.FirstOrDefault(s => s.Value == Sort);
        if (sort.Value is null)
        {
            Sort = null;
            sort = Sorts[0];
        }

        PageNumber = Math.Clamp(PageNumber, 1, 10_000);
        Result = await search.SearchAsync(new DatasetSearchQuery
        {
            Q = Q,
            Organisations = Organisations,
            Tags = Tags,
            Formats = Formats,
            Licenses = Licenses,
            Themes = Themes,
            Sort = sort.Sort,
            Culture = Culture,
            Offset = (PageNumber - 1) * PageSize,
            Limit = PageSize,
            FacetFields = DatasetSearch.FacetNames,
            FacetLimit = 12,
        }, ct);
        var orgs = await db.Organisations.AsNoTracking().ToListAsync(ct);
        orgNames = orgs.ToDictionary(o => o.Code, o => o.Name.Get(Culture));
        orgsById = orgs.ToDictionary(o => o.Id, o => (o.Code, o.Name.Get(Culture)));
        Response.Headers.CacheControl = "public, max-age=60";
    }
}
