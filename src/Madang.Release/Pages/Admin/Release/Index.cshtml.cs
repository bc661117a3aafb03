using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Release.Domain;
using Madang.Release.Processing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Admin.Release;

/// <summary>Where every document is and why; the global hold; review decisions and withdrawal.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "release.pipeline")]
public sealed class ReleasePipelineModel(MadangDbContext db, Publisher publisher, IAuthorizationService authorization) : MadangPage
{
    [BindProperty(SupportsGet = true)] public DocumentState? State { get; set; }

    public ReleaseControl Control { get; private set; } = new();
    public IReadOnlyDictionary<DocumentState, int> Counts { get; private set; } = new Dictionary<DocumentState, int>();
    public IReadOnlyList<ReleaseDocument> Documents { get; private set; } = [];
    public bool CanHold { get; private set; }
    public bool CanReview { get; private set; }
    private Dictionary<Guid, string> codes = [];

    public string OrgCode(Guid id) => codes.GetValueOrDefault(id, "?");

    public async Task OnGetAsync()
    {
        Control = await db.Set<ReleaseControl>().AsNoTracking().SingleOrDefaultAsync() ?? new ReleaseControl();
        Counts = (await db.Set<ReleaseDocument>().GroupBy(d => d.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync()).ToDictionary(x => x.Key, x => x.Count);
        var q = db.Set<ReleaseDocument>().AsNoTracking().Include(d => d.Findings).AsQueryable();
        if (State is { } s)
        {
            q = q.Where(d => d.State == s);
        }

        Documents = await q.OrderByDescending(d => d.ReceivedAt).Take(100).ToListAsync();
        codes = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Code);
        CanHold = await AllowedAsync(ReleaseModule.Hold);
        // Department scope is checked per document when deciding; here it only says whether to offer the buttons.
        CanReview = User.IsInRole(Core.Permissions.Roles.Reviewer) || User.IsInRole(Core.Permissions.Roles.Administrator);
    }

    public async Task<IActionResult> OnPostHoldAsync(bool hold, string? reason)
    {
        if (!await AllowedAsync(ReleaseModule.Hold))
        {
            return Forbid();
        }

        await publisher.SetHoldAsync(hold, string.IsNullOrWhiteSpace(reason) ? "—" : reason.Trim(), CurrentActor, HttpContext.RequestAborted);
        Flash = hold ? L["release.hold.on"] : L["release.hold.off"];
        return Redirect(Href("admin/release"));
    }

    public async Task<IActionResult> OnPostDecideAsync(Guid id, bool approve, int? ground)
    {
        var doc = await db.Set<ReleaseDocument>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id);
        if (doc is null)
        {
            return NotFound();
        }

        if (!(await authorization.AuthorizeAsync(User, new OrganisationScope(doc.OrganisationId), ReleaseModule.Review.Policy)).Succeeded)
        {
            return Forbid();
        }

        var outcome = await publisher.DecideAsync(id, approve, approve ? null : ground, CurrentActor, HttpContext.RequestAborted);
        Flash = outcome == ReviewOutcome.AwaitingSecondReviewer ? L["release.fourEyes.proposed"] : L["action.saved"];
        return Redirect(Href("admin/release?state=InReview"));
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, string? reason)
    {
        var doc = await db.Set<ReleaseDocument>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id);
        if (doc is null)
        {
            return NotFound();
        }

        // Withdrawal is the owning department's decision (or an administrator's).
        if (!(await authorization.AuthorizeAsync(User, new OrganisationScope(doc.OrganisationId), ReleaseModule.Withdraw.Policy)).Succeeded)
        {
            return Forbid();
        }

        await publisher.WithdrawAsync(id, string.IsNullOrWhiteSpace(reason) ? "—" : reason.Trim(), CurrentActor, HttpContext.RequestAborted);
        Flash = L["release.withdrawn.done"];
        return Redirect(Href("admin/release"));
    }

    private async Task<bool> AllowedAsync(Permission p) => (await authorization.AuthorizeAsync(User, p.Policy)).Succeeded;
}
