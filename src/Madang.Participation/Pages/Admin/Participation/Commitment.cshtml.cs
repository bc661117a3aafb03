using System.Globalization;
using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Participation.Commitments;
using Madang.Participation.Domain;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Admin.Participation;

/// <summary>Staff start tracking a commitment (from an adopted proposal or a consultation), add milestones and post updates.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "core.staff")]
public sealed class CommitmentDeskModel(MadangDbContext db, CommitmentService commitments, IAuthorizationService authorization, SiteTime time, TimeProvider clock) : MadangPage
{
    public Commitment? Commitment { get; private set; }
    public List<CommitmentMilestone> Milestones { get; private set; } = [];
    public IReadOnlyList<(string Code, string Label)> Departments { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "proposal")] public long? ProposalId { get; set; }
    [BindProperty(SupportsGet = true, Name = "consultation")] public long? ConsultationId { get; set; }
    [BindProperty] public string? Department { get; set; }
    [BindProperty] public string Title { get; set; } = string.Empty;
    [BindProperty] public string Description { get; set; } = string.Empty;
    [BindProperty] public string? Budget { get; set; }
    [BindProperty] public string? StartsOn { get; set; }
    [BindProperty] public string? DueOn { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Evidence { get; set; }
    [BindProperty] public int Progress { get; set; }
    [BindProperty] public CommitmentStatus Status { get; set; }

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (Commitment is not null)
        {
            Progress = Commitment.Progress;
            Status = Commitment.Status;
        }

        if (Commitment is null && ProposalId is { } pid && await db.Set<Proposal>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == pid, ct) is { } p)
        {
            Title = p.PublicTitle;
            Department = await db.Organisations.Where(o => o.Id == p.DepartmentId).Select(o => o.Code).SingleOrDefaultAsync(ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        await LoadAsync(null, ct);
        var org = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Code == Department, ct);
        if (org is null || !await MayActAsync(org.Id))
        {
            return Forbid();
        }

        try
        {
            var c = await commitments.CreateAsync(new CommitmentDraft(Title ?? string.Empty, Description ?? string.Empty, org.Id, ProposalId, ConsultationId,
                decimal.TryParse(Budget, NumberStyles.Number, CultureInfo.InvariantCulture, out var b) ? b : null, Date(StartsOn), Date(DueOn)), CurrentActor, ct);
            Flash = L["participation.desk.commitment.created"];
            return Redirect(Href("admin/participation/commitments/" + c.Id));
        }
        catch (ParticipationException e)
        {
            Flash = L[e.Key, e.Arguments.ToArray()];
            return Page();
        }
    }

    public Task<IActionResult> OnPostMilestoneAsync(long id, CancellationToken ct) => ActAsync(id, () =>
        commitments.AddMilestoneAsync(id, Title, Date(DueOn) ?? throw new ParticipationException("participation.error.period"), CurrentActor, ct), ct);

    public Task<IActionResult> OnPostDoneAsync(long id, long milestone, CancellationToken ct) => ActAsync(id, () =>
        commitments.CompleteMilestoneAsync(milestone, Date(DueOn) ?? DateOnly.FromDateTime(time.Local(clock.GetUtcNow()).DateTime), CurrentActor, ct), ct);

    public Task<IActionResult> OnPostUpdateAsync(long id, CancellationToken ct) => ActAsync(id, () =>
        commitments.UpdateAsync(id, Text ?? string.Empty, Evidence, Progress, Status, CurrentActor, ct), ct);

    private async Task<IActionResult> ActAsync(long id, Func<Task> action, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct) || Commitment is null)
        {
            return NotFound();
        }

        if (!await MayActAsync(Commitment.OrganisationId))
        {
            return Forbid();
        }

        try
        {
            await action();
            Flash = L["participation.desk.commitment.saved"];
        }
        catch (ParticipationException e)
        {
            Flash = L[e.Key, e.Arguments.ToArray()];
        }

        return Redirect(Href("admin/participation/commitments/" + id));
    }

    private async Task<bool> MayActAsync(Guid org) =>
        (await authorization.AuthorizeAsync(User, new OrganisationScope(org), ParticipationModule.Answer.Policy)).Succeeded;

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private async Task<bool> LoadAsync(long? id, CancellationToken ct)
    {
        var all = await db.Organisations.AsNoTracking().Where(o => o.IsActive).ToListAsync(ct);
        var mine = User.IsInRole(Roles.Administrator) ? null
            : await OrganisationTree.ActingScopeAsync(db, Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!), ct);
        Departments = OrganisationTree.Choices(mine is null ? all : all.Where(o => mine.Contains(o.Id)).ToList(), Culture);
        if (id is null)
        {
            return true;
        }

        Commitment = await db.Set<Commitment>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (Commitment is null)
        {
            return false;
        }

        Milestones = await db.Set<CommitmentMilestone>().AsNoTracking().Where(m => m.CommitmentId == id).OrderBy(m => m.DueOn).ToListAsync(ct);
        return true;
    }
}
