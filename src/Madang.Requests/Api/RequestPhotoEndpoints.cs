using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
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
        app.MapGet("/requests/{id:long}/attachments/{position:int}", AttachmentAsync).WithTags("Requests").WithName("RequestAttachment")
            .WithSummary("A file attached to a request: for its requester and the department only");
        return app;
    }

    /// <summary>Attachments are never public: the requester and the department's staff only; everyone else gets a 404.</summary>
    private static async Task<IResult> AttachmentAsync(long id, int position, HttpContext http, MadangDbContext db, IFileStore store,
        Requests.RequestService requests, IAuthorizationService authorization, CancellationToken ct)
    {
        var r = await db.Set<Request>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        var a = await db.Set<RequestAttachment>().AsNoTracking().SingleOrDefaultAsync(x => x.RequestId == id && x.Position == position, ct);
        if (r is null || a is null || !Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var user))
        {
            return Results.NotFound();
        }

        // The same check as the request's own page: staff, of the request's department (or an administrator).
        var staff = (await authorization.AuthorizeAsync(http.User, Madang.Core.Permissions.Permission.PolicyPrefix + "core.staff")).Succeeded;
        if (r.RequesterId != user && !(staff && await requests.MayHandleAsync(r, user, http.User.IsInRole(Madang.Core.Permissions.Roles.Administrator), ct)))
        {
            return Results.NotFound();
        }

        if (await store.OpenReadAsync(a.Sha256, ct) is not { } stream)
        {
            return Results.NotFound();
        }

        // Always a download, never rendered here: the file is whatever the requester sent.
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(stream, "application/octet-stream", a.FileName);
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
