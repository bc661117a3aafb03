using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Pages.Requests;

/// <summary>How each department keeps its deadlines: answered on time and late, waiting, and overdue now.</summary>
public sealed class DepartmentsModel(MadangDbContext db, TimeProvider clock) : MadangPage
{
    /// <summary>One department's figures.</summary>
    public sealed record Row(Guid? Id, string Name, int Received, int OnTime, int Late, int Waiting, int Overdue, double? AverageRating);

    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Private requests count too: the figures say how a department works, and show no request.
        var all = await db.Set<Request>().AsNoTracking()
            .Select(r => new { r.OrganisationId, r.AnsweredAt, r.DueAt, r.State, r.Rating }).ToListAsync(ct);
        var names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name.Get(Culture), ct);
        Rows = all.GroupBy(r => r.OrganisationId).Select(g => new Row(
                g.Key,
                g.Key is { } id && names.TryGetValue(id, out var n) ? n : L["requests.unrouted"],
                g.Count(),
                g.Count(r => r.AnsweredAt is { } a && a <= r.DueAt),
                g.Count(r => r.AnsweredAt is { } a && a > r.DueAt),
                g.Count(r => r.AnsweredAt is null && r.State != RequestState.Closed && now <= r.DueAt),
                g.Count(r => r.AnsweredAt is null && r.State != RequestState.Closed && now > r.DueAt),
                g.Any(r => r.Rating is not null) ? g.Where(r => r.Rating is not null).Average(r => r.Rating!.Value) : null))
            .OrderByDescending(r => r.Overdue).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }
}
