using System.ComponentModel;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Core.Search;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
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
            .WithDescription("Words are required, \"quoted phrases\" must appear in order, -word excludes. Korean, Japanese and Chinese are matched by character bigrams.");

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
    public sealed record SearchHitDto(string Type, string Key, string Title, string Snippet, string Url, DateTimeOffset Date, Guid? OrganisationId, string? Language, double Score);

    /// <summary>A page of search results.</summary>
    public sealed record SearchResponse(string Query, int Total, int Offset, int Limit, IReadOnlyDictionary<string, int> Types, IReadOnlyList<SearchHitDto> Results);

    private static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(
        HttpContext http,
        ISearchIndex index,
        MadangDbContext db,
        [Description("The query")] string? q,
        [Description("Only these types (comma-separated)")] string? type,
        [Description("Organisation code; includes its sub-organisations")] string? org,
        [Description("Earliest date (ISO 8601)")] DateTimeOffset? from,
        [Description("Latest date (ISO 8601)")] DateTimeOffset? to,
        [Description("Language for result URLs")] string? lang,
        int offset = 0,
        int limit = 20)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return TypedResults.Problem(title: "A query is required.", detail: "Pass the text to search for as ?q=…", statusCode: 400);
        }

        if (limit is < 1 or > 100 || offset is < 0 or > 10_000)
        {
            return TypedResults.Problem(title: "Paging out of range.", detail: "limit must be 1–100 and offset 0–10000.", statusCode: 400);
        }

        var orgIds = new List<Guid>();
        if (!string.IsNullOrWhiteSpace(org))
        {
            var o = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(x => x.Code == org, http.RequestAborted);
            if (o is null)
            {
                return TypedResults.Problem(title: "Unknown organisation.", detail: $"No organisation has the code '{org}'.", statusCode: 400);
            }

            orgIds.AddRange(await OrganisationTree.DescendantsAndSelfAsync(db, o.Id, http.RequestAborted));
        }

        var culture = SiteCultures.IsSupported(lang) ? lang! : CultureMiddleware.Preferred(http);
        var types = string.IsNullOrWhiteSpace(type) ? [] : type.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var results = await index.SearchAsync(new SearchRequest
        {
            Query = q, Types = types, OrganisationIds = orgIds, From = from, To = to, Offset = offset, Limit = limit,
        }, http.RequestAborted);
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}/{culture}/";
        return TypedResults.Ok(new SearchResponse(q, results.Total, offset, limit, results.TypeCounts,
            results.Hits.Select(h => new SearchHitDto(h.Type, h.Key, h.Title, h.SnippetHtml, baseUrl + h.Url, h.Date, h.OrganisationId, h.Language, h.Score)).ToList()));
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
