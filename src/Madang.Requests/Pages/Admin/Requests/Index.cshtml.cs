using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Requests.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Madang.Requests.Pages.Admin.Requests;

/// <summary>The staff's request desk: their departments' open requests, overdue first, then by due date; for
/// administrators also the requests no department has yet.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "core.staff")]
public sealed class DeskModel(MadangDbContext db, TimeProvider clock) : MadangPage
{
    public List<Request> Open { get; private set; } = [];
    public List<Request> Unrouted { get; private set; } = [];
    public Dictionary<Guid, string> Names { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        var admin = User.IsInRole(Roles.Administrator);
        var mine = admin ? null : (await OrganisationTree.ActingScopeAsync(db, Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!), ct)).ToList();
        var open = db.Set<Request>().AsNoTracking().Where(r => r.State != RequestState.Answered && r.State != RequestState.Closed);
        Open = await open.Where(r => r.OrganisationId != null && (mine == null || mine.Contains(r.OrganisationId.Value)))
            .OrderBy(r => r.DueAt).Take(500).ToListAsync(ct);
        if (admin)
        {
            Unrouted = await open.Where(r => r.OrganisationId == null).OrderBy(r => r.DueAt).ToListAsync(ct);
        }

        Names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name.Get(Culture), ct);
    }
}
