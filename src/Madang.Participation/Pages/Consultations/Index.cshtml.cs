using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Consultations;

/// <summary>"The City asks": consultations open now, coming, and closed with their results.</summary>
public sealed class ConsultationsIndexModel(MadangDbContext db, TimeProvider clock) : MadangPage
{
    public List<Consultation> Open { get; private set; } = [];
    public List<Consultation> Closed { get; private set; } = [];
    public Dictionary<Guid, string> Departments { get; private set; } = [];
    public Dictionary<long, int> Respondents { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var all = await db.Set<Consultation>().AsNoTracking().Where(c => c.OpensAt <= now).OrderByDescending(c => c.ClosesAt).Take(200).ToListAsync(ct);
        Open = all.Where(c => c.ClosesAt > now).OrderBy(c => c.ClosesAt).ToList();
        Closed = all.Where(c => c.ClosesAt <= now).ToList();
        var orgs = all.Select(c => c.OrganisationId).Distinct().ToList();
        Departments = (await db.Organisations.AsNoTracking().Where(o => orgs.Contains(o.Id)).ToListAsync(ct)).ToDictionary(o => o.Id, o => o.Name.Get(Culture));
        var ids = all.Select(c => c.Id).ToList();
        Respondents = await db.Set<ConsultationResponse>().Where(r => ids.Contains(r.ConsultationId)).GroupBy(r => r.ConsultationId)
            .Select(g => new { g.Key, C = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.C, ct);
    }
}
