using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Admin;

/// <summary>The audit log, newest first, filtered by action prefix and target; keyset paging by id.</summary>
[Authorize(Policy = Policies.ReadAudit)]
public sealed class AuditModel(MadangDbContext db) : MadangPage
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Action))
        {
            q = q.Where(a => a.Action.StartsWith(Action.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(Target))
        {
            q = q.Where(a => a.TargetId == Target.Trim());
        }

        if (Before is { } b)
        {
            q = q.Where(a => a.Id < b);
        }

        Entries = await q.OrderByDescending(a => a.Id).Take(PageSize).ToListAsync();
    }
}
