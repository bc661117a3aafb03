using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Madang.Participation.Panels;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Admin.Participation;

/// <summary>The staff's participation desk: answers owed (overdue first), assignments, moderation, panels, processes.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "core.staff")]
public sealed class ParticipationDeskModel(MadangDbContext db, IAuthorizationService authorization, PanelService panels, ProcessStore processes,
    Following.CommentService comments, TimeProvider clock) : MadangPage
{
    /// <summary>A comment hidden by readers' reports, waiting for a moderator: its screened text, where it is, and why.</summary>
    public sealed record HiddenComment(Comment Comment, IReadOnlyList<string> Reasons);

    /// <summary>An answer owed, as the desk lists it.</summary>
    public sealed record OwedRow(Obligation Obligation, string Title, string Organisation);

    public List<OwedRow> Owed { get; private set; } = [];
    public List<OwedRow> Unassigned { get; private set; } = [];
    public List<Proposal> Moderation { get; private set; } = [];
    public List<HiddenComment> HiddenComments { get; private set; } = [];
    public List<Panel> Panels { get; private set; } = [];
    public List<Process> Processes { get; private set; } = [];
    public List<Commitment> Commitments { get; private set; } = [];
    public bool CanManage { get; private set; }
    public bool CanModerate { get; private set; }
    public DateTimeOffset Now { get; private set; }

    [BindProperty] public string? PanelTitle { get; set; }
    [BindProperty] public int PanelSize { get; set; } = 20;
    [BindProperty] public string? PanelProcess { get; set; }
    [BindProperty] public string? Seed { get; set; }
    [BindProperty] public long ProposalId { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        CanManage = await AllowedAsync(ParticipationModule.Manage);
        CanModerate = await AllowedAsync(ParticipationModule.Moderate);
        var names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name.Get(Culture), ct);
        var open = await (from o in db.Set<Obligation>().AsNoTracking()
                          join p in db.Set<Proposal>() on o.ProposalId equals p.Id
                          where o.AnsweredAt == null
                          orderby o.DueAt
                          select new { o, p.PublicTitle }).ToListAsync(ct);
        var mine = User.IsInRole(Roles.Administrator) ? null : await MyOrganisationsAsync(ct);
        Commitments = (await db.Set<Commitment>().AsNoTracking().Where(c => c.Status != CommitmentStatus.Done && c.Status != CommitmentStatus.Dropped)
            .OrderBy(c => c.DueOn).ToListAsync(ct)).Where(c => mine is null || mine.Contains(c.OrganisationId)).ToList();
        Owed = open.Where(x => x.o.OrganisationId is { } org && (mine is null || mine.Contains(org)))
            .Select(x => new OwedRow(x.o, x.PublicTitle, names.GetValueOrDefault(x.o.OrganisationId!.Value, "?"))).ToList();
        if (CanManage)
        {
            Unassigned = open.Where(x => x.o.OrganisationId is null).Select(x => new OwedRow(x.o, x.PublicTitle, string.Empty)).ToList();
            Panels = await db.Set<Panel>().AsNoTracking().OrderByDescending(p => p.CreatedAt).ToListAsync(ct);
            Processes = await processes.ListAsync(ct);
        }

        if (CanModerate)
        {
            Moderation = await db.Set<Proposal>().AsNoTracking()
                .Where(p => p.Status == ProposalStatus.Pending || p.Status == ProposalStatus.Hidden).OrderBy(p => p.CreatedAt).ToListAsync(ct);
            var reports = await db.Set<Report>().AsNoTracking().Where(r => r.TargetType == "comment" && r.ResolvedAt == null)
                .Select(r => new { r.TargetId, r.Reason }).ToListAsync(ct);
            var reported = reports.Select(r => r.TargetId).Distinct().ToList();
            HiddenComments = (await db.Set<Comment>().AsNoTracking().Where(c => c.Hidden && reported.Contains(c.Id)).OrderBy(c => c.At).Take(200).ToListAsync(ct))
                .Select(c => new HiddenComment(c, reports.Where(r => r.TargetId == c.Id).Select(r => r.Reason).ToList())).ToList();
        }
    }

    /// <summary>A moderator restores a comment hidden by reports, or keeps it removed; either way its reports close.</summary>
    public async Task<IActionResult> OnPostCommentAsync(long id, bool show, CancellationToken ct)
    {
        if (!await AllowedAsync(ParticipationModule.Moderate))
        {
            return Forbid();
        }

        try
        {
            await comments.ModerateAsync(id, show, CurrentActor, ct);
            Flash = L[show ? "participation.desk.comment.restored" : "participation.desk.comment.removed"];
        }
        catch (ParticipationException e)
        {
            Flash = L[e.Key, e.Arguments.ToArray()];
        }

        return Redirect(Href("admin/participation") + "#comments-heading");
    }

    public Task<IActionResult> OnPostPanelAsync(CancellationToken ct) => ManageAsync(async () =>
    {
        var panel = await panels.CreateAsync(PanelProcess ?? string.Empty, PanelTitle ?? string.Empty, PanelSize, CurrentActor, ct);
        Flash = L["participation.desk.panel.created"];
        return panel.Id;
    });

    public Task<IActionResult> OnPostSeedAsync(Guid id, CancellationToken ct) => ManageAsync(async () =>
    {
        await panels.PublishSeedAsync(id, Seed, CurrentActor, ct);
        Flash = L["participation.desk.panel.seeded"];
        return id;
    });

    public Task<IActionResult> OnPostDrawAsync(Guid id, CancellationToken ct) => ManageAsync(async () =>
    {
        var drawn = await panels.DrawAsync(id, CurrentActor, ct);
        Flash = L["participation.desk.panel.drawn", drawn.Count];
        return id;
    });

    public Task<IActionResult> OnPostPromoteAsync(Guid id, CancellationToken ct) => ManageAsync(async () =>
    {
        await panels.PromoteAsync(id, ProposalId, CurrentActor, ct);
        Flash = L["participation.desk.panel.promoted", ProposalId];
        return id;
    });

    private async Task<IActionResult> ManageAsync(Func<Task<Guid>> action)
    {
        if (!await AllowedAsync(ParticipationModule.Manage))
        {
            return Forbid();
        }

        try
        {
            await action();
        }
        catch (ParticipationException e)
        {
            Flash = L[e.Key, e.Arguments.ToArray()];
        }

        return Redirect(Href("admin/participation"));
    }

    private async Task<HashSet<Guid>> MyOrganisationsAsync(CancellationToken ct) =>
        [.. await OrganisationTree.ActingScopeAsync(db, Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!), ct)];

    private async Task<bool> AllowedAsync(Permission p) => (await authorization.AuthorizeAsync(User, p.Policy)).Succeeded;
}
