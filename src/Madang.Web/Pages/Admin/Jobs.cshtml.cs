using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Admin;

/// <summary>The job queue by state, failed jobs with their last error and a retry button, and a probe.</summary>
[Authorize(Policy = Policies.ManageJobs)]
public sealed class JobsModel(MadangDbContext db, JobQueue queue, Madang.Core.Audit.AuditLog audit, TimeProvider clock) : MadangPage
{
    [BindProperty(SupportsGet = true)] public JobState State { get; set; } = JobState.Failed;

    public IReadOnlyDictionary<JobState, int> Counts { get; private set; } = new Dictionary<JobState, int>();
    public IReadOnlyList<Job> Jobs { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Counts = (await db.Jobs.GroupBy(j => j.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync()).ToDictionary(x => x.Key, x => x.Count);
        Jobs = await db.Jobs.AsNoTracking().Where(j => j.State == State).OrderByDescending(j => j.Id).Take(100).ToListAsync();
    }

    public async Task<IActionResult> OnPostRetryAsync(long id)
    {
        var job = await db.Jobs.SingleOrDefaultAsync(j => j.Id == id && j.State == JobState.Failed);
        if (job is not null)
        {
            job.State = JobState.Pending;
            job.Attempts = 0;
            job.RunAfter = clock.GetUtcNow();
            job.CompletedAt = null;
            audit.Record(CurrentActor, "core.job.retried", "job", id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { job.Type });
            await db.SaveChangesAsync();
            Flash = L["jobs.retried", id];
        }

        return Redirect(Href("admin/jobs?state=Failed"));
    }

    public async Task<IActionResult> OnPostProbeAsync()
    {
        var job = queue.Enqueue(KernelJobs.Probe, new ProbeJob.Payload(500, Guid.NewGuid().ToString("N")));
        await db.SaveChangesAsync();
        Flash = L["jobs.probe.queued", job.Id];
        return Redirect(Href("admin/jobs?state=Succeeded"));
    }
}
