using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Settings;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Admin;

/// <summary>Site name in the five languages, default language and time zone.</summary>
[Authorize(Policy = Policies.ManageSettings)]
public sealed class SettingsModel(MadangDbContext db, AuditLog audit, SiteSettingsProvider provider, TimeProvider clock) : MadangPage
{
    [BindProperty] public Dictionary<string, string?> Names { get; set; } = [];
    [BindProperty] public string DefaultLanguage { get; set; } = SiteCultures.Default;
    [BindProperty] public string TimeZone { get; set; } = "Asia/Seoul";

    public async Task OnGetAsync()
    {
        var s = await db.SiteSettings.AsNoTracking().SingleOrDefaultAsync() ?? SiteSettings.Defaults();
        Names = SiteCultures.All.ToDictionary(c => c, c => s.SiteName[c]);
        DefaultLanguage = s.DefaultLanguage;
        TimeZone = s.TimeZone;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone ?? string.Empty, out _))
        {
            AddError(nameof(TimeZone), "settings.error.timezone");
        }

        if (SiteCultures.All.All(c => string.IsNullOrWhiteSpace(Names.GetValueOrDefault(c))))
        {
            AddError("SiteName", "settings.error.name");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var s = await db.SiteSettings.SingleOrDefaultAsync();
        if (s is null)
        {
            s = SiteSettings.Defaults();
            db.SiteSettings.Add(s);
        }

        foreach (var c in SiteCultures.All)
        {
            s.SiteName[c] = string.IsNullOrWhiteSpace(Names.GetValueOrDefault(c)) ? null : Names[c]!.Trim();
        }

        s.DefaultLanguage = SiteCultures.IsSupported(DefaultLanguage) ? DefaultLanguage : s.DefaultLanguage;
        s.TimeZone = TimeZone!;
        s.UpdatedAt = clock.GetUtcNow();
        audit.Record(CurrentActor, "core.settings.updated", "settings", "site", new { s.DefaultLanguage, s.TimeZone });
        await db.SaveChangesAsync();
        provider.Invalidate();
        Flash = L["action.saved"];
        return Redirect(Href("admin/settings"));
    }
}
