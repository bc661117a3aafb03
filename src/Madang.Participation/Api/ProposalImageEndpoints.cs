using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Participation.Domain;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Madang.Participation.Api;

/// <summary>A proposal's images at one address whatever the reader's language, seen by whoever may see the proposal.</summary>
public static class ProposalImageEndpoints
{
    public static IEndpointRouteBuilder MapProposalImages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/proposals/{id:long}/images/{position:int}", ImageAsync).WithTags("Participation").WithName("ProposalImage")
            .WithSummary("An image of a public proposal (JPEG)");
        return app;
    }

    private static async Task<IResult> ImageAsync(long id, int position, HttpContext http, MadangDbContext db, IFileStore store,
        IAuthorizationService authorization, CancellationToken ct)
    {
        var found = await (from i in db.Set<ProposalImage>().AsNoTracking()
                           join p in db.Set<Proposal>().AsNoTracking() on i.ProposalId equals p.Id
                           where i.ProposalId == id && i.Position == position
                           select new { i.Sha256, p.Status, p.AuthorId }).SingleOrDefaultAsync(ct);
        if (found is null)
        {
            return Results.NotFound();
        }

        var isPublic = ProposalSearch.IsPublic(found.Status);
        if (!isPublic)
        {
            // Held, hidden or refused: the author and moderators only, as the proposal's own page.
            var author = Guid.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var u) && u == found.AuthorId;
            if (!author && !(await authorization.AuthorizeAsync(http.User, ParticipationModule.Moderate.Policy)).Succeeded)
            {
                return Results.NotFound();
            }
        }

        var stream = await store.OpenReadAsync(found.Sha256, ct);
        if (stream is null)
        {
            return Results.NotFound();
        }

        // Short-lived even when public: a proposal hidden after reports should not linger in caches for long.
        http.Response.Headers.CacheControl = isPublic ? "public, max-age=300" : "private, no-store";
        return Results.Stream(stream, "image/jpeg", entityTag: new EntityTagHeaderValue($"\"{found.Sha256}\""), enableRangeProcessing: false);
    }
}
