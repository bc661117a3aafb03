using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Madang.Core.ApiKeys;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Data.Api;

/// <summary>
/// The CKAN Action API at <c>/api/3/action/{name}</c> and <c>/api/action/{name}</c>: CKAN's envelope, error objects and status
/// codes, so CKAN clients (ckanapi, harvesters) work unchanged. Unknown parameters are ignored, as CKAN does.
/// </summary>
public static partial class CkanApi
{
    /// <summary>What <c>status_show</c> reports as the CKAN version whose API this follows.</summary>
    public const string CkanVersion = "2.10.5";

    public const int MaxRows = 1000;

    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> ReadActions =
    [
        "status_show", "site_read", "package_list", "package_search", "package_show", "resource_show", "organization_list",
        "organization_show", "group_list", "group_show", "tag_list", "license_list", "datastore_search",
    ];

    private static readonly HashSet<string> WriteActions =
        ["package_create", "package_update", "package_patch", "resource_create", "resource_patch", "datastore_upsert"];

    public static IEndpointRouteBuilder MapCkanApi(this IEndpointRouteBuilder app)
    {
        foreach (var (prefix, name) in new[] { ("/api/3/action", "Ckan3"), ("/api/action", "Ckan") })
        {
            // GET and POST are separate endpoints so each has its own OpenAPI operation id.
            foreach (var method in new[] { HttpMethods.Get, HttpMethods.Post })
            {
                app.MapMethods(prefix + "/{action}", [method], HandleAsync)
                    .WithName(name + (method == HttpMethods.Get ? "ActionGet" : "ActionPost"))
                    .WithTags("CKAN")
                    .WithSummary("CKAN Action API (status_show, package_search, package_show, datastore_search, package_create …)")
                    .DisableAntiforgery()
                    .RequireRateLimiting(DataRateLimits.Policy);
            }
        }

        return app;
    }

    private static async Task HandleAsync(string action, HttpContext http, CancellationToken ct)
    {
        var help = $"{http.Request.Scheme}://{http.Request.Host}/api/3/action/help_show?name={Uri.EscapeDataString(action)}";
        JsonNode? result;
        try
        {
            if (!ReadActions.Contains(action) && !WriteActions.Contains(action))
            {
                throw CkanException.BadRequest("Action name not known: " + action);
            }

            if (WriteActions.Contains(action) && !HttpMethods.IsPost(http.Request.Method))
            {
                throw CkanException.BadRequest("Action " + action + " needs a POST request");
            }

            var services = http.RequestServices;
            var db = services.GetRequiredService<MadangDbContext>();
            var caller = await DataCaller.ResolveAsync(http, services.GetRequiredService<ApiKeyService>(), db, ct)
                ?? throw CkanException.Denied("The API key is not valid");
            var req = await CkanRequest.ReadAsync(http, CatalogService.MaxUploadBytes, ct);
            result = await InvokeAsync(action, http, caller, req, ct);
        }
        catch (CkanException ex)
        {
            await WriteErrorAsync(http, help, ex, ct);
            return;
        }
        catch (CatalogValidationException ex)
        {
            await WriteErrorAsync(http, help, CkanException.Invalid(ex.Errors), ct);
            return;
        }
        catch (DatastoreQueryException ex)
        {
            await WriteErrorAsync(http, help, ex.NotFound ? CkanException.NotFound(ex.Message) : CkanException.Invalid("datastore", ex.Message), ct);
            return;
        }

        await WriteAsync(http, 200, new JsonObject { ["help"] = help, ["success"] = true, ["result"] = result }, ct);
    }

