using System.Text.Json.Nodes;
using Madang.Core.ApiKeys;
using Madang.Core.Data;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Data.Api;

/// <summary>
/// <c>/api/v1/data</c>: Madang's own read API over the catalogue (datasets with facets, a dataset, a resource, its versions,
/// datastore rows). Same dictionaries and rules as the CKAN API, which it calls; errors are problem details.
/// </summary>
public static class DataRestApi
{
    /// <summary>A version of a resource's file, with where to download it.</summary>
    public sealed record VersionDto(int Number, string Status, string FileName, string MediaType, long ByteSize, string Sha256,
        DateTimeOffset CreatedAt, string? Changelog, long? RowCount, string? DownloadUrl);

    public static IEndpointRouteBuilder MapDataRestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/data").WithTags("Data").RequireRateLimiting(DataRateLimits.Policy);
        api.MapGet("/datasets", SearchAsync).WithName("SearchDatasets")
            .WithSummary("Search datasets: text, organisation, tag, format, licence and theme filters, sort, paging, facets");
        api.MapGet("/datasets/{name}", DatasetAsync).WithName("GetDataset").WithSummary("One dataset with its resources (CKAN's package dictionary)");
        api.MapGet("/resources/{id:guid}", ResourceAsync).WithName("GetResource").WithSummary("One resource (CKAN's resource dictionary)");
        api.MapGet("/resources/{id:guid}/versions", VersionsAsync).WithName("ListResourceVersions")
            .WithSummary("Every version of a resource: accepted ones to all, rejected ones to their publisher's key");
        api.MapGet("/resources/{id:guid}/rows", RowsAsync).WithName("GetDatastoreRows")
            .WithSummary("Datastore rows of a resource: filters as field=value, q, sort, limit, offset or the keyset cursor 'after'");
        return app;
    }

    private static async Task<Results<Ok<JsonNode>, ProblemHttpResult>> RunAsync(HttpContext http, string action, JsonObject parameters, CancellationToken ct)
    {
        var db = http.RequestServices.GetRequiredService<MadangDbContext>();
        var caller = await DataCaller.ResolveAsync(http, http.RequestServices.GetRequiredService<ApiKeyService>(), db, ct);
        if (caller is null)
        {
            return TypedResults.Problem(statusCode: 403, title: "The API key is not valid.");
        }

        try
        {
            return TypedResults.Ok((await CkanApi.InvokeAsync(action, http, caller, new CkanRequest(parameters, null), ct))!);
        }
        catch (CkanException ex)
        {
            return TypedResults.Problem(statusCode: ex.Status, title: ex.Type, detail: ex.Message);
        }
        catch (DatastoreQueryException ex)
        {
            return TypedResults.Problem(statusCode: ex.NotFound ? 404 : 400, title: "Datastore query", detail: ex.Message);
        }
    }

    /// <param name="q">Words to find (CJK-aware).</param>
    /// <param name="organization">Organisation names (CKAN slugs), any of them.</param>
    /// <param name="sort">metadata_modified desc (default), name asc, title_string asc, metadata_created desc, score desc.</param>
    private static Task<Results<Ok<JsonNode>, ProblemHttpResult>> SearchAsync(HttpContext http, string? q, string[]? organization, string[]? tag,
        string[]? format, string[]? license, string[]? theme, string? sort, string? lang, int offset = 0, int limit = 20, bool facets = true,
        CancellationToken ct = default)
    {
        var fq = new List<string>();
        void Add(string field, string[]? values)
        {
            foreach (var v in values ?? [])
            {
                fq.Add($"{field}:\"{v.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
            }
        }

        Add("organization", organization);
        Add("tags", tag);
        Add("res_format", format);
        Add("license_id", license);
        Add("groups", theme);
        var p = new JsonObject
        {
            ["q"] = q,
            ["fq"] = string.Join(' ', fq),
            ["sort"] = sort,
            ["start"] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["rows"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["lang"] = lang,
        };
        if (facets)
        {
            p["facet.field"] = new JsonArray(DatasetSearch.FacetNames.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }

        return RunAsync(http, "package_search", p, ct);
    }

    private static Task<Results<Ok<JsonNode>, ProblemHttpResult>> DatasetAsync(string name, string? lang, HttpContext http, CancellationToken ct) =>
        RunAsync(http, "package_show", new JsonObject { ["id"] = name, ["lang"] = lang }, ct);

    private static Task<Results<Ok<JsonNode>, ProblemHttpResult>> ResourceAsync(Guid id, string? lang, HttpContext http, CancellationToken ct) =>
        RunAsync(http, "resource_show", new JsonObject { ["id"] = id.ToString(), ["lang"] = lang }, ct);

    private static async Task<Results<Ok<IReadOnlyList<VersionDto>>, ProblemHttpResult>> VersionsAsync(Guid id, HttpContext http, MadangDbContext db, CancellationToken ct)
    {
        var caller = await DataCaller.ResolveAsync(http, http.RequestServices.GetRequiredService<ApiKeyService>(), db, ct);
        if (caller is null)
        {
            return TypedResults.Problem(statusCode: 403, title: "The API key is not valid.");
        }

        var r = await db.Set<DataResource>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.DeletedAt == null, ct);
        var d = r is null ? null : await db.Set<Dataset>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == r.DatasetId && x.DeletedAt == null, ct);
        if (d is null || (d.State != DatasetState.Published && !caller.CanWrite(d.OrganisationId)))
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found");
        }

        var own = caller.CanWrite(d.OrganisationId);
        var root = $"{http.Request.Scheme}://{http.Request.Host}";
        var versions = await db.Set<ResourceVersion>().AsNoTracking().Where(v => v.ResourceId == id && (own || v.Status == VersionStatus.Accepted))
            .OrderByDescending(v => v.Number).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<VersionDto>>(versions.Select(v => new VersionDto(v.Number, v.Status.ToString().ToLowerInvariant(), v.FileName,
            v.MediaType, v.ByteSize, v.Sha256, v.CreatedAt, v.Changelog, v.RowCount, CkanDicts.VersionDownloadUrl(root, d.Name, id, v.Number))).ToList());
    }

    /// <param name="after">Keyset cursor: rows after this <c>_id</c> (the <c>next_page</c> of the previous page).</param>
    private static Task<Results<Ok<JsonNode>, ProblemHttpResult>> RowsAsync(Guid id, HttpContext http, string? q, string? sort, string? fields,
        long? after, int limit = 100, int offset = 0, CancellationToken ct = default)
    {
        var filters = new JsonObject();
        var reserved = new HashSet<string>(StringComparer.Ordinal) { "q", "sort", "fields", "after", "limit", "offset", "lang" };
        foreach (var (k, v) in http.Request.Query.Where(kv => !reserved.Contains(kv.Key)))
        {
            filters[k] = v.Count > 1 ? new JsonArray(v.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()) : JsonValue.Create(v.ToString());
        }

        var p = new JsonObject
        {
            ["resource_id"] = id.ToString(),
            ["filters"] = filters,
            ["q"] = q,
            ["sort"] = sort,
            ["fields"] = fields,
            ["after"] = after?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["offset"] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return RunAsync(http, "datastore_search", p, ct);
    }
}
