using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Data.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Dcat;

/// <summary>
/// The DCAT-AP 3 catalogue: <c>/catalog.{ttl,jsonld,rdf}</c> (paged, <c>?page=N</c>) and <c>/dataset/{name}.{ttl,jsonld,rdf}</c>.
/// Only public datasets appear.
/// </summary>
public static class DcatEndpoints
{
    /// <summary>Datasets per catalogue page: harvesters follow hydra:nextPage.</summary>
    public const int PageSize = 100;

    public static IEndpointRouteBuilder MapDcat(this IEndpointRouteBuilder app)
    {
        app.MapGet("/catalog.{format:regex(^(ttl|jsonld|rdf)$)}", CatalogAsync).WithTags("Data").WithName("DcatCatalog")
            .WithSummary("The DCAT-AP catalogue of public datasets as Turtle, JSON-LD or RDF/XML (?page=N, 100 per page)");
        app.MapGet("/dataset/{name}.{format:regex(^(ttl|jsonld|rdf)$)}", DatasetAsync).WithTags("Data").WithName("DcatDataset")
            .WithSummary("One public dataset in DCAT-AP as Turtle, JSON-LD or RDF/XML");
        // The dataset URI in the catalogue (by id) and CKAN's own page address (by name) both lead to the dataset page.
        app.MapGet("/dataset/{idOrName}", async (string idOrName, HttpContext http, MadangDbContext db, CancellationToken ct) =>
        {
            var q = Guid.TryParse(idOrName, out var id) ? PublicDatasets(db).Where(d => d.Id == id) : PublicDatasets(db).Where(d => d.Name == idOrName);
            var name = await q.Select(d => d.Name).FirstOrDefaultAsync(ct);
            return name is null ? Results.NotFound() : Results.Redirect($"/{CultureMiddleware.Preferred(http)}/datasets/{name}");
        }).ExcludeFromDescription();
        return app;
    }

    private static IQueryable<Dataset> PublicDatasets(MadangDbContext db) =>
        db.Set<Dataset>().AsNoTracking().Where(d => d.DeletedAt == null && d.State == DatasetState.Published);

    private static async Task<IResult> CatalogAsync(string format, int? page, HttpContext http, MadangDbContext db, CancellationToken ct)
    {
        var total = await PublicDatasets(db).CountAsync(ct);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var number = page ?? 1;
        if (number < 1 || number > pageCount)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No such page: the catalogue has {pageCount} page(s).");
        }

        var datasets = await Load(PublicDatasets(db).OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Skip((number - 1) * PageSize).Take(PageSize))
            .ToListAsync(ct);
        var root = Sitemaps.Root(http);
        var builder = new DcatBuilder(root);
        var graph = new RdfGraph();
        var city = await db.Organisations.AsNoTracking().Where(o => o.ParentId == null).OrderBy(o => o.SortOrder).FirstOrDefaultAsync(ct);
        var modified = await PublicDatasets(db).MaxAsync(d => (DateTimeOffset?)d.ModifiedAt, ct);
        var title = city is null ? "Open data" : "Open data — " + city.Name.Get("en");
        builder.AddCatalog(graph, title, "Datasets published by " + (city?.Name.Get("en") ?? "the city") + " on Madang.", city, datasets,
            modified, number, pageCount, total, $"{root}/catalog.{format}?page={{0}}");
        if (city is not null)
        {
            var publisher = new Iri(builder.OrganisationUri(city));
            graph.Type(publisher, "foaf:Organization");
            foreach (var lang in Core.Localization.SiteCultures.All)
            {
                graph.Add(publisher, "foaf:name", city.Name[lang], lang);
            }
        }

        await AddDatasetsAsync(db, builder, graph, datasets, ct);
        return Write(graph, format, http);
    }

    private static async Task<IResult> DatasetAsync(string name, string format, HttpContext http, MadangDbContext db, CancellationToken ct)
    {
        var d = await Load(PublicDatasets(db).Where(x => x.Name == name)).FirstOrDefaultAsync(ct);
        if (d is null)
        {
            return Results.NotFound();
        }

        var builder = new DcatBuilder(Sitemaps.Root(http));
        var graph = new RdfGraph();
        await AddDatasetsAsync(db, builder, graph, [d], ct);
        http.Response.Headers.LastModified = d.ModifiedAt.ToString("R");
        return Write(graph, format, http);
    }

    private static IQueryable<Dataset> Load(IQueryable<Dataset> q) => q
        .Include(d => d.Tags).Include(d => d.Themes)
        .Include(d => d.Resources.Where(r => r.DeletedAt == null).OrderBy(r => r.Position))
        .AsSplitQuery();

    private static async Task AddDatasetsAsync(MadangDbContext db, DcatBuilder builder, RdfGraph graph, IReadOnlyList<Dataset> datasets, CancellationToken ct)
    {
        var orgIds = datasets.Select(d => d.OrganisationId).Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var versionIds = datasets.SelectMany(d => d.Resources).Where(r => r.CurrentVersionId != null).Select(r => r.CurrentVersionId!.Value).ToList();
        var versions = await db.Set<ResourceVersion>().AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.ResourceId, ct);
        foreach (var d in datasets)
        {
            builder.AddDataset(graph, d, orgs[d.OrganisationId], versions, d.Name);
        }
    }

    private static IResult Write(RdfGraph graph, string format, HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        return format switch
        {
            "ttl" => Results.Text(RdfWriters.Turtle(graph), RdfWriters.TurtleType + "; charset=utf-8"),
            "jsonld" => Results.Text(RdfWriters.JsonLd(graph), RdfWriters.JsonLdType + "; charset=utf-8"),
            _ => Results.Text(RdfWriters.RdfXml(graph), RdfWriters.RdfXmlType + "; charset=utf-8"),
        };
    }
}