    /// <summary>Runs one action for <paramref name="caller"/>; CKAN's errors are thrown as <see cref="CkanException"/> (the REST API reuses the actions).</summary>
    internal static async Task<JsonNode?> InvokeAsync(string action, HttpContext http, DataCaller caller, CkanRequest req, CancellationToken ct)
    {
        var ctx = new CkanContext(http, http.RequestServices.GetRequiredService<MadangDbContext>(), caller, req);
        return action switch
        {
            "status_show" => await StatusAsync(ctx, ct),
            "site_read" => JsonValue.Create(true),
            "package_list" => await PackageListAsync(ctx, ct),
            "package_search" => await PackageSearchAsync(ctx, ct),
            "package_show" => await PackageShowAsync(ctx, ct),
            "resource_show" => await ResourceShowAsync(ctx, ct),
            "organization_list" => await OrganizationListAsync(ctx, ct),
            "organization_show" => await OrganizationShowAsync(ctx, ct),
            "group_list" => await GroupListAsync(ctx, ct),
            "group_show" => await GroupShowAsync(ctx, ct),
            "tag_list" => await TagListAsync(ctx, ct),
            "license_list" => LicenseList(),
            "datastore_search" => await DatastoreSearchAsync(ctx, ct),
            "package_create" => await PackageCreateAsync(ctx, ct),
            "package_update" => await PackageUpdateAsync(ctx, patch: false, ct),
            "package_patch" => await PackageUpdateAsync(ctx, patch: true, ct),
            "resource_create" => await ResourceCreateAsync(ctx, ct),
            "resource_patch" => await ResourcePatchAsync(ctx, ct),
            "datastore_upsert" => await DatastoreUpsertAsync(ctx, ct),
            _ => throw CkanException.BadRequest("Action name not known: " + action),
        };
    }

    /// <summary>Writes CKAN's error envelope; shared with the rate limiter so a 429 looks like every other CKAN error.</summary>
    public static Task WriteErrorAsync(HttpContext http, string help, CkanException ex, CancellationToken ct)
    {
        var error = new JsonObject { ["__type"] = ex.Type, ["message"] = ex.Message };
        foreach (var (field, messages) in ex.Fields ?? new Dictionary<string, string[]>())
        {
            error[field] = new JsonArray(messages.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray());
        }

        return WriteAsync(http, ex.Status, new JsonObject { ["help"] = help, ["success"] = false, ["error"] = error }, ct);
    }

