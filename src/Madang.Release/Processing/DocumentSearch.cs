using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Release.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Processing;

/// <summary>What the index holds of a published document: the one builder for publication and for <c>search reindex</c>.</summary>
public sealed class DocumentSearch(MadangDbContext db) : ISearchSource
{
    public string Type => Publisher.SearchType;

    public IReadOnlyList<string> Aliases { get; } =
    [
        "document", "documents", "doc", "docs", "release",
        "문서", "공문", "결재문서", "文書", "公文書", "文档", "文件", "公文",
    ];

    /// <summary>The document's type as a stable code for the kind facet (not the enum's number, which a reorder would change).</summary>
    public static string KindOf(DocumentType type) => type switch
    {
        DocumentType.Approval => "approval",
        DocumentType.Minutes => "minutes",
        DocumentType.Gazette => "gazette",
        DocumentType.Report => "report",
        _ => "other",
    };

    /// <summary>The entry of a published document with its public keywords in order; null for any other state.</summary>
    /// <remarks>A non-public document shows its metadata only: its text never reaches a public surface, search included.
    /// The date is kept in UTC, as the database returns it, so that publication and a rebuild hash alike.</remarks>
    public static SearchDocument? Build(ReleaseDocument doc, IReadOnlyList<string> keywords) => doc.State != DocumentState.Published ? null :
        Build(doc.Id, doc.MaskedTitle, doc.Disclosure == DisclosureClass.NonPublic ? null : doc.MaskedText, doc.ApprovedAt, doc.OrganisationId,
            doc.Language, doc.Type, doc.DocumentNumber, keywords);

    private static SearchDocument Build(Guid id, string? title, string? body, DateTimeOffset approvedAt, Guid organisationId, string language,
        DocumentType type, string? number, IReadOnlyList<string> keywords) =>
        new(Publisher.SearchType, id.ToString(), title ?? "—", body ?? string.Empty, "documents/" + id, SearchDates.Stored(approvedAt), organisationId, language)
        {
            Kind = KindOf(type),
            Keywords = keywords,
            Identifier = string.IsNullOrWhiteSpace(number) ? null : number.Trim(),
        };

    public async IAsyncEnumerable<string> KeysAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var id in db.Set<ReleaseDocument>().AsNoTracking().Where(d => d.State == DocumentState.Published).OrderBy(d => d.Id)
            .Select(d => d.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return id.ToString();
        }
    }

    public async Task<IReadOnlyList<SearchDocument>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var ids = keys.Select(k => Guid.TryParse(k, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        // Only the public fields: the extracted (unmasked) text is never read here.
        var docs = await db.Set<ReleaseDocument>().AsNoTracking().Where(d => ids.Contains(d.Id) && d.State == DocumentState.Published)
            .Select(d => new
            {
                d.Id, d.MaskedTitle, Body = d.Disclosure == DisclosureClass.NonPublic ? null : d.MaskedText, d.ApprovedAt, d.OrganisationId,
                d.Language, d.Type, d.DocumentNumber,
            })
            .ToListAsync(ct);
        var keywords = await Keywords.OfAsync(db, docs.Select(d => d.Id).ToList(), ct);
        return docs.Select(d => Build(d.Id, d.MaskedTitle, d.Body, d.ApprovedAt, d.OrganisationId, d.Language, d.Type, d.DocumentNumber,
            keywords.TryGetValue(d.Id, out var k) ? k.Select(x => x.Text).ToList() : [])).ToList();
    }
}
