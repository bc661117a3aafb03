using System.Globalization;
using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Consultations;

/// <summary>What the index holds of a consultation: its title and background, from the day it opens to the public.</summary>
public sealed class ConsultationSearch(MadangDbContext db) : ISearchSource
{
    public string Type => ConsultationService.SearchType;

    public IReadOnlyList<string> Aliases { get; } = ["consultation", "consultations", "시가묻습니다", "의견수렴", "意見募集", "征求意见", "徵詢意見"];

    public async IAsyncEnumerable<string> KeysAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var id in await db.Set<Consultation>().AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct))
        {
            yield return id.ToString(CultureInfo.InvariantCulture);
        }
    }

    public async Task<IReadOnlyList<SearchDocument>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var ids = keys.Select(k => long.TryParse(k, out var id) ? id : -1).ToList();
        return (await db.Set<Consultation>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(ct)).Select(ConsultationService.Build).ToList();
    }
}

/// <summary>What the index holds of a debate: the (screened) question it debates and, once closed, its summary.</summary>
public sealed class DebateSearch(MadangDbContext db) : ISearchSource
{
    public const string SearchType = "participation.debate";

    public string Type => SearchType;

    public IReadOnlyList<string> Aliases { get; } = ["debate", "debates", "토론", "시민토론", "討論", "讨论"];

    public static SearchDocument Build(Debate d) =>
        new(SearchType, d.Id.ToString(CultureInfo.InvariantCulture), d.Title, Markdown.ToPlainText(d.Body + "\n\n" + d.Summary), "debates/" + d.Id,
            SearchDates.Stored(d.OpensAt));

    public async IAsyncEnumerable<string> KeysAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var id in await Public().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct))
        {
            yield return id.ToString(CultureInfo.InvariantCulture);
        }
    }

    public async Task<IReadOnlyList<SearchDocument>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var ids = keys.Select(k => long.TryParse(k, out var id) ? id : -1).ToList();
        return (await Public().Where(d => ids.Contains(d.Id)).ToListAsync(ct)).Select(Build).ToList();
    }

    // A debate is public while the proposal it came from is (a consultation's debates always are).
    private IQueryable<Debate> Public() =>
        from d in db.Set<Debate>().AsNoTracking()
        where d.ProposalId == null || db.Set<Proposal>().Any(p => p.Id == d.ProposalId &&
            (p.Status == ProposalStatus.Open || p.Status == ProposalStatus.Concluded || p.Status == ProposalStatus.Expired))
        select d;
}
