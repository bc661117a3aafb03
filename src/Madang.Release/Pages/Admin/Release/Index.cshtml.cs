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
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)] public DocumentState? State { get; set; }

    /// <summary>An organisation code: its documents and those of the departments under it.</summary>
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }

    /// <summary>A source id or document number, as the sending system knows the document.</summary>
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    /// <summary>One document as the pipeline lists it (never its text).</summary>
    public sealed record Row(Guid Id, string? MaskedTitle, string SourceId, DateTimeOffset ReceivedAt, Guid OrganisationId, DocumentState State,
        string? StateReason, int Findings);

    public string? Next { get; private set; }
    public IReadOnlyList<(string Code, string Label)> Departments { get; private set; } = [];

    public ReleaseControl Control { get; private set; } = new();
    public IReadOnlyDictionary<DocumentState, int> Counts { get; private set; } = new Dictionary<DocumentState, int>();
    public IReadOnlyList<Row> Documents { get; private set; } = [];
    public bool CanHold { get; private set; }
    public bool CanReview { get; private set; }
    private Dictionary<Guid, string> codes = [];

    public string OrgCode(Guid id) => codes.GetValueOrDefault(id, "?");

    public async Task OnGetAsync()
    {
        Control = await db.Set<ReleaseControl>().AsNoTracking().SingleOrDefaultAsync() ?? new ReleaseControl();
        Counts = (await db.Set<ReleaseDocument>().GroupBy(d => d.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync()).ToDictionary(x => x.Key, x => x.Count);
        var q = db.Set<ReleaseDocument>().AsNoTracking().AsQueryable();
        if (State is { } s)
        {
            q = q.Where(d => d.State == s);
        }

        var orgs = await db.Organisations.AsNoTracking().ToListAsync();
        codes = orgs.ToDictionary(o => o.Id, o => o.Code);
        Departments = Core.Organisations.OrganisationTree.Choices(orgs, Culture);
        if (!string.IsNullOrWhiteSpace(Department))
        {
            var org = orgs.FirstOrDefault(o => string.Equals(o.Code, Department.Trim(), StringComparison.OrdinalIgnoreCase));
            var tree = org is null ? [] : await Core.Organisations.OrganisationTree.DescendantsAndSelfAsync(db, org.Id);
            q = q.Where(d => tree.Contains(d.OrganisationId));
        }

        if (!string.IsNullOrWhiteSpace(Q))
        {
            var term = Q.Trim();
            q = q.Where(d => d.SourceId == term || d.DocumentNumber == term);
        }

        if (Api.Keyset.TryParse(After, out var key))
        {
            q = q.Where(d => d.ReceivedAt < key.At || (d.ReceivedAt == key.At && d.Id.CompareTo(key.Id) < 0));
        }

        var rows = await q.OrderByDescending(d => d.ReceivedAt).ThenByDescending(d => d.Id).Take(PageSize + 1)
            .Select(d => new Row(d.Id, d.MaskedTitle, d.SourceId, d.ReceivedAt, d.OrganisationId, d.State, d.StateReason, d.Findings.Count)).ToListAsync();
        Documents = rows.Take(PageSize).ToList();
        Next = rows.Count > PageSize ? Api.Keyset.Format(rows[PageSize - 1].ReceivedAt, rows[PageSize - 1].Id) : null;
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
