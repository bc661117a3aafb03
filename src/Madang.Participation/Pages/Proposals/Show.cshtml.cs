using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Proposals;

/// <summary>One proposal: its screened text, its ladder, what it obliged and the answers; support, withdraw, report.</summary>
public sealed class ProposalShowModel(MadangDbContext db, ProposalService proposals, IAuthorizationService authorization, TimeProvider clock) : MadangPage
{
    public Proposal Proposal { get; private set; } = null!;
    public Process Process { get; private set; } = null!;
    public ProcessFile Rules { get; private set; } = null!;
    public string AuthorName { get; private set; } = string.Empty;
    public int Supports { get; private set; }
    public bool Supporting { get; private set; }
    public bool TakesSupports { get; private set; }
    public DateTimeOffset? WindowEnd { get; private set; }
    public VerificationLevel Level { get; private set; }
    public bool IsAuthor { get; private set; }
    public List<Milestone> Milestones { get; private set; } = [];
    public List<Obligation> Obligations { get; private set; } = [];
    public List<Answer> Answers { get; private set; } = [];
    public Dictionary<Guid, string> OrganisationNames { get; private set; } = [];
    public Debate? Debate { get; private set; }
    public string BodyHtml { get; private set; } = string.Empty;
    public DateTimeOffset Now { get; private set; }
    public List<(long Id, string Title, int Progress)> Commitments { get; private set; } = [];
    public List<ProposalImage> Images { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        return Page();
    }

    public Task<IActionResult> OnPostSupportAsync(long id, CancellationToken ct) =>
        ActAsync(id, async user => Flash = L[await proposals.SupportAsync(id, user, ct) ? "participation.supports.added" : "participation.supports.already"], ct);

    public Task<IActionResult> OnPostUnsupportAsync(long id, CancellationToken ct) =>
        ActAsync(id, async user => Flash = L[await proposals.UnsupportAsync(id, user, ct) ? "participation.supports.removed" : "participation.supports.none"], ct);

    public Task<IActionResult> OnPostWithdrawAsync(long id, CancellationToken ct) =>
        ActAsync(id, async user =>
        {
            await proposals.WithdrawAsync(id, user, ct);
            Flash = L["participation.withdrawn"];
        }, ct);

    public Task<IActionResult> OnPostReportAsync(long id, string? reason, CancellationToken ct) =>
        ActAsync(id, async user => Flash = L[await proposals.ReportAsync(id, user, reason ?? "other", ct) ? "participation.reported" : "participation.reported.already"], ct);

    private async Task<IActionResult> ActAsync(long id, Func<Guid, Task> action, CancellationToken ct)
    {
        if (User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } uid || !Guid.TryParse(uid, out var userId))
        {
            return Challenge();
        }

        try
        {
            await action(userId);
        }
        catch (ParticipationException e)
        {
            Flash = L[e.Key, e.Arguments.ToArray()];
        }

        return Redirect(Href("proposals/" + id));
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var p = await db.Set<Proposal>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            return false;
        }

        Guid? userId = Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var u) ? u : null;
        IsAuthor = userId == p.AuthorId;
        if (!ProposalSearch.IsPublic(p.Status) && !IsAuthor
            && !(await authorization.AuthorizeAsync(User, ParticipationModule.Moderate.Policy)).Succeeded)
        {
            return false;
        }

        Now = clock.GetUtcNow();
        Proposal = p;
        Process = await db.Set<Process>().AsNoTracking().SingleAsync(x => x.Id == p.ProcessId, ct);
        Rules = ProcessStore.Definition(Process);
        AuthorName = await db.Users.Where(x => x.Id == p.AuthorId).Select(x => x.DisplayName).SingleAsync(ct);
        Supports = await db.Set<Support>().CountAsync(s => s.ProposalId == id, ct);
        TakesSupports = LadderEngine.TakesSupports(p, Rules, Now);
        WindowEnd = LadderEngine.SupportsWindowEnd(p, Rules);
        if (userId is { } me)
        {
            Supporting = await db.Set<Support>().AnyAsync(s => s.ProposalId == id && s.UserId == me, ct);
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(x => x.Id == me, ct);
            Level = user is null ? VerificationLevel.None : VerificationService.LevelOf(user);
        }

        Milestones = await db.Set<Milestone>().AsNoTracking().Where(m => m.ProposalId == id).OrderBy(m => m.Step).ToListAsync(ct);
        Obligations = await db.Set<Obligation>().AsNoTracking().Where(o => o.ProposalId == id).OrderBy(o => o.Step).ToListAsync(ct);
        Answers = await db.Set<Answer>().AsNoTracking().Where(a => a.ProposalId == id).OrderBy(a => a.At).ToListAsync(ct);
        Debate = await db.Set<Debate>().AsNoTracking().Where(d => d.ProposalId == id).OrderByDescending(d => d.OpensAt).FirstOrDefaultAsync(ct);
        var orgIds = Obligations.Select(o => o.OrganisationId).OfType<Guid>().Concat(Answers.Select(a => a.OrganisationId))
            .Concat(p.DepartmentId is { } d ? [d] : []).Distinct().ToList();
        OrganisationNames = (await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToListAsync(ct))
            .ToDictionary(o => o.Id, o => o.Name.Get(Culture));
        BodyHtml = Markdown.ToSafeHtml(p.PublicBody);
        Images = await db.Set<ProposalImage>().AsNoTracking().Where(i => i.ProposalId == id).OrderBy(i => i.Position).ToListAsync(ct);
        Commitments = (await db.Set<Commitment>().AsNoTracking().Where(c => c.ProposalId == id).Select(c => new { c.Id, c.Title, c.Progress }).ToListAsync(ct))
            .Select(c => (c.Id, c.Title, c.Progress)).ToList();
        return true;
    }

    public string OrganisationName(Guid? id) => id is { } g && OrganisationNames.TryGetValue(g, out var n) ? n : L["participation.unassigned"];
}
