using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Participation.Debates;
using Madang.Participation.Domain;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Admin.Participation;

/// <summary>One proposal for staff: the full text, what it owes; assign, answer, moderate, close its debate.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "core.staff")]
public sealed class ParticipationProposalModel(MadangDbContext db, ProposalService proposals, DebateService debates,
    IAuthorizationService authorization, TimeProvider clock) : MadangPage
{
    public Proposal Proposal { get; private set; } = null!;
    public List<Obligation> Obligations { get; private set; } = [];
    public List<Answer> Answers { get; private set; } = [];
    public List<Debate> Debates { get; private set; } = [];
    public IReadOnlyList<(string Code, string Label)> OrganisationChoices { get; private set; } = [];
    public Dictionary<Guid, Organisation> Organisations { get; private set; } = [];
    public List<Guid> AnswerableBy { get; private set; } = [];
    public bool CanManage { get; private set; }
    public bool CanModerate { get; private set; }
    public DateTimeOffset Now { get; private set; }

    [BindProperty] public string? Department { get; set; }
    [BindProperty] public Guid AnswerOrganisation { get; set; }
    [BindProperty] public AnswerStatus AnswerStatus { get; set; }
    [BindProperty] public string? AnswerText { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Summary { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAssignAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

        var org = Organisations.Values.FirstOrDefault(o => o.Code == Department);
        return await DoAsync(id, async () =>
        {
            await proposals.AssignAsync(id, org?.Id ?? Guid.Empty, CurrentActor, ct);
            Flash = L["participation.desk.assigned"];
        });
    }

    public async Task<IActionResult> OnPostAnswerAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!AnswerableBy.Contains(AnswerOrganisation))
        {
            return Forbid();
        }

        return await DoAsync(id, async () =>
        {
            await proposals.AnswerAsync(id, AnswerOrganisation, AnswerStatus, AnswerText ?? string.Empty, CurrentActor, ct);
            Flash = L["participation.desk.answered"];
        });
    }

    public async Task<IActionResult> OnPostModerateAsync(long id, bool publish, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanModerate)
        {
            return Forbid();
        }

        return await DoAsync(id, async () =>
        {
            await proposals.ModerateAsync(id, publish, Note, CurrentActor, ct);
            Flash = L[publish ? "participation.desk.published" : "participation.desk.rejected"];
        });
    }

    public async Task<IActionResult> OnPostCloseDebateAsync(long id, long debateId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanManage || Debates.All(d => d.Id != debateId))
        {
            return Forbid();
        }

        return await DoAsync(id, async () =>
        {
            await debates.CloseAsync(debateId, Summary ?? string.Empty, CurrentActor, ct);
            Flash = L["participation.desk.debateclosed"];
        });
    }

    private async Task<IActionResult> DoAsync(long id, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (ParticipationException e)
        {
            Flash = L[e.Key, e.Arguments.ToArray()];
        }

        return Redirect(Href("admin/participation/proposals/" + id));
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var p = await db.Set<Proposal>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            return false;
        }

        Now = clock.GetUtcNow();
        Proposal = p;
        Obligations = await db.Set<Obligation>().AsNoTracking().Where(o => o.ProposalId == id).OrderBy(o => o.Step).ToListAsync(ct);
        Answers = await db.Set<Answer>().AsNoTracking().Where(a => a.ProposalId == id).OrderBy(a => a.At).ToListAsync(ct);
        Debates = await db.Set<Debate>().AsNoTracking().Where(d => d.ProposalId == id).ToListAsync(ct);
        var all = await db.Organisations.AsNoTracking().Where(o => o.IsActive).ToListAsync(ct);
        Organisations = all.ToDictionary(o => o.Id);
        OrganisationChoices = OrganisationTree.Choices(all, Culture);
        CanManage = (await authorization.AuthorizeAsync(User, ParticipationModule.Manage.Policy)).Succeeded;
        CanModerate = (await authorization.AuthorizeAsync(User, ParticipationModule.Moderate.Policy)).Succeeded;
        var owing = Obligations.Where(o => o.AnsweredAt == null).Select(o => o.OrganisationId).OfType<Guid>()
            .Concat(p.DepartmentId is { } d ? [d] : []).Distinct();
        foreach (var org in owing)
        {
            if ((await authorization.AuthorizeAsync(User, new OrganisationScope(org), ParticipationModule.Answer.Policy)).Succeeded)
            {
                AnswerableBy.Add(org);
            }
        }

        return true;
    }

    public string OrganisationName(Guid? id) => id is { } g && Organisations.TryGetValue(g, out var o) ? o.Name.Get(Culture) : L["participation.unassigned"];
}
