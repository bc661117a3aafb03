using System.ComponentModel;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Core.Search;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Api;

/// <summary>The kernel's REST endpoints under <c>/api/v1</c>: search, organisations, and the caller's key.</summary>
public static class KernelApi
{
    public static IEndpointRouteBuilder MapKernelApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Kernel");

        api.MapGet("/search", SearchAsync)
            .WithName("Search")
            .WithSummary("Full-text search across everything published")
            .WithDescription("""
                The query language: words are all required; "quoted phrases" must appear in order; -word excludes; OR between
                two words accepts either; dept:CODE-or-name keeps that organisation and those under it; type:TYPE-or-alias keeps one
                type; from:2021[-03[-05]] and to:… bound the date. Korean, Japanese and Chinese are matched by character bigrams,
                and a document number or dataset name typed exactly comes first (exactIdentifier). With no words but a filter the
                matches are listed newest first. facets=true adds counts per type, organisation (rolled up the organisation tree),
                kind, year and language; each facet ignores its own filter. Paging stops at offset 10000: narrow the query instead.
                """)
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/search/suggest", SuggestAsync)
            .WithName("SearchSuggest")
            .WithSummary("Completions for what is being typed: titles and keywords that start with it")
            .WithDescription("A title suggestion carries the url of its item; a keyword suggestion is text to search for.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/organisations", ListOrganisationsAsync)
            .WithName("ListOrganisations")
            .WithSummary("The organisation tree, flattened in tree order");

        api.MapGet("/organisations/{code}", GetOrganisationAsync)
            .WithName("GetOrganisation")
            .WithSummary("One organisation by its code");

        api.MapGet("/whoami", WhoAmI)
            .WithName("WhoAmI")
            .WithSummary("The API key the request was made with")
            .RequireAuthorization(ApiKeyAuthenticationHandler.Policy);

