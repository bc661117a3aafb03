using System.Globalization;
using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Requests;

/// <summary>What the index holds of a request: a public one once answered — its masked question and answer — so that
/// people find answers before they ask again.</summary>
public sealed class RequestSearch(MadangDbContext db) : ISearchSource
{
    public const string SearchType = "requests.request";

    public string Type => SearchType;

    public IReadOnlyList<string> Aliases { get; } = ["request", "requests", "question", "questions", "질문", "정보공개", "質問", "開示請求", "提问", "提問"];

    public static SearchDocument? Build(Request r) =>
        r.IsPrivate || r.AnsweredAt is null || r.PublicAnswer is null ? null :
        new SearchDocument(SearchType, r.Id.ToString(CultureInfo.InvariantCulture), r.PublicSubject, r.PublicText + "\n\n" + r.PublicAnswer,
            "requests/" + r.Id, SearchDates.Stored(r.AnsweredAt.Value), r.OrganisationId, r.Language)
        {
            Kind = r.Kind.ToString().ToLowerInvariant(),
        };

    public async IAsyncEnumerable<string> KeysAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var ids = await db.Set<Request>().AsNoTracking().Where(r => !r.IsPrivate && r.AnsweredAt != null && r.PublicAnswer != null)
            .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            yield return id.ToString(CultureInfo.InvariantCulture);
        }
    }

    public async Task<IReadOnlyList<SearchDocument>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var ids = keys.Select(k => long.TryParse(k, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(id => id > 0).ToList();
        var requests = await db.Set<Request>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        return requests.Select(Build).OfType<SearchDocument>().ToList();
    }

    /// <summary>Brings the index in line with <paramref name="r"/> in the caller's unit of work.</summary>
    public static async Task SyncAsync(ISearchIndex index, Request r, CancellationToken ct)
    {
        if (Build(r) is { } doc)
        {
            await index.UpsertAsync(doc, ct);
        }
        else
        {
            await index.RemoveAsync(SearchType, r.Id.ToString(CultureInfo.InvariantCulture), ct);
        }
    }
}
