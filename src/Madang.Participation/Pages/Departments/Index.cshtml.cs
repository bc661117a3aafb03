using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Departments;

/// <summary>Each department's answers owed: answered on time, answered late, waiting, overdue.</summary>
public sealed class DepartmentFiguresModel(MadangDbContext db, TimeProvider clock) : MadangPage
{
    /// <summary>One department's figures.</summary>
    public sealed record Row(Guid? OrganisationId, string Name, int OnTime, int Late, int Waiting, int Overdue);

    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var obligations = await db.Set<Obligation>().AsNoTracking()
            .Select(o => new { o.OrganisationId, o.DueAt, o.AnsweredAt, Escalated = o.EscalatedAt != null }).ToListAsync(ct);
        var names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name.Get(Culture), ct);
        Rows = obligations.GroupBy(o => o.OrganisationId)
            .Select(g => new Row(g.Key, g.Key is { } id && names.TryGetValue(id, out var n) ? n : L["participation.unassigned"],
                g.Count(o => o.AnsweredAt <= o.DueAt), g.Count(o => o.AnsweredAt > o.DueAt),
                g.Count(o => o.AnsweredAt == null && o.DueAt >= now && !o.Escalated), g.Count(o => o.AnsweredAt == null && (o.DueAt < now || o.Escalated))))
            .OrderByDescending(r => r.Overdue).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }
}
