using System.Text.Json;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Release.Domain;
using Madang.Release.Intake;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Release.Api;

/// <summary><c>/api/v1/release/documents</c>: intake for internal systems, and the public, masked listing.</summary>
public static class ReleaseApi
{
    public static IEndpointRouteBuilder MapReleaseApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/release/documents").WithTags("Release");
        api.MapPost("/", ReceiveAsync)
            .WithName("ReceiveDocument")
            .WithSummary("Send an approved document (multipart: a 'metadata' JSON part and one or more 'files')")
            .RequireAuthorization("apikey")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data");
        api.MapGet("/{id:guid}/status", StatusAsync)
            .WithName("DocumentStatus")
            .WithSummary("Where a sent document is in the pipeline")
            .RequireAuthorization("apikey");
        api.MapGet("/", ListAsync).WithName("ListDocuments").WithSummary("Published documents, newest first (masked)");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetDocument").WithSummary("One published document (masked)");
        return app;
    }

    /// <summary>The pipeline state of a document, for its sending system.</summary>
    /// <param name="Reason">Why the document is in its state, in English, for people reading the source system's logs.</param>
    /// <param name="Reasons">The same as codes with arguments, for programs.</param>
    public sealed record StatusDto(Guid Id, string SourceId, string State, string Reason, IReadOnlyList<Policy.StateReason> Reasons, string StatusUrl, string? PublicUrl);

    private static async Task<Results<Accepted<StatusDto>, ProblemHttpResult>> ReceiveAsync(HttpContext http, IntakeService intake, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return TypedResults.Problem(title: "Send multipart/form-data.", detail: "A 'metadata' part with JSON and one or more 'files' parts.", statusCode: 415);
        }

        var form = await http.Request.ReadFormAsync(ct);
        IntakeMetadata? meta;
        try
        {
            meta = JsonSerializer.Deserialize<IntakeMetadata>(form["metadata"].ToString(), JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(title: "The metadata is not valid JSON.", detail: ex.Message, statusCode: 400);
        }

        if (meta is null)
        {
            return TypedResults.Problem(title: "The metadata part is missing.", statusCode: 400);
        }

        var files = form.Files.Select(f => new IntakeFile(f.FileName, f.OpenReadStream())).ToList();
        var source = http.User.FindFirst("apikey:id")!.Value;
        var outcome = await intake.ReceiveAsync(source, meta, files, Actor.From(http.User), ct);
        foreach (var f in files)
        {
            await f.Content.DisposeAsync();
        }

        if (!outcome.Succeeded)
        {
            var problem = TypedResults.Problem(title: "The document was not accepted.", detail: string.Join("; ", outcome.Errors), statusCode: 422);
            return problem;
        }

        var dto = Status(http, outcome.Document!);
        return TypedResults.Accepted(dto.StatusUrl, dto);
    }

    private static async Task<Results<Ok<StatusDto>, NotFound>> StatusAsync(Guid id, HttpContext http, MadangDbContext db, CancellationToken ct)
    {
        var source = http.User.FindFirst("apikey:id")!.Value;
        var doc = await db.Set<ReleaseDocument>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && d.SourceSystem == source, ct);
        return doc is null ? TypedResults.NotFound() : TypedResults.Ok(Status(http, doc));
    }

    private static StatusDto Status(HttpContext http, ReleaseDocument d)
    {
        var root = $"{http.Request.Scheme}://{http.Request.Host}";
        var catalog = http.RequestServices.GetRequiredService<Core.Localization.TextCatalog>();
        return new StatusDto(d.Id, d.SourceId, d.State.ToString(), Policy.ReasonText.Describe(catalog, "en", d.StateReason), Policy.StateReason.Parse(d.StateReason), $"{root}/api/v1/release/documents/{d.Id}/status",
            d.State == DocumentState.Published ? $"{root}/ko/documents/{d.Id}" : null);
    }

    /// <summary>A published document as the public sees it: masked title and text, never the original.</summary>
    public sealed record PublicDocumentDto(Guid Id, string Title, string? DocumentNumber, string Department, string Type, string Disclosure,
        string? Exemptions, DateTimeOffset ApprovedAt, DateTimeOffset PublishedAt, IReadOnlyList<string> Keywords, string Language, string? Text,
        IReadOnlyList<AttachmentDto>? Attachments = null);

    /// <summary>A file the public may download: the original (<c>original</c>) or its masked text (<c>masked-text</c>).</summary>
    public sealed record AttachmentDto(string Name, long Size, string Kind, string Url);

    /// <summary>A page of published documents.</summary>
    public sealed record DocumentPage(IReadOnlyList<PublicDocumentDto> Items, string? Next);

    /// <param name="department">An organisation code: its documents and those of the departments under it.</param>
    /// <param name="type">approval, minutes, gazette, report or other.</param>
    /// <param name="disclosure">public, partial or nonpublic.</param>
    /// <param name="from">Approved on or after this day (yyyy-MM-dd, the site's time zone).</param>
    /// <param name="to">Approved on or before this day.</param>
    private static async Task<Results<Ok<DocumentPage>, ProblemHttpResult>> ListAsync(MadangDbContext db, Core.Web.SiteTime time, string? department, string? type,
        string? disclosure, string? from, string? to, string? after, int limit = 20, CancellationToken ct = default)
    {
        var (filter, errors) = DocumentFilter.Parse(department, type, disclosure, from, to);
        if (errors.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid filter", detail: string.Join("; ", errors));
        }

        return TypedResults.Ok(await ReleaseApiPaging.PageAsync(db, time, filter, after, limit, ct));
    }


    private static async Task<Results<Ok<PublicDocumentDto>, NotFound, StatusCodeHttpResult>> GetAsync(Guid id, HttpContext http, MadangDbContext db, CancellationToken ct)
    {
        var row = await db.Set<ReleaseDocument>().AsNoTracking().Include(d => d.Files).Where(d => d.Id == id)
            .Join(db.Organisations, d => d.OrganisationId, o => o.Id, (d, o) => new { Doc = d, o.Code }).SingleOrDefaultAsync(ct);
        if (row is null || row.Doc.State is not (DocumentState.Published or DocumentState.Withdrawn))
        {
            return TypedResults.NotFound();
        }

        if (row.Doc.State == DocumentState.Withdrawn)
        {
            return TypedResults.StatusCode(StatusCodes.Status410Gone);
        }

        var keywords = await Processing.Keywords.OfAsync(db, [id], ct);
        var root = $"{http.Request.Scheme}://{http.Request.Host}";
        var attachments = ReleaseFiles.List(row.Doc).Select(a => new AttachmentDto(a.Name, a.Size, a.Kind, root + a.Path)).ToList();
        return TypedResults.Ok(Dto(row.Doc, row.Code, withText: true, keywords.GetValueOrDefault(id)) with { Attachments = attachments });
    }

    internal static IQueryable<PublicRow> Public(MadangDbContext db) =>
        db.Set<ReleaseDocument>().AsNoTracking().Where(d => d.State == DocumentState.Published)
            .Join(db.Organisations, d => d.OrganisationId, o => o.Id, (d, o) => new PublicRow { Doc = d, Code = o.Code });

    /// <summary>The keywords come from the keyword rows (the author's, then extracted ones); a document published before
    /// those existed has none, so its author's keywords are shown.</summary>
    internal static PublicDocumentDto Dto(ReleaseDocument d, string code, bool withText, List<ReleaseDocumentKeyword>? keywords = null) => new(
        d.Id, d.MaskedTitle ?? "—", d.DocumentNumber, code, d.Type.ToString(), d.Disclosure.ToString(),
        d.Exemptions.Length == 0 ? null : d.Exemptions, d.ApprovedAt, d.PublishedAt!.Value,
        keywords is { Count: > 0 } ? keywords.Select(k => k.Text).ToList() : d.Keywords.Split(',', StringSplitOptions.RemoveEmptyEntries), d.Language,
        withText && d.Disclosure != DisclosureClass.NonPublic ? d.MaskedText : null);
}

/// <summary>A document with its department's code.</summary>
internal sealed class PublicRow
{
    public required ReleaseDocument Doc { get; init; }
    public required string Code { get; init; }
}

/// <summary>Keyset paging cursors: (published time, id), so deep pages cost what the first does.</summary>
internal static class Keyset
{
    public static string Format(DateTimeOffset at, Guid id) => $"{at.UtcTicks}_{id:N}";

    public static bool TryParse(string? value, out (DateTimeOffset At, Guid Id) key)
    {
        key = default;
        var parts = value?.Split('_');
        if (parts is not [var t, var g] || !long.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var ticks) || !Guid.TryParse(g, out var id))
        {
            return false;
        }

        key = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
        return true;
    }
}
