using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Proposals;

/// <summary>What the index holds of a proposal: its public (screened) text while it is public.</summary>
public sealed class ProposalSearch(MadangDbContext db) : ISearchSource
{
    public const string SearchType = "participation.proposal";

    public string Type => SearchType;

    public IReadOnlyList<string> Aliases { get; } = ["proposal", "proposals", "제안", "시민제안", "提案", "建议", "建議"];

    public static bool IsPublic(ProposalStatus s) => s is ProposalStatus.Open or ProposalStatus.Expired or ProposalStatus.Concluded;

    public static SearchDocument? Build(Proposal p) => !IsPublic(p.Status) || p.PublishedAt is null ? null :
        new SearchDocument(SearchType, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.PublicTitle,
            Markdown.ToPlainText(p.PublicBody), "proposals/" + p.Id, SearchDates.Stored(p.PublishedAt.Value), p.DepartmentId, p.Language)
        {
            Kind = p.Category,
        };

    public async IAsyncEnumerable<string> KeysAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var ids = await db.Set<Proposal>().AsNoTracking()
            .Where(p => p.Status == ProposalStatus.Open || p.Status == ProposalStatus.Expired || p.Status == ProposalStatus.Concluded)
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            yield return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public async Task<IReadOnlyList<SearchDocument>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var ids = keys.Select(k => long.TryParse(k, out var id) ? id : -1).Where(id => id > 0).ToList();
        var proposals = await db.Set<Proposal>().AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        return proposals.Select(Build).OfType<SearchDocument>().ToList();
    }

    /// <summary>Brings the index in line with <paramref name="p"/>, and the debates it opened, in the caller's unit of work.</summary>
    public static async Task SyncAsync(ISearchIndex index, MadangDbContext db, Proposal p, CancellationToken ct)
    {
        if (Build(p) is { } doc)
        {
            await index.UpsertAsync(doc, ct);
        }
        else
        {
            await index.RemoveAsync(SearchType, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        }

        foreach (var d in await db.Set<Debate>().AsNoTracking().Where(d => d.ProposalId == p.Id).ToListAsync(ct))
        {
            if (IsPublic(p.Status))
            {
                await index.UpsertAsync(Consultations.DebateSearch.Build(d), ct);
            }
            else
            {
                await index.RemoveAsync(Consultations.DebateSearch.SearchType, d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            }
        }
    }
}
