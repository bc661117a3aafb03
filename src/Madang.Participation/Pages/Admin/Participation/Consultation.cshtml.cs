using System.Globalization;
using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Participation.Consultations;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Admin.Participation;

/// <summary>A department opens a consultation: the question, its background, the answer form and the period.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "core.staff")]
public sealed class NewConsultationModel(MadangDbContext db, ConsultationService consultations, ProcessStore processes, IAuthorizationService authorization, SiteTime time) : MadangPage
{
    [BindProperty] public string? Process { get; set; }
    [BindProperty] public string? Department { get; set; }
    [BindProperty] public string Title { get; set; } = string.Empty;
    [BindProperty] public string Background { get; set; } = string.Empty;
    [BindProperty] public ConsultationKind Kind { get; set; }
    [BindProperty] public ChoiceMode Mode { get; set; }
    [BindProperty] public string Options { get; set; } = string.Empty;
    [BindProperty] public string? Opens { get; set; }
    [BindProperty] public string? Closes { get; set; }
    [BindProperty] public bool ResultsLive { get; set; }

    public IReadOnlyList<Process> Processes { get; private set; } = [];
    public IReadOnlyList<(string Code, string Label)> Departments { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var org = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Code == Department, ct);
        if (org is null || !(await authorization.AuthorizeAsync(User, new OrganisationScope(org.Id), ParticipationModule.Answer.Policy)).Succeeded)
        {
            AddError(nameof(Department), "participation.error.department");
            return Unprocessable();
        }

        if (!DateOnly.TryParseExact(Opens, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var opens)
            || !DateOnly.TryParseExact(Closes, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var closes))
        {
            AddError(nameof(Opens), "participation.error.period");
            return Unprocessable();
        }

        try
        {
            var c = await consultations.CreateAsync(new ConsultationDraft(Process ?? string.Empty, org.Id, Title ?? string.Empty, Background ?? string.Empty, Kind, Mode,
                (Options ?? string.Empty).Split('\n'), time.StartOfDay(opens), time.StartOfDay(closes.AddDays(1)), ResultsLive, Culture), CurrentActor, ct);
            Flash = L["participation.desk.consultation.created"];
            return Redirect(Href("consultations/" + c.Id));
        }
        catch (ParticipationException e)
        {
            ModelState.AddModelError(string.Empty, L[e.Key, e.Arguments.ToArray()]);
            return Unprocessable();
        }
    }

    private PageResult Unprocessable()
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Processes = await processes.ListAsync(ct);
        var all = await db.Organisations.AsNoTracking().Where(o => o.IsActive).ToListAsync(ct);
        var mine = User.IsInRole(Roles.Administrator) ? null
            : await OrganisationTree.ActingScopeAsync(db, Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!), ct);
        Departments = OrganisationTree.Choices(mine is null ? all : all.Where(o => mine.Contains(o.Id)).ToList(), Culture);
    }
}
