using System.Security.Claims;
using System.Text;
using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Participation.Domain;
using Madang.Participation.Panels;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Participation.Pages.Panels;

/// <summary>A panel: how it is drawn, its seed, its volunteers (numbers and strata only) and the members drawn.</summary>
public sealed class PanelShowModel(MadangDbContext db, PanelService panels) : MadangPage
{
    public Panel Panel { get; private set; } = null!;
    public ProcessFile Rules { get; private set; } = null!;
    public List<VolunteerRow> Volunteers { get; private set; } = [];
    public IReadOnlyList<int> Drawn { get; private set; } = [];
    public int? MyNumber { get; private set; }

    [BindProperty] public string? District { get; set; }
    [BindProperty] public string? AgeBand { get; set; }
    [BindProperty] public string? Gender { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>The published volunteer list: what <c>participation panel verify</c> reads.</summary>
    public async Task<IActionResult> OnGetVolunteersAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var csv = new StringBuilder("number,district,age_band,gender\n");
        foreach (var v in Volunteers)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{v.Number},{v.District},{v.AgeBand},{v.Gender}\n");
        }

        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"panel-{id}-volunteers.csv");
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var me))
        {
            return Challenge();
        }

        try
        {
            var v = await panels.VolunteerAsync(id, me, District ?? string.Empty, AgeBand ?? string.Empty, Gender ?? string.Empty, ct);
            Flash = L["participation.panel.volunteered", v.Number];
        }
        catch (ParticipationException e)
        {
            Flash = L[e.Key, e.Arguments.ToArray()];
        }

        return Redirect(Href("panels/" + id));
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var panel = await db.Set<Panel>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (panel is null)
        {
            return false;
        }

        Panel = panel;
        Rules = ProcessStore.Definition(await db.Set<Process>().AsNoTracking().SingleAsync(p => p.Id == panel.ProcessId, ct));
        Volunteers = await panels.VolunteersAsync(id, ct);
        Drawn = panel.DrawnAt is null ? [] : await db.Set<PanelVolunteer>().Where(v => v.PanelId == id && v.Selected).OrderBy(v => v.Number).Select(v => v.Number).ToListAsync(ct);
        if (Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var me))
        {
            MyNumber = await db.Set<PanelVolunteer>().Where(v => v.PanelId == id && v.UserId == me).Select(v => (int?)v.Number).SingleOrDefaultAsync(ct);
        }

        return true;
    }

}
