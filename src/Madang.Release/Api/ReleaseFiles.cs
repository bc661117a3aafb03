using System.Security.Cryptography;
using System.Text;
using Madang.Core.Data;
using Madang.Core.Files;
using Madang.Core.Web;
using Madang.Release.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Madang.Release.Api;

/// <summary>A file of a published document as the public may have it: the original when cleared, else its masked text.</summary>
public sealed record Attachment(Guid FileId, string Name, long Size, string Kind, string Path);

/// <summary>Language-independent document URLs: the permalink and the attachments' downloads.</summary>
public static class ReleaseFiles
{
    public const string Original = "original";
    public const string MaskedText = "masked-text";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapReleaseFiles(this IEndpointRouteBuilder app)
    {
        // The permalink: one address for a document whatever the reader's language; it sends them to their language's page.
        app.MapGet("/documents/{id:guid}", (Guid id, HttpContext http) =>
            Results.Redirect($"/{CultureMiddleware.Preferred(http)}/documents/{id}")).ExcludeFromDescription();
        app.MapGet("/documents/{id:guid}/files/{fileId:guid}", OriginalAsync).WithTags("Release").WithName("DownloadDocumentFile")
            .WithSummary("A published document's file, when it was cleared for release");
        app.MapGet("/documents/{id:guid}/files/{fileId:guid}/text", TextAsync).WithTags("Release").WithName("DownloadDocumentFileText")
            .WithSummary("A published document's file as masked plain text");
        return app;
    }

    /// <summary>What the public sees of a document's files; empty for a non-public document.</summary>
    public static IReadOnlyList<Attachment> List(ReleaseDocument doc) =>
        doc.State != DocumentState.Published || doc.Disclosure == DisclosureClass.NonPublic
            ? []
            : doc.Files.Where(f => f.PublicName is not null).OrderBy(f => f.TextStart).ThenBy(f => f.PublicName, StringComparer.Ordinal)
                .Select(f => f.OriginalCleared
                    ? new Attachment(f.Id, f.PublicName!, f.Length, Original, $"/documents/{doc.Id}/files/{f.Id}")
                    : new Attachment(f.Id, f.PublicName + ".txt", Encoding.UTF8.GetByteCount(f.MaskedText ?? string.Empty), MaskedText, $"/documents/{doc.Id}/files/{f.Id}/text"))
                .ToList();

    private static async Task<IResult> OriginalAsync(Guid id, Guid fileId, HttpContext http, MadangDbContext db, IFileStore store, CancellationToken ct)
    {
        var (file, problem) = await FindAsync(db, id, fileId, ct);
        if (file is null)
        {
            return problem!;
        }

        // Not cleared: the original would show what the page masks. Only the masked text exists publicly.
        if (!file.OriginalCleared)
        {
            return Results.NotFound();
        }

        var stream = await store.OpenReadAsync(file.Sha256, ct);
        if (stream is null)
        {
            return Results.NotFound();
        }

        Headers(http);
        var type = ContentTypes.TryGetContentType(file.FileName, out var t) ? t : "application/octet-stream";
        return Results.Stream(stream, type, file.PublicName, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""), enableRangeProcessing: true);
    }

    private static async Task<IResult> TextAsync(Guid id, Guid fileId, HttpContext http, MadangDbContext db, CancellationToken ct)
    {
        var (file, problem) = await FindAsync(db, id, fileId, ct);
        if (file is null)
        {
            return problem!;
        }

        var bytes = Encoding.UTF8.GetBytes(file.MaskedText ?? string.Empty);
        Headers(http);
        return Results.File(bytes, "text/plain; charset=utf-8", file.PublicName + ".txt",
            entityTag: new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\""));
    }

    /// <summary>The file when its document is published and public; 410 when the document was withdrawn; else 404.</summary>
    private static async Task<(ReleaseFile? File, IResult? Problem)> FindAsync(MadangDbContext db, Guid id, Guid fileId, CancellationToken ct)
    {
        var doc = await db.Set<ReleaseDocument>().AsNoTracking().Where(d => d.Id == id)
            .Select(d => new { d.State, d.Disclosure }).SingleOrDefaultAsync(ct);
        if (doc is null || doc.State is not (DocumentState.Published or DocumentState.Withdrawn))
        {
            return (null, Results.NotFound());
        }

        if (doc.State == DocumentState.Withdrawn)
        {
            return (null, Results.StatusCode(StatusCodes.Status410Gone));
        }

        var file = doc.Disclosure == DisclosureClass.NonPublic ? null
            : await db.Set<ReleaseFile>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.DocumentId == id && f.PublicName != null, ct);
        return file is null ? (null, Results.NotFound()) : (file, null);
    }

    private static void Headers(HttpContext http)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // Short, like the page: a withdrawal must reach readers soon even through caches.
        http.Response.Headers.CacheControl = "public, max-age=60";
    }
}
