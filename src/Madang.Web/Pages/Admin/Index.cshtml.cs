using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Admin;

/// <summary>The staff landing page: counts and the latest audit entries.</summary>
public sealed class AdminIndexModel(MadangDbContext db) : MadangPage
{
    public int Organisations { get; private set; }
    public int People { get; private set; }
    public int PendingJobs { get; private set; }
    public int FailedJobs { get; private set; }
    public IReadOnlyList<AuditEntry> Recent { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Organisations = await db.Organisations.CountAsync();
        People = await db.Users.CountAsync();
        PendingJobs = await db.Jobs.CountAsync(j => j.State == JobState.Pending || j.State == JobState.Running);
        FailedJobs = await db.Jobs.CountAsync(j => j.State == JobState.Failed);
        Recent = User.IsInRole(Core.Permissions.Roles.Administrator)
            ? await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(10).ToListAsync()
            : [];
    }
}
