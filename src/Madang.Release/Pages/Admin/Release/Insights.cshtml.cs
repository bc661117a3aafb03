using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Release.Pages.Documents;
using Madang.Release.Processing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Release.Pages.Admin.Release;

/// <summary>Release figures with the review backlog and its age, for department heads and administrators.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "release.insights")]
public sealed class InsightsModel(ReleaseInsights insights, MadangDbContext db, TimeProvider clock) : MadangPage
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dept { get; set; }

    public InsightsView View { get; private set; } = default!;

    public async Task OnGetAsync() =>
        View = await InsightsView.LoadAsync(insights, db, clock, Culture, Month, Dept, showBacklog: true, HttpContext.RequestAborted);
}
