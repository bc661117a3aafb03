using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Requests.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Madang.Requests.Api;

/// <summary>A report's photos at one address whatever the reader's language (Open311's <c>media_url</c> points here).</summary>
public static class RequestPhotoEndpoints
{
    public static IEndpointRouteBuilder MapRequestPhotos(this IEndpointRouteBuilder app)
    {
        app.MapGet("/requests/{id:long}/photos/{position:int}", PhotoAsync).WithTags("Requests").WithName("RequestPhoto")
            .WithSummary("A photo of a public report (JPEG, cleaned of camera data)");
        return app;
    }

    private static async Task<IResult> PhotoAsync(long id, int position, HttpContext http, MadangDbContext db, IFileStore store, CancellationToken ct)
    {
        var sha = await (from p in db.Set<RequestPhoto>().AsNoTracking()
                         join r in db.Set<Request>().AsNoTracking() on p.RequestId equals r.Id
                         where p.RequestId == id && p.Position == position && !r.IsPrivate
                         select p.Sha256).SingleOrDefaultAsync(ct);
        if (sha is null || await store.OpenReadAsync(sha, ct) is not { } stream)
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Stream(stream, "image/jpeg", entityTag: new EntityTagHeaderValue($"\"{sha}\""), enableRangeProcessing: false);
    }
}
