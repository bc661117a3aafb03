using System.Security.Claims;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Web;
using Madang.Participation.Consultations;
using Madang.Participation.Domain;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Consultations;

/// <summary>One consultation: background, the answer form while open, and results (live or once closed).</summary>
public sealed class ConsultationShowModel(MadangDbContext db, ConsultationService consultations, IAuthorizationService authorization, TimeProvider clock) : MadangPage
{
    public Consultation Consultation { get; private set; } = null!;
    public ProcessFile Rules { get; private set; } = null!;
    public string Department { get; private set; } = string.Empty;
    public bool IsOpen { get; private set; }
    public ConsultationResults? Results { get; private set; }
    public ConsultationResponse? Mine { get; private set; }
    public VerificationLevel Level { get; private set; }
    public long? DebateId { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, int[]? choice, bool share, string? district, string? ageBand, CancellationToken ct)
    {
        if (!Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var me))
        {
            return Challenge();
        }

        try
        {
            var first = await consultations.RespondAsync(id, me, choice ?? [], share, string.IsNullOrEmpty(district) ? null : district,
                string.IsNullOrEmpty(ageBand) ? null : ageBand, ct);
            Flash = L[first ? "participation.consultation.answered" : "participation.consultation.changed"];
        }
        catch (ParticipationException e)
        {
            Flash = L[e.Key, e.Arguments.ToArray()];
        }

        return Redirect(Href("consultations/" + id));
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var c = await db.Set<Consultation>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        var now = clock.GetUtcNow();
        if (c is null)
        {
            return false;
        }

        // The asking department's staff (and those above it) see results all along, and the consultation before it opens.
        var staff = (await authorization.AuthorizeAsync(User, new Madang.Core.Permissions.OrganisationScope(c.OrganisationId), ParticipationModule.Answer.Policy)).Succeeded;
        if (c.OpensAt > now && !staff)
        {
            return false;
        }

        Consultation = c;
        IsOpen = c.IsOpen(now);
        Rules = ProcessStore.Definition(await db.Set<Process>().AsNoTracking().SingleAsync(p => p.Id == c.ProcessId, ct));
        Department = await db.Organisations.Where(o => o.Id == c.OrganisationId).Select(o => o.Name).SingleAsync(ct) is { } name ? name.Get(Culture) : string.Empty;
        DebateId = await db.Set<Debate>().Where(d => d.ConsultationId == id).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);
        if (c.Kind == ConsultationKind.Vote && (c.ResultsLive || !IsOpen || staff))
        {
            Results = await consultations.ResultsAsync(c, ct);
        }

        if (Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var me))
        {
            Mine = await db.Set<ConsultationResponse>().AsNoTracking().SingleOrDefaultAsync(r => r.ConsultationId == id && r.UserId == me, ct);
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == me, ct);
            Level = user is null ? VerificationLevel.None : VerificationService.LevelOf(user);
        }

        return true;
    }

    public string OptionLabel(int i) => Consultation.Mode == ChoiceMode.ForAgainst ? L["participation.side." + Consultation.OptionList[i]] : Consultation.OptionList[i];

    public bool Chose(int i) => Mine?.Choices.Split(',').Contains(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) == true;
}