    private static async Task WriteAsync(HttpContext http, int status, JsonObject body, CancellationToken ct)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json;charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        await using var writer = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Encoder = Output.Encoder });
        body.WriteTo(writer, Output);
        await writer.FlushAsync(ct);
    }

    /// <summary>One call's database, caller, parameters and the language titles are given in.</summary>
    private sealed record CkanContext(HttpContext Http, MadangDbContext Db, DataCaller Caller, CkanRequest Req)
    {
        public string BaseUrl => $"{Http.Request.Scheme}://{Http.Request.Host}";

        /// <summary>CKAN gives one title; <c>lang</c> picks the language (ckanext-fluent), else the site's default.</summary>
        public string Culture => Req.Str("lang") is { } l && SiteCultures.IsSupported(l) ? l : SiteCultures.Default;

        public T Service<T>()
            where T : notnull => Http.RequestServices.GetRequiredService<T>();

        public string ThemeTitle(string code) => Service<TextCatalog>().Get(Culture, "data.theme." + code);

        /// <summary>Whether the caller may see <paramref name="d"/>: public to all, others only to a key of its organisation.</summary>
        public bool CanSee(Dataset d) => d.DeletedAt is null && (d.State == DatasetState.Published || Caller.CanWrite(d.OrganisationId));
    }

    private static async Task<JsonNode> StatusAsync(CkanContext c, CancellationToken ct)
    {
        var settings = await c.Db.SiteSettings.AsNoTracking().FirstOrDefaultAsync(ct);
        var culture = settings?.DefaultLanguage ?? SiteCultures.Default;
        return new JsonObject
        {
            ["site_title"] = settings?.SiteName.Get(culture) is { Length: > 0 } t ? t : "Madang",
            ["site_description"] = string.Empty,
            ["site_url"] = c.BaseUrl,
            ["error_emails_to"] = null,
            ["locale_default"] = culture,
            ["extensions"] = new JsonArray("datastore", "fluent", "dcat"),
            ["ckan_version"] = CkanVersion,
        };
    }

    private static async Task<JsonNode> PackageListAsync(CkanContext c, CancellationToken ct)
    {
        var limit = c.Req.Int("limit", int.MaxValue);
        var offset = c.Req.Int("offset", 0);
        var names = await c.Db.Set<Dataset>().AsNoTracking().Where(d => d.DeletedAt == null && d.State == DatasetState.Published)
            .OrderBy(d => d.Name).Select(d => d.Name).Skip(offset).Take(limit).ToListAsync(ct);
        return new JsonArray(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
    }

    [GeneratedRegex("""(?<sign>[+-]?)(?<field>[A-Za-z_.]+):(?:"(?<quoted>(?:[^"\\]|\\.)*)"|(?<bare>[^\s"()]+))""")]
    private static partial Regex FieldTerm();

    private static readonly Dictionary<string, DatasetSort> Sorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["score desc"] = DatasetSort.Relevance,
        ["rank desc"] = DatasetSort.Relevance,
        ["relevance asc"] = DatasetSort.Relevance,
        ["metadata_modified desc"] = DatasetSort.ModifiedDesc,
        ["metadata_modified asc"] = DatasetSort.ModifiedAsc,
        ["metadata_created desc"] = DatasetSort.CreatedDesc,
        ["metadata_created asc"] = DatasetSort.CreatedAsc,
        ["name asc"] = DatasetSort.NameAsc,
        ["name desc"] = DatasetSort.NameDesc,
        ["title_string asc"] = DatasetSort.TitleAsc,
        ["title_string desc"] = DatasetSort.TitleDesc,
        ["title asc"] = DatasetSort.TitleAsc,
        ["title desc"] = DatasetSort.TitleDesc,
    };

    /// <summary>
    /// Reads CKAN's <c>q</c>/<c>fq</c> into a <see cref="DatasetSearchQuery"/>: <c>field:value</c> terms (quoted values
    /// allowed) filter; the rest of <c>q</c> is text. Negated terms are not supported and are ignored.
    /// </summary>
    internal static DatasetSearchQuery ParseSearch(string? q, IEnumerable<string> fq, IReadOnlyList<Organisation> orgs)
    {
        var organisations = new List<string>();
        var tags = new List<string>();
        var formats = new List<string>();
        var licenses = new List<string>();
        var themes = new List<string>();
        var names = new List<string>();
        var text = new StringBuilder();

        void Terms(string s, bool isQ)
        {
            var rest = FieldTerm().Replace(s, m =>
            {
                var field = m.Groups["field"].Value.ToLowerInvariant();
                var value = m.Groups["quoted"].Success ? Regex.Unescape(m.Groups["quoted"].Value) : m.Groups["bare"].Value;
                if (m.Groups["sign"].Value == "-" || value == "*")
                {
                    return " ";
                }

                switch (field)
                {
                    case "organization" or "owner_org":
                        organisations.Add(orgs.FirstOrDefault(o => string.Equals(CkanDicts.OrganisationSlug(o.Code), value, StringComparison.OrdinalIgnoreCase) || o.Id.ToString() == value)?.Code
                            ?? "\u0000" + value);
                        break;
                    case "tags":
                        tags.Add(value);
                        break;
                    case "res_format":
                        formats.Add(value);
                        break;
                    case "license_id":
                        licenses.Add(value);
                        break;
                    case "groups":
                        themes.Add(CkanDicts.ThemeCode(value) ?? "\u0000" + value);
                        break;
                    case "name":
                        names.Add(value);
                        break;
                    case "text" or "title" or "notes":
                        return " " + value + " ";
                    default:
                        // A field Madang does not index (capacity, state, dataset_type …): CKAN adds some itself; nothing to filter.
                        break;
                }

                return " ";
            });
            if (isQ)
            {
                text.Append(rest.Replace("*:*", " ", StringComparison.Ordinal)).Append(' ');
            }
        }

        Terms(q ?? string.Empty, isQ: true);
        foreach (var f in fq)
        {
            Terms(f, isQ: false);
        }

        var words = text.ToString().Trim();
        return new DatasetSearchQuery
        {
            Q = words.Length == 0 ? null : words,
            Organisations = organisations,
            Tags = tags,
            Formats = formats,
            Licenses = licenses,
            Themes = themes,
            Names = names,
        };
    }

    private static async Task<JsonNode> PackageSearchAsync(CkanContext c, CancellationToken ct)
    {
        var orgs = await c.Db.Organisations.AsNoTracking().ToListAsync(ct);
        var fq = new List<string>();
        if (c.Req.Str("fq") is { } f)
        {
            fq.Add(f);
        }

        fq.AddRange(c.Req.List("fq_list"));
        var query = ParseSearch(c.Req.Str("q"), fq, orgs);
        var sortText = c.Req.Str("sort")?.Trim();
        var sort = DatasetSort.Relevance;
        if (!string.IsNullOrEmpty(sortText))
        {
            // "score desc, metadata_modified desc": the first known key decides; Madang breaks ties by itself.
            var first = Regex.Replace(sortText.Split(',')[0].Trim(), @"\s+", " ");
            if (!Sorts.TryGetValue(first, out sort))
            {
                throw CkanException.SearchQuery("Unsupported sort: " + sortText);
            }

            if (sort == DatasetSort.Relevance && query.Q is null && sortText.Split(',').Skip(1).FirstOrDefault() is { } then
                && Sorts.TryGetValue(Regex.Replace(then.Trim(), @"\s+", " "), out var second))
            {
                sort = second;
            }
        }

        var facetFields = c.Req.Bool("facet", true) ? c.Req.List("facet.field") : [];
        var includePrivate = c.Req.Bool("include_private") || c.Req.Bool("include_drafts");
        query = query with
        {
            Sort = sort,
            Culture = c.Culture,
            Offset = c.Req.Int("start", 0),
            Limit = c.Req.Int("rows", 10, 0, MaxRows),
            FacetFields = facetFields,
            FacetLimit = c.Req.Int("facet.limit", 50, -1) is var fl and > 0 ? fl : 1000,
            PrivateOf = includePrivate ? c.Caller.Scope.ToList() : [],
        };
        var found = await c.Service<DatasetSearch>().SearchAsync(query, ct);
        var results = await CkanDicts.PackagesAsync(c.Db, found.Results, c.BaseUrl, c.Culture, c.ThemeTitle, ct);

        var facets = new JsonObject();
        var searchFacets = new JsonObject();
        foreach (var (name, values) in found.Facets)
        {
            var counts = new JsonObject();
            var items = new JsonArray();
            foreach (var v in values)
            {
                var (key, display) = FacetLabel(name, v.Name, orgs, c);
                counts[key] = v.Count;
                items.Add(new JsonObject { ["name"] = key, ["display_name"] = display, ["count"] = v.Count });
            }

            facets[name] = counts;
            searchFacets[name] = new JsonObject { ["title"] = name, ["items"] = items };
        }

        return new JsonObject
        {
            ["count"] = found.Count,
            ["sort"] = sortText ?? "score desc, metadata_modified desc",
            ["results"] = new JsonArray(results.Select(r => (JsonNode?)r).ToArray()),
            ["facets"] = facets,
            ["search_facets"] = searchFacets,
        };
    }

    private static (string Key, string Display) FacetLabel(string facet, string value, IReadOnlyList<Organisation> orgs, CkanContext c) => facet switch
    {
        DatasetSearch.OrganisationFacet => orgs.FirstOrDefault(o => o.Code == value) is { } o
            ? (CkanDicts.OrganisationSlug(o.Code), o.Name.Get(c.Culture))
            : (CkanDicts.OrganisationSlug(value), value),
        DatasetSearch.ThemeFacet => (CkanDicts.GroupName(value), c.ThemeTitle(value)),
        _ => (value, value),
    };

    /// <summary>The dataset by id or name when the caller may see it; else CKAN's Not Found.</summary>
    private static async Task<Dataset> VisibleDatasetAsync(CkanContext c, string idOrName, CancellationToken ct)
    {
        var d = await c.Service<CatalogService>().FindAsync(idOrName, ct: ct);
        // A private or draft dataset is reported missing, not forbidden, so its existence does not leak.
        return d is not null && c.CanSee(d) ? d : throw CkanException.NotFound("Dataset");
    }

    private static async Task<JsonObject> PackageDictAsync(CkanContext c, Dataset d, CancellationToken ct) =>
        (await CkanDicts.PackagesAsync(c.Db, [d], c.BaseUrl, c.Culture, c.ThemeTitle, ct))[0];

    private static async Task<JsonNode> PackageShowAsync(CkanContext c, CancellationToken ct) =>
        await PackageDictAsync(c, await VisibleDatasetAsync(c, c.Req.Required("id"), ct), ct);

    private static async Task<(Dataset Dataset, DataResource Resource)> VisibleResourceAsync(CkanContext c, string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var rid))
        {
            throw CkanException.NotFound("Resource was not found.");
        }

        var datasetId = await c.Db.Set<DataResource>().Where(r => r.Id == rid && r.DeletedAt == null).Select(r => (Guid?)r.DatasetId).FirstOrDefaultAsync(ct);
        var d = datasetId is null ? null : await c.Service<CatalogService>().FindAsync(datasetId.Value.ToString(), ct: ct);
        if (d is null || !c.CanSee(d))
        {
            throw CkanException.NotFound("Resource was not found.");
        }

        return (d, d.Resources.Single(r => r.Id == rid));
    }

    private static async Task<JsonNode> ResourceShowAsync(CkanContext c, CancellationToken ct)
    {
        var (d, r) = await VisibleResourceAsync(c, c.Req.Required("id"), ct);
        var live = r.CurrentVersionId is { } v ? await c.Db.Set<ResourceVersion>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == v, ct) : null;
        return CkanDicts.Resource(d, r, live, c.BaseUrl, c.Culture);
    }

    private static async Task<Dictionary<Guid, int>> PublicCountsByOrganisationAsync(MadangDbContext db, CancellationToken ct) =>
        await db.Set<Dataset>().Where(d => d.DeletedAt == null && d.State == DatasetState.Published)
            .GroupBy(d => d.OrganisationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    private static IEnumerable<T> Page<T>(CkanContext c, IEnumerable<T> items, int defaultLimit) =>
        items.Skip(c.Req.Int("offset", 0)).Take(c.Req.Int("limit", defaultLimit));

    private static async Task<JsonNode> OrganizationListAsync(CkanContext c, CancellationToken ct)
    {
        var orgs = await c.Db.Organisations.AsNoTracking().Where(o => o.IsActive).ToListAsync(ct);
        var counts = await PublicCountsByOrganisationAsync(c.Db, ct);
        var q = c.Req.Str("q");
        IEnumerable<Organisation> list = orgs.Where(o => string.IsNullOrEmpty(q)
            || CkanDicts.OrganisationSlug(o.Code).Contains(q, StringComparison.OrdinalIgnoreCase) || o.Name.All().Any(n => n.Contains(q, StringComparison.OrdinalIgnoreCase)));
        var sort = c.Req.Str("sort") ?? "title asc";
        list = sort.StartsWith("package_count", StringComparison.OrdinalIgnoreCase)
            ? list.OrderByDescending(o => counts.GetValueOrDefault(o.Id)).ThenBy(o => o.Code, StringComparer.Ordinal)
            : sort.StartsWith("name", StringComparison.OrdinalIgnoreCase)
                ? list.OrderBy(o => CkanDicts.OrganisationSlug(o.Code), StringComparer.Ordinal)
                : list.OrderBy(o => o.Name.Get(c.Culture), StringComparer.Ordinal);
        if (sort.EndsWith(" desc", StringComparison.OrdinalIgnoreCase) && !sort.StartsWith("package_count", StringComparison.OrdinalIgnoreCase))
        {
            list = list.Reverse();
        }

        var all = c.Req.Bool("all_fields");
        return new JsonArray(Page(c, list, all ? 25 : 1000)
            .Select(o => all ? CkanDicts.Organisation(o, c.Culture, counts.GetValueOrDefault(o.Id)) : (JsonNode?)JsonValue.Create(CkanDicts.OrganisationSlug(o.Code)))
            .ToArray());
    }

    private static async Task<JsonNode> OrganizationShowAsync(CkanContext c, CancellationToken ct)
    {
        var id = c.Req.Required("id");
        var orgs = await c.Db.Organisations.AsNoTracking().ToListAsync(ct);
        var org = orgs.FirstOrDefault(o => o.Id.ToString() == id || string.Equals(CkanDicts.OrganisationSlug(o.Code), id, StringComparison.OrdinalIgnoreCase) || o.Code == id)
            ?? throw CkanException.NotFound("Organization was not found.");
        var counts = await PublicCountsByOrganisationAsync(c.Db, ct);
        var dict = CkanDicts.Organisation(org, c.Culture, counts.GetValueOrDefault(org.Id));
        dict["extras"] = new JsonArray();
        dict["users"] = new JsonArray();
        dict["groups"] = new JsonArray();
        dict["tags"] = new JsonArray();
        if (c.Req.Bool("include_datasets"))
        {
            var found = await c.Service<DatasetSearch>().SearchAsync(new DatasetSearchQuery { Organisations = [org.Code], Limit = MaxRows, Culture = c.Culture }, ct);
            dict["packages"] = new JsonArray((await CkanDicts.PackagesAsync(c.Db, found.Results, c.BaseUrl, c.Culture, c.ThemeTitle, ct)).Select(p => (JsonNode?)p).ToArray());
        }

        return dict;
    }

    private static async Task<Dictionary<string, int>> ThemeCountsAsync(MadangDbContext db, CancellationToken ct) =>
        await db.Set<DatasetTheme>()
            .Where(t => db.Set<Dataset>().Any(d => d.Id == t.DatasetId && d.DeletedAt == null && d.State == DatasetState.Published))
            .GroupBy(t => t.Code).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    private static async Task<JsonNode> GroupListAsync(CkanContext c, CancellationToken ct)
    {
        var counts = await ThemeCountsAsync(c.Db, ct);
        var all = c.Req.Bool("all_fields");
        var sort = c.Req.Str("sort") ?? "title asc";
        IEnumerable<string> codes = sort.StartsWith("package_count", StringComparison.OrdinalIgnoreCase)
            ? Themes.Codes.OrderByDescending(counts.GetValueOrDefault).ThenBy(x => x, StringComparer.Ordinal)
            : sort.StartsWith("name", StringComparison.OrdinalIgnoreCase) ? Themes.Codes : Themes.Codes.OrderBy(c.ThemeTitle, StringComparer.Ordinal);
        return new JsonArray(Page(c, codes, all ? 25 : 1000)
            .Select(code => all ? CkanDicts.Group(code, c.ThemeTitle(code), counts.GetValueOrDefault(code)) : (JsonNode?)JsonValue.Create(CkanDicts.GroupName(code)))
            .ToArray());
    }

    private static async Task<JsonNode> GroupShowAsync(CkanContext c, CancellationToken ct)
    {
        var code = CkanDicts.ThemeCode(c.Req.Required("id")) ?? throw CkanException.NotFound("Group was not found.");
        var counts = await ThemeCountsAsync(c.Db, ct);
        var dict = CkanDicts.Group(code, c.ThemeTitle(code), counts.GetValueOrDefault(code));
        if (c.Req.Bool("include_datasets"))
        {
            var found = await c.Service<DatasetSearch>().SearchAsync(new DatasetSearchQuery { Themes = [code], Limit = MaxRows, Culture = c.Culture }, ct);
            dict["packages"] = new JsonArray((await CkanDicts.PackagesAsync(c.Db, found.Results, c.BaseUrl, c.Culture, c.ThemeTitle, ct)).Select(p => (JsonNode?)p).ToArray());
        }

        return dict;
    }

    private static async Task<JsonNode> TagListAsync(CkanContext c, CancellationToken ct)
    {
        var prefix = c.Req.Str("query") ?? c.Req.Str("q");
        var tags = c.Db.Set<DatasetTag>()
            .Where(t => c.Db.Set<Dataset>().Any(d => d.Id == t.DatasetId && d.DeletedAt == null && d.State == DatasetState.Published));
        if (!string.IsNullOrEmpty(prefix))
        {
            tags = tags.Where(t => t.Name.StartsWith(prefix));
        }

        var names = await tags.Select(t => t.Name).Distinct().OrderBy(n => n).ToListAsync(ct);
        var all = c.Req.Bool("all_fields");
        return new JsonArray(names.Select(n => all
            ? new JsonObject { ["id"] = n, ["name"] = n, ["display_name"] = n, ["vocabulary_id"] = null }
            : (JsonNode?)JsonValue.Create(n)).ToArray());
    }

    private static JsonArray LicenseList() => new JsonArray(Licenses.All.Select(l => (JsonNode?)new JsonObject
    {
        ["id"] = l.Id,
        ["title"] = l.Title,
        ["url"] = l.Url,
        ["is_okd_compliant"] = l.IsOpen,
        ["is_osi_compliant"] = false,
        ["od_conformance"] = l.IsOpen ? "approved" : "not reviewed",
        ["osd_conformance"] = "not reviewed",
        ["status"] = "active",
        ["family"] = string.Empty,
        ["maintainer"] = string.Empty,
        ["domain_content"] = true,
        ["domain_data"] = true,
        ["domain_software"] = false,
    }).ToArray());
}