        return app;
    }

    /// <summary>A search result as the API returns it.</summary>
    public sealed record SearchHitDto(string Type, string Key, string Title, string Snippet, string Url, DateTimeOffset Date, Guid? OrganisationId, string? Language, double Score,
        string? Kind, bool ExactIdentifier);

    /// <summary>One facet value and how many matches have it.</summary>
    public sealed record FacetValueDto(string Value, int Count);

    /// <summary>An organisation in the organisation facet: <c>Count</c> is its own matches plus those of every organisation under it.</summary>
    public sealed record OrganisationFacetDto(string Code, string? ParentCode, int Depth, string Name, int Count, int OwnCount);

    /// <summary>The query as the engine read it: the field filters it found and those it could not read.</summary>
    public sealed record ParsedQueryDto(string Text, IReadOnlyList<string> Departments, IReadOnlyList<string> Types, DateOnly? From, DateOnly? To, IReadOnlyList<string> Invalid);

    /// <summary>A page of search results.</summary>
    public sealed record SearchResponse(string Query, int Total, int Offset, int Limit, IReadOnlyDictionary<string, int> Types, IReadOnlyList<SearchHitDto> Results)
    {
        /// <summary>The offset of the next page, or null on the last page (or past offset 10000).</summary>
        public int? NextOffset { get; init; }

        public string Sort { get; init; } = "relevance";

        /// <summary>With facets=true: counts per value of type, kind, year and language (organisation ids as text).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<FacetValueDto>>? Facets { get; init; }

        /// <summary>With facets=true: the organisation facet as a tree in tree order, counts rolled up to parents.</summary>
        public IReadOnlyList<OrganisationFacetDto>? Organisations { get; init; }

        public ParsedQueryDto? Parsed { get; init; }

        /// <summary>True when a filtered, very broad query's total was estimated from a sample of its matches.</summary>
        public bool TotalApproximate { get; init; }

        /// <summary>True when the facet counts were estimated from a sample of the matches.</summary>
        public bool FacetsApproximate { get; init; }
    }

    /// <summary>A completion: a title (with the url of its item and its type's name in <c>lang</c>) or a keyword.</summary>
    public sealed record SuggestionDto(string Text, string Source, string? Type, string? Url, string? TypeLabel);

    /// <summary>The deepest offset served: deeper pages cost the engine more than they help anyone.</summary>
    public const int MaxOffset = 10_000;

    private static string[] List(string? csv) =>
        string.IsNullOrWhiteSpace(csv) ? [] : csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static ProblemHttpResult Bad(string title, string detail) => TypedResults.Problem(title: title, detail: detail, statusCode: 400);

    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(
        HttpContext http,
        ISearchIndex index,
        MadangDbContext db,
        [FromServices] IEnumerable<ISearchSource> sources,
        [Description("The query: words, \"phrases\", -exclusions, OR, dept:, type:, from:, to:. May be left out when a filter is given.")] string? q,
        [Description("Only these types (comma-separated), by name or by what people type after type: (release.document or document, data.dataset or dataset)")] string? type,
        [Description("Organisation codes (comma-separated); each includes its sub-organisations")] string? org,
        [Description("Only these kinds (comma-separated): a document's type, a dataset's format")] string? kind,
        [Description("Only these years (comma-separated), e.g. 2023,2024")] string? year,
        [Description("Only these content languages (comma-separated), e.g. ko,en")] string? language,
        [Description("Earliest date (ISO 8601)")] DateTimeOffset? from,
        [Description("Latest date (ISO 8601)")] DateTimeOffset? to,
        [Description("relevance (default), newest or oldest")] string? sort,
        [Description("true to add facet counts and the organisation tree (costs a pass over every match)")] bool? facets,
        [Description("Language for result URLs and organisation names")] string? lang,
        [Description("0–10000")] int offset = 0,
        [Description("1–100")] int limit = 20)
    {
        var ct = http.RequestAborted;
        if (limit is < 1 or > 100 || offset is < 0 or > MaxOffset)
        {
            return Bad("Paging out of range.", $"limit must be 1–100 and offset 0–{MaxOffset}; got limit={limit}, offset={offset}.");
        }

        SearchSort order;
        switch (sort?.Trim().ToLowerInvariant())
        {
            case null or "" or "relevance":
                order = SearchSort.Relevance;
                break;
            case "newest":
                order = SearchSort.Newest;
                break;
            case "oldest":
                order = SearchSort.Oldest;
                break;
            default:
                return Bad("Unknown sort.", $"sort must be relevance, newest or oldest; got '{sort}'.");
        }

        var years = new List<int>();
        foreach (var y in List(year))
        {
            if (!int.TryParse(y, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n is < 1000 or > 9999)
            {
                return Bad("Invalid year.", $"year takes four-digit years separated by commas; '{y}' is not one.");
            }

            years.Add(n);
        }

        if (from is { } f && to is { } t && f > t)
        {
            return Bad("Empty date range.", "from must not be after to.");
        }

        var all = await db.Organisations.AsNoTracking().ToListAsync(ct);
        var orgIds = new HashSet<Guid>();
        foreach (var code in List(org))
        {
            var o = all.FirstOrDefault(x => string.Equals(x.Code, code, StringComparison.OrdinalIgnoreCase));
            if (o is null)
            {
                return Bad("Unknown organisation.", $"No organisation has the code '{code}'. GET /api/v1/organisations lists them.");
            }

            orgIds.UnionWith(await OrganisationTree.DescendantsAndSelfAsync(db, o.Id, ct));
        }

        // An alias (document, 문서, dataset …) means its type, as after type: in the query; anything else is taken as a type name.
        var known = sources.ToList();
        var types = List(type).Select(t => known.FirstOrDefault(s => string.Equals(s.Type, t, StringComparison.OrdinalIgnoreCase)
            || s.Aliases.Any(a => string.Equals(a, t, StringComparison.OrdinalIgnoreCase)))?.Type ?? t).Distinct(StringComparer.Ordinal).ToArray();
        var kinds = List(kind);
        var languages = List(language);
        var filtered = types.Length + orgIds.Count + kinds.Length + years.Count + languages.Length > 0 || from is not null || to is not null;
        if (string.IsNullOrWhiteSpace(q) && !filtered)
        {
            return Bad("A query is required.", "Pass the text to search for as ?q=…, or at least one filter (type, org, kind, year, language, from, to) to list by date.");
        }

        if (q is { Length: > 500 })
        {
            return Bad("Query too long.", "q is at most 500 characters.");
        }

        var culture = SiteCultures.IsSupported(lang) ? lang! : CultureMiddleware.Preferred(http);
        var withFacets = facets == true;
        var results = await index.SearchAsync(new SearchRequest
        {
            Query = q, Types = types, OrganisationIds = [.. orgIds], Kinds = kinds, Years = years, Languages = languages,
            From = from, To = to, Sort = order, Offset = offset, Limit = limit, WithFacets = withFacets,
        }, ct);
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}/{culture}/";
        var next = offset + limit < results.Total && offset + limit <= MaxOffset ? offset + limit : (int?)null;
        var parsed = results.Query ?? SearchQueryParser.ParseQuery(q);
        return TypedResults.Ok(new SearchResponse(q ?? string.Empty, results.Total, offset, limit, results.TypeCounts,
            results.Hits.Select(h => new SearchHitDto(h.Type, h.Key, h.Title, h.SnippetHtml, baseUrl + h.Url, h.Date, h.OrganisationId, h.Language, h.Score,
                h.Kind, h.ExactIdentifier)).ToList())
        {
            NextOffset = next,
            Sort = order.ToString().ToLowerInvariant(),
            Facets = withFacets
                ? results.Facets.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<FacetValueDto>)kv.Value.Select(v => new FacetValueDto(v.Value, v.Count)).ToList())
                : null,
            Organisations = withFacets ? OrganisationFacet(all, results.Facets.GetValueOrDefault(SearchFacets.Organisation) ?? [], culture) : null,
            Parsed = new ParsedQueryDto(parsed.Text, parsed.Departments, parsed.Types, parsed.From, parsed.To, parsed.Invalid),
            TotalApproximate = results.TotalApproximate,
            FacetsApproximate = results.FacetsApproximate,
        });
    }

    private static List<OrganisationFacetDto> OrganisationFacet(List<Organisation> all, IReadOnlyList<FacetCount> own, string culture)
    {
        var codes = all.ToDictionary(o => o.Id, o => o.Code);
        var owns = own.Where(x => Guid.TryParse(x.Value, out _)).ToDictionary(x => Guid.Parse(x.Value), x => x.Count);
        return OrganisationTree.RollUp(all, own)
            .Select(x => new OrganisationFacetDto(x.Org.Code, x.Org.ParentId is { } p && codes.TryGetValue(p, out var pc) ? pc : null, x.Depth,
                x.Org.Name.Get(culture), x.Count, owns.GetValueOrDefault(x.Org.Id)))
            .ToList();
    }

    private static async Task<Results<Ok<List<SuggestionDto>>, ProblemHttpResult>> SuggestAsync(
        HttpContext http,
        ISearchIndex index,
        TextCatalog catalog,
        [Description("What has been typed so far (1–100 characters)")] string? q,
        [Description("Language for suggestion URLs")] string? lang,
        [Description("1–20, default 8")] int limit = 8)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length > 100)
        {
            return Bad("A prefix is required.", "Pass 1–100 characters typed so far as ?q=…");
        }

        if (limit is < 1 or > 20)
        {
            return Bad("Limit out of range.", $"limit must be 1–20; got {limit}.");
        }

        var culture = SiteCultures.IsSupported(lang) ? lang! : CultureMiddleware.Preferred(http);
        var found = await index.SuggestAsync(q.Trim(), limit, http.RequestAborted);
        // A same-site path rather than an absolute address: the suggestion script navigates with it as it is.
        return TypedResults.Ok(found.Select(s => new SuggestionDto(s.Text, s.Source, s.Type, s.Url is null ? null : $"/{culture}/{s.Url.TrimStart('/')}",
            s.Type is null ? null : catalog.TryGet(culture, "search.type." + s.Type, out var label) || catalog.TryGet("en", "search.type." + s.Type, out label) ? label : s.Type)).ToList());
    }

    /// <summary>An organisation with its names in the five languages.</summary>
    public sealed record OrganisationDto(Guid Id, string Code, string? ParentCode, string Kind, int Depth, IReadOnlyDictionary<string, string?> Name, bool IsActive);

    private static async Task<Ok<List<OrganisationDto>>> ListOrganisationsAsync(MadangDbContext db, CancellationToken ct)
    {
        var all = await db.Organisations.AsNoTracking().ToListAsync(ct);
        var codes = all.ToDictionary(o => o.Id, o => o.Code);
        return TypedResults.Ok(OrganisationTree.Flatten(all).Select(x => ToDto(x.Org, x.Depth, codes)).ToList());
    }

    private static async Task<Results<Ok<OrganisationDto>, NotFound<ProblemDetailsDto>>> GetOrganisationAsync(string code, MadangDbContext db, CancellationToken ct)
    {
        var all = await db.Organisations.AsNoTracking().ToListAsync(ct);
        var flat = OrganisationTree.Flatten(all);
        var hit = flat.FirstOrDefault(x => x.Org.Code == code);
        if (hit.Org is null)
        {
            return TypedResults.NotFound(new ProblemDetailsDto("Not found", 404, $"No organisation has the code '{code}'."));
        }

        return TypedResults.Ok(ToDto(hit.Org, hit.Depth, all.ToDictionary(o => o.Id, o => o.Code)));
    }

    /// <summary>RFC 9457 problem body, typed for the OpenAPI description.</summary>
    public sealed record ProblemDetailsDto(string Title, int Status, string Detail);

    /// <summary>The calling key.</summary>
    public sealed record WhoAmIDto(string KeyName, Guid OrganisationId);

    private static Ok<WhoAmIDto> WhoAmI(HttpContext http) =>
        TypedResults.Ok(new WhoAmIDto(http.User.FindFirst("apikey:name")?.Value ?? string.Empty,
            Guid.Parse(http.User.FindFirst(ApiKeyAuthenticationHandler.OrganisationClaim)!.Value)));

    private static OrganisationDto ToDto(Organisation o, int depth, Dictionary<Guid, string> codes) =>
        new(o.Id, o.Code, o.ParentId is { } p && codes.TryGetValue(p, out var pc) ? pc : null, o.Kind.ToString(), depth,
            SiteCultures.All.ToDictionary(c => c, c => o.Name[c]), o.IsActive);
}
