using Madang.Core.ApiKeys;
using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Madang.Data.Api;

/// <summary>
/// Resource downloads (the live version, or any accepted version) streamed from the file store with ETag (sha256),
/// Last-Modified and 304s; and CKAN's <c>/datastore/dump/{id}</c> streamed from the datastore table.
/// </summary>
public static class DataDownloads
{
    public static IEndpointRouteBuilder MapDataDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/datasets/{name}/resources/{resourceId:guid}/download/{fileName?}", LiveAsync)
            .WithName("DownloadResource").WithTags("Data").WithSummary("The live version of a resource's file")
            .RequireRateLimiting(DataRateLimits.Policy);
        app.MapGet("/datasets/{name}/resources/{resourceId:guid}/versions/{number:int}/download/{fileName?}", VersionAsync)
            .WithName("DownloadResourceVersion").WithTags("Data").WithSummary("One accepted version of a resource's file")
            .RequireRateLimiting(DataRateLimits.Policy);
        app.MapGet("/datastore/dump/{resourceId:guid}", DumpAsync)
            .WithName("DatastoreDump").WithTags("Data").WithSummary("Every datastore row of a resource as CSV, TSV or JSON (CKAN's dump)")
            .RequireRateLimiting(DataRateLimits.Policy);
        return app;
    }

    /// <summary>The dataset and resource when the caller may read them: public, or of the calling key's organisations.</summary>
    private static async Task<(Dataset? Dataset, DataResource? Resource, DataCaller? Caller)> FindAsync(HttpContext http, MadangDbContext db,
        string? name, Guid resourceId, CancellationToken ct)
    {
        var caller = await DataCaller.ResolveAsync(http, http.RequestServices.GetRequiredService<ApiKeyService>(), db, ct);
        if (caller is null)
        {
            return (null, null, null);
        }

        var r = await db.Set<DataResource>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == resourceId && x.DeletedAt == null, ct);
        var d = r is null ? null : await db.Set<Dataset>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == r.DatasetId && x.DeletedAt == null, ct);
        if (d is null || (name is not null && d.Name != name) || (d.State != DatasetState.Published && !caller.CanWrite(d.OrganisationId)))
        {
            return (null, null, caller);
        }

        return (d, r, caller);
    }

    private static async Task<IResult> LiveAsync(string name, Guid resourceId, HttpContext http, MadangDbContext db, IFileStore store, CancellationToken ct)
    {
        var (d, r, caller) = await FindAsync(http, db, name, resourceId, ct);
        if (caller is null)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (r is null)
        {
            return Results.NotFound();
        }

        if (r.Kind == ResourceKind.Link)
        {
            return Results.Redirect(r.LinkUrl ?? "/");
        }

        var v = r.CurrentVersionId is { } id ? await db.Set<ResourceVersion>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        return v is null ? Results.NotFound() : await FileAsync(http, store, v, ct);
    }

    private static async Task<IResult> VersionAsync(string name, Guid resourceId, int number, HttpContext http, MadangDbContext db, IFileStore store, CancellationToken ct)
    {
        var (d, r, caller) = await FindAsync(http, db, name, resourceId, ct);
        if (caller is null)
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (r is null)
        {
            return Results.NotFound();
        }

        var v = await db.Set<ResourceVersion>().AsNoTracking().FirstOrDefaultAsync(x => x.ResourceId == r.Id && x.Number == number, ct);
        // A rejected or pending upload is the publisher's to inspect, never the public's.
        if (v is null || (v.Status != VersionStatus.Accepted && !caller.CanWrite(d!.OrganisationId)))
        {
            return Results.NotFound();
        }

        return await FileAsync(http, store, v, ct);
    }

    private static async Task<IResult> FileAsync(HttpContext http, IFileStore store, ResourceVersion v, CancellationToken ct)
    {
        var stream = await store.OpenReadAsync(v.Sha256, ct);
        if (stream is null)
        {
            return Results.NotFound();
        }

        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "public, max-age=60";
        // Results.Stream answers If-None-Match / If-Modified-Since with 304 and writes Content-Disposition with filename*
        // (RFC 6266 / 5987), so a Korean or Japanese file name survives.
        return Results.Stream(stream, Catalog.Formats.MediaType(v.FileName), v.FileName,
            lastModified: v.CreatedAt, entityTag: new EntityTagHeaderValue($"\"{v.Sha256}\""), enableRangeProcessing: true);
    }

    private static async Task DumpAsync(Guid resourceId, HttpContext http, MadangDbContext db, string? format, bool? bom, CancellationToken ct)
    {
        var (d, r, caller) = await FindAsync(http, db, null, resourceId, ct);
        if (caller is null || r is null || r.DatastoreState != DatastoreState.Active)
        {
            http.Response.StatusCode = caller is null ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
            return;
        }

        var (kind, type, ext) = (format ?? "csv").ToLowerInvariant() switch
        {
            "json" => (DatastoreDumpFormat.Json, "application/json; charset=utf-8", "json"),
            "tsv" => (DatastoreDumpFormat.Tsv, "text/tab-separated-values; charset=utf-8", "tsv"),
            _ => (DatastoreDumpFormat.Csv, "text/csv; charset=utf-8", "csv"),
        };
        var fileName = $"{d!.Name}-{resourceId.ToString()[..8]}.{ext}";
        http.Response.ContentType = type;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName, FileName = fileName }.ToString();
        if (r.DatastoreVersionId is { } version)
        {
            http.Response.Headers.ETag = $"\"{version}-{ext}\"";
        }

        await http.RequestServices.GetRequiredService<DatastoreService>().DumpAsync(resourceId, http.Response.Body, kind, bom ?? false, ct);
    }
}
