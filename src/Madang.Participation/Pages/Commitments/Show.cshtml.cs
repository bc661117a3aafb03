using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Commitments;

/// <summary>One commitment: what, who, budget, milestones and the timeline of updates with their evidence.</summary>
public sealed class CommitmentShowModel(MadangDbContext db, SiteTime time, TimeProvider clock) : MadangPage
{
    public DateOnly Today => DateOnly.FromDateTime(time.Local(clock.GetUtcNow()).DateTime);

    public Commitment Commitment { get; private set; } = null!;
    public string Department { get; private set; } = string.Empty;
    public List<CommitmentMilestone> Milestones { get; private set; } = [];
    public List<(CommitmentUpdate Update, string Author)> Updates { get; private set; } = [];
    public string? ProposalTitle { get; private set; }
    public string? ConsultationTitle { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        var c = await db.Set<Commitment>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return NotFound();
        }

        Commitment = c;
        Department = (await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == c.OrganisationId, ct)).Name.Get(Culture);
        Milestones = await db.Set<CommitmentMilestone>().AsNoTracking().Where(m => m.CommitmentId == id).OrderBy(m => m.DueOn).ToListAsync(ct);
        Updates = (await (from u in db.Set<CommitmentUpdate>().AsNoTracking()
                          join a in db.Users on u.AuthorId equals a.Id into authors
                          from a in authors.DefaultIfEmpty()
                          where u.CommitmentId == id
                          orderby u.At descending
                          select new { u, Name = a == null ? null : a.DisplayName }).ToListAsync(ct))
            .Select(x => (x.u, x.Name ?? Department)).ToList();
        ProposalTitle = c.ProposalId is { } pid ? await db.Set<Proposal>().Where(p => p.Id == pid).Select(p => p.PublicTitle).SingleOrDefaultAsync(ct) : null;
        ConsultationTitle = c.ConsultationId is { } cid ? await db.Set<Consultation>().Where(x => x.Id == cid).Select(x => x.Title).SingleOrDefaultAsync(ct) : null;
        return Page();
    }
}
